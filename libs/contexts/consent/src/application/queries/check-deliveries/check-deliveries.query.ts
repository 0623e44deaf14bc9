import { Query } from '@nestjs/cqrs';
import type { CheckedDelivery, DeliveryCheck } from '../../gate/delivery-checker.js';

/** An operator's bulk check: up to 1000 messages, answered in order (docs/adr/0033). */
export class CheckDeliveriesQuery extends Query<CheckedDelivery[]> {
  constructor(
    readonly operatorCode: number,
    readonly checks: DeliveryCheck[],
  ) {
    super();
  }
}
