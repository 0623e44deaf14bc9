import { Command } from '@nestjs/cqrs';
import type { Principal } from '@iys/platform/building-blocks';

/** An administrator sets which complaints an authority user handles: the ministry (null) or one province. */
export class AssignAuthorityScopeCommand extends Command<{ userId: string; scope: string; province: number | null }> {
  constructor(
    readonly admin: Principal,
    readonly userId: string,
    readonly province: number | null,
  ) {
    super();
  }
}
