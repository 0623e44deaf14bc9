import { Command } from '@nestjs/cqrs';
import type { Approval } from './approve-application.handler.js';

export class ApproveApplicationCommand extends Command<Approval> {
  constructor(
    readonly applicationId: string,
    readonly approvedBy: string,
    /** ISO instant; defaults to the approval time. */
    readonly activationDate?: string,
  ) {
    super();
  }
}
