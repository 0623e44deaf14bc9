import { Query } from '@nestjs/cqrs';
import type { RegisteredSender } from '../../sender-identities.js';

export class ListSendersQuery extends Query<RegisteredSender[]> {
  constructor(
    readonly iysCode: number,
    readonly brandCode: number,
  ) {
    super();
  }
}
