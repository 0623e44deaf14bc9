import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Clock } from '@iys/platform/building-blocks';
import { CLOCK } from '@iys/platform/nest';
import { formatConsentReference, type ConsentReference } from '../../../domain/consent-reference.js';
import { recipientError } from '../../../domain/recipient.errors.js';
import { OptOutLinks } from '../../notices/opt-out-links.js';
import { RecipientConsentService, type DecisionResult } from '../../recipient-consents.js';
import { OptOutByLinkCommand } from './opt-out-by-link.command.js';
import { RECIPIENT_RECORDS, type RecipientRecords } from '../../recipient-records.port.js';

export type OptOutResult = DecisionResult | { consentId: string; status: 'RET'; alreadyRejected: true };

/**
 * Rejects the consent a notice's link names, without signing in. Checks, in order: the signature
 * (H668, forged or mangled), the stored link (H668), its expiry (H666), its use (H667: a link
 * works once). The RET is written with the command id `opt-out:<linkId>`, so two clicks racing
 * each other write one event; the link is marked used after the write. A consent already RET
 * (e.g. rejected by SMS meanwhile) is a success that changes nothing.
 */
@CommandHandler(OptOutByLinkCommand)
export class OptOutByLinkHandler implements ICommandHandler<OptOutByLinkCommand, OptOutResult> {
  constructor(
    @Inject(OptOutLinks) private readonly links: OptOutLinks,
    @Inject(RecipientConsentService) private readonly consents: RecipientConsentService,
    @Inject(RECIPIENT_RECORDS) private readonly records: RecipientRecords,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ token }: OptOutByLinkCommand): Promise<OptOutResult> {
    const linkId = this.links.verify(token);
    const link = await this.records.optOutLink(linkId);
    if (!link) throw recipientError('H668', ['token']);
    if (link.usedAt !== null) throw recipientError('H667', ['token']);
    if (link.expiresAt.getTime() <= this.clock.now().getTime()) throw recipientError('H666', ['token']);
    const key: ConsentReference = { recipientId: link.recipientId, brandCode: link.brandCode, type: link.type, recipientType: link.recipientType };
    let result: OptOutResult;
    try {
      result = await this.consents.decideOne(
        [link.recipientId],
        key,
        'RET',
        { source: 'IYS_WEB', actor: { kind: 'recipient', id: link.recipientId, channel: 'opt-out-link' } },
        `opt-out:${linkId}`,
      );
    } catch (error) {
      if ((error as { code?: string }).code !== 'H174') throw error;
      result = { consentId: formatConsentReference(key), status: 'RET', alreadyRejected: true };
    }
    await this.records.markOptOutLinkUsed(linkId, this.clock.now(), 'transactionId' in result ? result.transactionId : null);
    return result;
  }
}
