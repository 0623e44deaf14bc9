/** The body of İYS's `POST /oauth2/token` (iys-api.md §2.1–2.2), as received. */
export class IssueTokenCommand {
  constructor(readonly body: Record<string, unknown>) {}
}
