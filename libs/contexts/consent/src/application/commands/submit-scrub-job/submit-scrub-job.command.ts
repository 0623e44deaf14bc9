import { Command } from '@nestjs/cqrs';
import type { ConsentType } from '../../../domain/consent.events.js';
import type { DeliveryCategory } from '../../../domain/delivery-gate.js';
import type { ScrubSender } from '../../../domain/scrub-job.decider.js';

/** An operator uploads a campaign list to scrub against the registry for one sender and type. */
export class SubmitScrubJobCommand extends Command<{ jobId: string; total: number }> {
  constructor(
    readonly operatorCode: number,
    readonly sender: ScrubSender,
    readonly consentType: ConsentType,
    readonly category: DeliveryCategory,
    readonly recipients: string[],
  ) {
    super();
  }
}
