import { Command } from '@nestjs/cqrs';
import type { SenderExemptionCommand } from '../../../domain/sender-exemption.decider.js';

/** The administrator registers a sender that needs no consent (docs/adr/0033). */
export class GrantSenderExemptionCommand extends Command<string> {
  constructor(readonly exemption: Omit<Extract<SenderExemptionCommand, { type: 'GrantSenderExemption' }>, 'type' | 'exemptionId'>) {
    super();
  }
}
