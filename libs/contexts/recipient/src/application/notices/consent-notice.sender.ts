import { ProjectionRunner } from '@iys/platform/event-store';
import { recipientBrandsProjection } from '../projections/recipient-brands.projection.js';
import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import { istanbulDay, type Clock, type IdGenerator } from '@iys/platform/building-blocks';
import type { AppConfig } from '@iys/platform/config';
import { inTransaction } from '@iys/platform/database';
import { APP_CONFIG, CLOCK, ID_GENERATOR, NotifiedBackgroundWorker, PG_POOL } from '@iys/platform/nest';
import { enqueueOutboxMessage } from '@iys/platform/outbox';
import { PiiVault, type EncryptedValue } from '@iys/platform/pii';
import { CONSENT_NOTICES_CHANNEL } from '../projections/consent-notices.projection.js';
import { OptOutLinks } from './opt-out-links.js';

/** Consents registered longer ago than this are not announced any more (e.g. history loaded at a first deployment). */
export const NOTICE_MAX_AGE_DAYS = 7;
const RECIPIENTS_PER_ROUND = 50;

interface PendingRow {
  event_id: string;
  recipient: EncryptedValue;
  iys_code: number;
  brand_code: number;
  type: string;
  recipient_type: string;
  registered_at: Date;
  brand_name: string | null;
  provider_title: string | null;
}

/**
 * Tells recipients about consents providers registered in their name (README rule 4), each with a
 * one-click opt-out link. Bulk uploads must not flood anyone: an address's new consents are gathered
 * for IYS_RECIPIENT_NOTICE_DELAY_SECONDS after the first one and sent as ONE message listing them
 * all, and an address receives at most IYS_RECIPIENT_NOTICES_PER_DAY messages per Istanbul day;
 * what arrives after that waits for the next day's message.
 *
 * Per address, in one transaction under its advisory lock: the pending rows are taken, a link per
 * consent stored, the events marked as told, and the message enqueued in the outbox; so a crash
 * leaves either all of it or none, and an address is never told twice about one event.
 */
