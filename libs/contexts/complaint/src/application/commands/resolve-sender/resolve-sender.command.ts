import { Command } from '@nestjs/cqrs';
import type { Principal } from '@iys/platform/building-blocks';

/** The authority ties a complaint whose sender did not resolve to a provider's brand. */
export class ResolveSenderCommand extends Command<{ complaintId: string; iysCode: number; brandCode: number; assessment: string }> {
  constructor(
    readonly principal: Principal,
    readonly complaintId: string,
    readonly brandCode: number,
  ) {
    super();
  }
}
