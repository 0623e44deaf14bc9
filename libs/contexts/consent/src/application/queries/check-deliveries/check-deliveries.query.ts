import { Query } from '@nestjs/cqrs';
import type { CheckedDelivery, DeliveryCheck } from '../../gate/delivery-checker.js';
import type { CheckBatch } from '../../gate/gate-input.js';

/** An operator's bulk check: up to 1000 messages, answered in order (docs/adr/0033). */
export class CheckDeliveriesQuery extends Query<CheckedDelivery[]> {
  constructor(
    readonly operatorCode: number,
    /** One object per check, or the call's columns as the HTTP route reads them. */
    readonly checks: readonly DeliveryCheck[] | CheckBatch,
  ) {
    super();
  }
}
