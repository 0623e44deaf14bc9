import type { Principal } from '@iys/platform/building-blocks';

export class RequestDefenseCommand {
  constructor(
    readonly principal: Principal,
    readonly complaintId: string,
    /** Calendar days the provider has to answer (default 15). */
    readonly deadlineDays: number,
  ) {}
}
