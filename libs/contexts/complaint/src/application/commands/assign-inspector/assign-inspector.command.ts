import { Command } from '@nestjs/cqrs';
import type { Principal } from '@iys/platform/building-blocks';

/** Assigns an open complaint to an inspector (an authority user whose scope reaches the complaint's province). */
export class AssignInspectorCommand extends Command<{ complaintId: string; inspectorId: string }> {
  constructor(
    readonly principal: Principal,
    readonly complaintId: string,
    readonly inspectorId: string,
  ) {
    super();
  }
}
