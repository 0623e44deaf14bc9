import { Command } from '@nestjs/cqrs';
import type { ConsentContracts } from '@iys/contracts';

/** Recipients' own decisions on consent keys they hold, from the recipient context's channels. */
export class RecordRecipientDecisionsCommand extends Command<ConsentContracts.RecipientDecisionOutcome[]> {
  constructor(readonly decisions: readonly ConsentContracts.RecipientDecision[]) {
    super();
  }
}
