import { Query } from '@nestjs/cqrs';
import type { ConsentType, RecipientType } from '../../../domain/consent.events.js';

export class GetMultiStatusQuery extends Query<{ requestId: string; list: string[] }> {
  constructor(
    readonly iysCode: number,
    readonly brandCode: number,
    readonly recipientType: RecipientType,
    readonly type: ConsentType,
    readonly recipients: string[],
  ) {
    super();
  }
}
