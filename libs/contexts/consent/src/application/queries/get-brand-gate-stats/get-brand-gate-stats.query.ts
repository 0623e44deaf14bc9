import { Query } from '@nestjs/cqrs';
import type { GateCounter } from '../../gate/gate-records.js';

/** How many of a brand's messages the gateways allowed and blocked on a day (YYYY-MM-DD), and why. */
export class GetBrandGateStatsQuery extends Query<{ day: string; counters: GateCounter[] }> {
  constructor(
    readonly iysCode: number,
    readonly brandCode: number,
    readonly day: string,
  ) {
    super();
  }
}
