import { Command } from '@nestjs/cqrs';
import type { Principal } from '@iys/platform/building-blocks';

/** The provider's answer to a defense request; its attachments were added before it. */
export class SubmitDefenseCommand extends Command<{ complaintId: string; status: string }> {
  constructor(
    readonly principal: Principal,
    readonly iysCode: number,
    readonly complaintId: string,
    readonly text: string,
  ) {
    super();
  }
}
