import { Command } from '@nestjs/cqrs';
import type { Principal } from '@iys/platform/building-blocks';

/** A provider's own user (or the registry administrator) requires, or stops requiring, a second factor of all its users. */
export class SetProviderTotpRequirementCommand extends Command<void> {
  constructor(
    readonly iysCode: number,
    readonly required: boolean,
    readonly principal: Principal,
  ) {
    super();
  }
}
