import type { Principal } from '@iys/platform/building-blocks';

/** Assigns an open complaint to an inspector (an authority user), or closes a decided one. */
export class AssignInspectorCommand {
  constructor(
    readonly principal: Principal,
    readonly complaintId: string,
    readonly inspectorId: string,
  ) {}
}
