import { Command } from '@nestjs/cqrs';
import type { Principal } from '@iys/platform/building-blocks';
import type { ConsentType, RecipientType } from '../../../domain/consent.events.js';

/** İYS RA1: add retailers to the access list of ONE consent. */
export class GrantRetailerAccessCommand extends Command<{ transactionId: string }> {
  constructor(
    readonly iysCode: number,
    readonly brandCode: number,
    readonly recipient: string,
    readonly recipientType: RecipientType,
    readonly type: ConsentType,
    readonly retailerAccess: number[],
    readonly principal: Principal,
  ) {
    super();
  }
}
