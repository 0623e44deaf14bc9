import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type pg from 'pg';
import type { Clock } from '@iys/platform/building-blocks';
import { CLOCK, PG_POOL } from '@iys/platform/nest';
import { formatConsentReference, type ConsentReference } from '../../../domain/consent-reference.js';
import { recipientError } from '../../../domain/recipient.errors.js';
import { OptOutLinks } from '../../notices/opt-out-links.js';
import { RecipientConsentService, type DecisionResult } from '../../recipient-consents.js';
import { OptOutByLinkCommand } from './opt-out-by-link.command.js';

interface LinkRow {
  recipient_id: string;
  brand_code: number;
  type: ConsentReference['type'];
  recipient_type: ConsentReference['recipientType'];
  expires_at: Date;
  used_at: Date | null;
}

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
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ token }: OptOutByLinkCommand): Promise<OptOutResult> {
    const linkId = this.links.verify(token);
    const { rows } = await this.pool.query<LinkRow>(
      'SELECT recipient_id, brand_code, type, recipient_type, expires_at, used_at FROM recipient.opt_out_links WHERE link_id = $1',
      [linkId],
    );
    const link = rows[0];
    if (!link) throw recipientError('H668', ['token']);
    if (link.used_at !== null) throw recipientError('H667', ['token']);
    if (link.expires_at.getTime() <= this.clock.now().getTime()) throw recipientError('H666', ['token']);
    const key: ConsentReference = { recipientId: link.recipient_id, brandCode: link.brand_code, type: link.type, recipientType: link.recipient_type };
    let result: OptOutResult;
    try {
      result = await this.consents.decideOne(
        [link.recipient_id],
        key,
        'RET',
        { source: 'IYS_WEB', actor: { kind: 'recipient', id: link.recipient_id, channel: 'opt-out-link' } },
        `opt-out:${linkId}`,
      );
    } catch (error) {
      if ((error as { code?: string }).code !== 'H174') throw error;
      result = { consentId: formatConsentReference(key), status: 'RET', alreadyRejected: true };
    }
    await this.pool.query('UPDATE recipient.opt_out_links SET used_at = $2, transaction_id = $3 WHERE link_id = $1 AND used_at IS NULL', [
      linkId,
      this.clock.now(),
      'transactionId' in result ? result.transactionId : null,
    ]);
    return result;
  }
}
