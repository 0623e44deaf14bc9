import { Command } from '@nestjs/cqrs';
import type { RetailerDetails } from '../../../domain/retailer-roster.decider.js';

/** İYS R1: a provider adds a retailer (bayi) to one of its brands. `details.mobile` as sent. */
export class RegisterRetailerCommand extends Command<{ retailerCode: number }> {
  constructor(
    readonly iysCode: number,
    readonly brandCode: number,
    readonly details: RetailerDetails,
    readonly actor: { kind: 'service-provider' | 'integrator'; id: string },
  ) {
    super();
  }
}
