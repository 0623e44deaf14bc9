import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError, type Clock, type IdGenerator } from '@iys/platform/building-blocks';
import { CLOCK, ID_GENERATOR, IysHttpException, iysErrorItem } from '@iys/platform/nest';
import { BATCH_QUEUE, type BatchQueue } from '../../batch/batch-queue.port.js';
import { providerContext } from '../../consent-actor.js';
import { ConsentBrandDirectory } from '../../consent-brand-directory.js';
import { ConsentRegistrar, repeatedKeyPositions, type PreparedConsent } from '../../consent-registrar.js';
import { SubmitConsentBatchCommand } from './submit-consent-batch.command.js';

export const MAX_BATCH_SIZE = 1000;

/** İYS C3 response: the request id and, per item, its sub-request id with the item echoed. */
export interface BatchAccepted {
  requestId: string;
  subRequests: Record<string, unknown>[];
}

/**
 * C3: a batch is checked as a whole (size H125, duplicate keys H194), prepared (addresses sealed)
 * and stored durably before the answer; the worker decides and writes its items later. A crash
 * after the answer loses nothing: the items wait in consent.batch_items until applied.
 */
@CommandHandler(SubmitConsentBatchCommand)
export class SubmitConsentBatchHandler implements ICommandHandler<SubmitConsentBatchCommand, BatchAccepted> {
  constructor(
    @Inject(ConsentRegistrar) private readonly registrar: ConsentRegistrar,
    @Inject(ConsentBrandDirectory) private readonly brands: ConsentBrandDirectory,
    @Inject(BATCH_QUEUE) private readonly queue: BatchQueue,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ iysCode, brandCode, consents, principal }: SubmitConsentBatchCommand): Promise<BatchAccepted> {
    if (consents.length > MAX_BATCH_SIZE) throw new IysHttpException(422, [iysErrorItem('H125')]);
    if (consents.length === 0) throw new IysHttpException(400, [iysErrorItem('H092')]);
    // A brand that is not this provider's is refused now, as C1 would, not item by item later.
    await this.brands.activationDateOf(iysCode, brandCode);
    const prepared = await this.registrar.prepare(consents);
    rejectDuplicateKeys(prepared);

    const requestId = this.ids.next();
    const subrequestIds = consents.map(() => this.ids.next());
    const receivedAt = this.clock.now();
    const context = providerContext(principal, iysCode, brandCode);
    // Items whose address could not be used fail at once; the others wait for the worker.
    await this.queue.enqueue({
      requestId,
      kind: 'consent',
      iysCode,
      brandCode,
      actor: { actorKind: context.actorKind, actorId: context.actorId },
      receivedAt,
      items: prepared.map((p, i) =>
        p instanceof DomainError ? { subrequestId: subrequestIds[i], error: { code: p.code, message: p.message } } : { subrequestId: subrequestIds[i], command: p },
      ),
    });
    return {
      requestId,
      subRequests: consents.map((consent, i) => ({
        subrequestId: subrequestIds[i],
        consentDate: consent.consentDate,
        recipient: consent.recipient,
        recipientType: consent.recipientType,
        status: consent.status,
        type: consent.type,
        source: consent.source,
      })),
    };
  }
}

/** İYS H194: a batch may not hold the same recipient, type and recipient type twice. */
function rejectDuplicateKeys(prepared: (PreparedConsent | DomainError)[]): void {
  const keys = prepared.map((item) => (item instanceof DomainError ? undefined : `${item.recipientId}|${item.type}|${item.recipientType}`));
  const errors = repeatedKeyPositions(keys).map((i) => iysErrorItem('H194', { location: [i] }));
  if (errors.length > 0) throw new IysHttpException(422, errors);
}
