import type { ConsentContracts } from '@iys/contracts';

/** Recipients' own decisions on consent keys they hold, from the recipient context's channels. */
export class RecordRecipientDecisionsCommand {
  constructor(readonly decisions: readonly ConsentContracts.RecipientDecision[]) {}
}
