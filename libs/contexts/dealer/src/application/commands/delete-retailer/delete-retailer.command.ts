import { Command } from '@nestjs/cqrs';

/** İYS R4: delete a retailer that no consent ever named. */
export class DeleteRetailerCommand extends Command<void> {
  constructor(
    readonly iysCode: number,
    readonly brandCode: number,
    readonly retailerCode: number,
    readonly actor: { kind: 'service-provider' | 'integrator'; id: string },
  ) {
    super();
  }
}
