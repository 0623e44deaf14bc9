import { Command } from '@nestjs/cqrs';
import type { InboundSmsResult } from './handle-inbound-sms.handler.js';

/** A text the registry's short number received, as the SMS gateway reports it (signature already checked). */
export class HandleInboundSmsCommand extends Command<InboundSmsResult> {
  constructor(
    /** The gateway's id of the message: a message is acted on once. */
    readonly messageId: string,
    /** The sender's number. */
    readonly from: string,
    readonly text: string,
  ) {
    super();
  }
}
