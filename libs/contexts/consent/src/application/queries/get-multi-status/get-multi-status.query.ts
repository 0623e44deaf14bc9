import type { ConsentType, RecipientType } from '../../../domain/consent.events.js';

export class GetMultiStatusQuery {
  constructor(
    readonly iysCode: number,
    readonly brandCode: number,
    readonly recipientType: RecipientType,
    readonly type: ConsentType,
    readonly recipients: string[],
  ) {}
}
