import { Command } from '@nestjs/cqrs';
import type { Principal } from '@iys/platform/building-blocks';

export class RequestDefenseCommand extends Command<{ complaintId: string; status: string; deadline: string }> {
  constructor(
    readonly principal: Principal,
    readonly complaintId: string,
    /** Calendar days the provider has to answer (default 15). */
    readonly deadlineDays: number,
  ) {
    super();
  }
}
