import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DeliveryChecker, type CheckedDelivery, type DeliveryCheck } from '../../gate/delivery-checker.js';
import { batchOf, type CheckBatch } from '../../gate/gate-input.js';
import { GateRecords } from '../../gate/gate-records.js';
import { CheckDeliveriesQuery } from './check-deliveries.query.js';

/** The gate: one statement to decide the whole call; its counters and DENYs buffered for the next flush. */
@QueryHandler(CheckDeliveriesQuery)
export class CheckDeliveriesHandler implements IQueryHandler<CheckDeliveriesQuery, CheckedDelivery[]> {
  constructor(
    @Inject(DeliveryChecker) private readonly checker: DeliveryChecker,
    @Inject(GateRecords) private readonly records: GateRecords,
  ) {}

  async execute({ operatorCode, checks }: CheckDeliveriesQuery): Promise<CheckedDelivery[]> {
    const batch = Array.isArray(checks) ? batchOf(checks as readonly DeliveryCheck[]) : (checks as CheckBatch);
    const results = await this.checker.check(batch);
    this.records.record(operatorCode, batch.types, results);
    return results;
  }
}
