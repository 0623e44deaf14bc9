import { Command } from '@nestjs/cqrs';
import type { Principal } from '@iys/platform/building-blocks';
import type { ConsentType, RecipientType } from '../../../domain/consent.events.js';
import type { AccessChange } from '../../retailer-access.js';

/**
 * İYS RA2 (`replace`: each listed consent's access set becomes exactly `retailerAccess`), RA4
 * (`remove` the listed retailers) and RA5 (`remove-all`), for up to 100 recipients at once.
 */
export class SubmitRetailerAccessBatchCommand extends Command<{ requestId: string }> {
  constructor(
    readonly iysCode: number,
    readonly brandCode: number,
    readonly mode: Exclude<AccessChange['mode'], 'add'>,
    readonly recipients: string[],
    readonly recipientType: RecipientType,
    readonly type: ConsentType,
    readonly retailerAccess: number[],
    readonly principal: Principal,
  ) {
    super();
  }
}
