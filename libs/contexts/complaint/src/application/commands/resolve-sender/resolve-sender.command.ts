import type { Principal } from '@iys/platform/building-blocks';

/** The authority ties a complaint whose sender did not resolve to a provider's brand. */
export class ResolveSenderCommand {
  constructor(
    readonly principal: Principal,
    readonly complaintId: string,
    readonly brandCode: number,
  ) {}
}
