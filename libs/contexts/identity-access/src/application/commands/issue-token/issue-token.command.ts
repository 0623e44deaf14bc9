import { Command } from '@nestjs/cqrs';
import type { TokenResponse } from './issue-token.handler.js';

/** The body of İYS's `POST /oauth2/token` (iys-api.md §2.1–2.2), as received, and the client's address. */
export class IssueTokenCommand extends Command<TokenResponse> {
  constructor(
    readonly body: Record<string, unknown>,
    /** The client as the perimeter sees it (IYS_TRUST_PROXY decides whether X-Forwarded-For counts). */
    readonly clientAddress: string,
  ) {
    super();
  }
}