@Injectable()
export class ConsentNoticeSender extends NotifiedBackgroundWorker {
  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(PiiVault) private readonly vault: PiiVault,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    @Inject(OptOutLinks) private readonly links: OptOutLinks,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ProjectionRunner) private readonly runner: ProjectionRunner,
    @Inject('RECIPIENT_BACKGROUND_WORK_ENABLED') enabled: boolean,
  ) {
    super(pool, enabled, { channel: CONSENT_NOTICES_CHANNEL, name: 'consent-notices', failure: 'consent notices failed; they will be retried' });
  }

  /** Sends every notice that is due now; returns how many messages were enqueued. */
  async drain(): Promise<number> {
    let sent = 0;
    while (!this.stopped) {
      const due = await this.dueRecipients();
      if (due.length === 0) break;
      // Brand names come from recipient.brands, projected asynchronously from service-provider events.
      await this.runner.waitUntilCaughtUp(recipientBrandsProjection, { timeoutMs: 5_000, drive: true });
      for (const recipientId of due) if (await this.notify(recipientId)) sent += 1;
    }
    return sent;
  }

  private async dueRecipients(): Promise<string[]> {
    const now = this.clock.now();
    const { rows } = await this.pool.query<{ recipient_id: string }>(
      `SELECT p.recipient_id FROM recipient.pending_notices p
        GROUP BY p.recipient_id
       HAVING min(p.registered_at) <= $1::timestamptz - make_interval(secs => $2)
          AND (SELECT count(*) FROM recipient.notices n WHERE n.recipient_id = p.recipient_id AND n.day = $3::date) < $4
        LIMIT $5`,
      [now, this.config.IYS_RECIPIENT_NOTICE_DELAY_SECONDS, istanbulDay(now), this.config.IYS_RECIPIENT_NOTICES_PER_DAY, RECIPIENTS_PER_ROUND],
    );
    return rows.map((row) => row.recipient_id);
  }

  private notify(recipientId: string): Promise<boolean> {
    return inTransaction(this.pool, async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 11))', [recipientId]);
      const now = this.clock.now();
      const day = istanbulDay(now);
      const { rows: counted } = await tx.query<{ count: number }>('SELECT count(*)::int AS count FROM recipient.notices WHERE recipient_id = $1 AND day = $2', [recipientId, day]);
      if (counted[0].count >= this.config.IYS_RECIPIENT_NOTICES_PER_DAY) return false;
      const { rows: taken } = await tx.query<PendingRow>(
        `WITH taken AS (DELETE FROM recipient.pending_notices WHERE recipient_id = $1 RETURNING *)
         SELECT t.event_id, t.recipient, t.iys_code, t.brand_code, t.type, t.recipient_type, t.registered_at, b.brand_name, b.provider_title
           FROM taken t LEFT JOIN recipient.brands b ON b.brand_code = t.brand_code
          ORDER BY t.registered_at, t.brand_code, t.type`,
        [recipientId],
      );
      const noticeId = this.ids.next().toLowerCase();
      await tx.query('INSERT INTO recipient.noticed_events (event_id, notice_id) SELECT unnest($1::uuid[]), $2 ON CONFLICT DO NOTHING', [
        taken.map((row) => row.event_id),
        noticeId,
      ]);
      const fresh = taken.filter((row) => row.registered_at.getTime() >= now.getTime() - NOTICE_MAX_AGE_DAYS * 86_400_000);
      // One line per consent key (an ONAY registered twice in the window is one consent).
      const consents = [...new Map(fresh.map((row) => [`${row.brand_code}.${row.type}.${row.recipient_type}`, row])).values()];
      if (consents.length === 0) return false;

      const expiresAt = new Date(now.getTime() + this.config.IYS_OPT_OUT_LINK_DAYS * 86_400_000);
      const items = consents.map((row) => ({ row, linkId: this.ids.next().toLowerCase() }));
      await tx.query(
        `INSERT INTO recipient.opt_out_links (link_id, notice_id, recipient_id, brand_code, type, recipient_type, created_at, expires_at)
         SELECT l.link_id, $1, $2, l.brand_code, l.type, l.recipient_type, $3, $4
           FROM unnest($5::uuid[], $6::int[], $7::text[], $8::text[]) AS l(link_id, brand_code, type, recipient_type)`,
        [
          noticeId,
          recipientId,
          now,
          expiresAt,
          items.map((i) => i.linkId),
          items.map((i) => i.row.brand_code),
          items.map((i) => i.row.type),
          items.map((i) => i.row.recipient_type),
        ],
      );
      const secrets = await this.vault.encrypt(
        recipientId,
        JSON.stringify({
          consents: items.map(({ row, linkId }) => ({
            brand: row.brand_name ?? String(row.brand_code),
            provider: row.provider_title ?? '',
            type: row.type,
            link: this.links.url(linkId),
          })),
        }),
        tx,
      );
      const outboxId = this.ids.next();
      const channel = consents[0].type === 'EPOSTA' ? 'email' : 'sms';
      await enqueueOutboxMessage(tx, {
        id: outboxId,
        channel,
        recipientId,
        recipient: consents[0].recipient,
        template: `recipient.consent-notice.${channel}`,
        params: { count: consents.length, validDays: this.config.IYS_OPT_OUT_LINK_DAYS },
        sealedParams: secrets,
        createdAt: now,
      });
      await tx.query(`INSERT INTO recipient.notices (notice_id, recipient_id, day, consent_count, outbox_id, sent_at) VALUES ($1, $2, $3, $4, $5, $6)`, [
        noticeId,
        recipientId,
        day,
        consents.length,
        outboxId,
        now,
      ]);
      return true;
    });
  }
}
