import type { Principal } from '@iys/platform/building-blocks';

/** The provider's answer to a defense request; its attachments were added before it. */
export class SubmitDefenseCommand {
  constructor(
    readonly principal: Principal,
    readonly iysCode: number,
    readonly complaintId: string,
    readonly text: string,
  ) {}
}
