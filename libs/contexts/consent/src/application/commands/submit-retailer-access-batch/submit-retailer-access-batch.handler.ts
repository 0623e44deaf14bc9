import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError, type Clock, type IdGenerator } from '@iys/platform/building-blocks';
import { CLOCK, ID_GENERATOR, IysHttpException, iysErrorItem } from '@iys/platform/nest';
import { InvalidAddressError, normaliseAddress } from '@iys/platform/pii';
import { BATCH_QUEUE, type BatchQueue } from '../../batch/batch-queue.port.js';
import { providerContext } from '../../consent-actor.js';
import { ConsentBrandDirectory } from '../../consent-brand-directory.js';
import { RetailerAccessKeeper, type AccessChange } from '../../retailer-access.js';
import { SubmitRetailerAccessBatchCommand } from './submit-retailer-access-batch.command.js';

/**
 * RA2/RA4/RA5, asynchronous like C3: the request is checked as a whole (recipients repeated H193,
 * unknown retailers H180), each recipient resolved, and the changes stored durably in the batch
 * queue before the answer; the batch worker applies them, one consent per item, and C4 reads each
 * item's outcome under the returned requestId.
 */
@CommandHandler(SubmitRetailerAccessBatchCommand)
export class SubmitRetailerAccessBatchHandler implements ICommandHandler<SubmitRetailerAccessBatchCommand, { requestId: string }> {
  constructor(
    @Inject(RetailerAccessKeeper) private readonly access: RetailerAccessKeeper,
    @Inject(ConsentBrandDirectory) private readonly brands: ConsentBrandDirectory,
    @Inject(BATCH_QUEUE) private readonly queue: BatchQueue,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(command: SubmitRetailerAccessBatchCommand): Promise<{ requestId: string }> {
    const { iysCode, brandCode, mode, recipientType, type } = command;
    await this.brands.activationDateOf(iysCode, brandCode);
    rejectRepeatedRecipients(command.recipients);
    if (mode !== 'remove-all') await this.access.checkRetailers(iysCode, brandCode, command.retailerAccess, { grant: mode === 'replace' });
    const resolved = await this.access.resolve(command.recipients, type);
    const retailerCodes = mode === 'remove-all' ? [] : command.retailerAccess;
    const context = providerContext(command.principal, iysCode, brandCode);
    const requestId = this.ids.next();
    await this.queue.enqueue({
      requestId,
      kind: 'retailer-access',
      iysCode,
      brandCode,
      actor: { actorKind: context.actorKind, actorId: context.actorId },
      receivedAt: this.clock.now(),
      items: resolved.map((recipientId) =>
        recipientId instanceof DomainError
          ? { subrequestId: this.ids.next(), error: { code: recipientId.code, message: recipientId.message } }
          : { subrequestId: this.ids.next(), command: { recipientId, recipientType, type, mode, retailerCodes } satisfies AccessChange },
      ),
    });
    return { requestId };
  }
}

/** İYS H193: the same recipient twice (compared normalised). The address itself is never echoed. */
function rejectRepeatedRecipients(recipients: readonly string[]): void {
  const seen = new Set<string>();
  const errors = [];
  for (const [i, raw] of recipients.entries()) {
    let key = raw;
    try {
      key = normaliseAddress(raw).value;
    } catch (error) {
      // Left as sent: the item fails on its own (H120/H121/H122).
      if (!(error instanceof InvalidAddressError)) throw error;
    }
    if (seen.has(key)) errors.push(iysErrorItem('H193', { params: { field: 'Alıcı', value: 'recipient' }, location: ['recipients', i] }));
    seen.add(key);
  }
  if (errors.length > 0) throw new IysHttpException(422, errors);
}
