import { Command } from '@nestjs/cqrs';

/** The administrator ends an exemption: from `endedAt` (default now) the sender needs consent again. */
export class EndSenderExemptionCommand extends Command<{ exemptionId: string; validTo: string }> {
  constructor(
    readonly exemptionId: string,
    readonly endedBy: string,
    readonly endedAt?: string,
  ) {
    super();
  }
}
