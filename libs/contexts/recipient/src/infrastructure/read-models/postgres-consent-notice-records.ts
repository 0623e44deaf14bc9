import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import { inTransaction } from '@iys/platform/database';
import { PG_POOL } from '@iys/platform/nest';
import { enqueueOutboxMessage } from '@iys/platform/outbox';
import { PiiVault, type EncryptedValue } from '@iys/platform/pii';
import type { ComposedNotice, ConsentNoticeRecords, PendingNotice } from '../../application/notices/consent-notice-records.port.js';

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

/** The ConsentNoticeRecords port over recipient.pending_notices, noticed_events, opt_out_links, notices and the outbox. */
@Injectable()
export class PostgresConsentNoticeRecords implements ConsentNoticeRecords {
  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(PiiVault) private readonly vault: PiiVault,
  ) {}

  async dueRecipients(now: Date, delaySeconds: number, day: string, perDay: number, limit: number): Promise<string[]> {
    const { rows } = await this.pool.query<{ recipient_id: string }>(
      // A recipient is due when its oldest pending notice is older than the delay, i.e. when any of
      // them is: the rows that are due, found by registration time (an index range), not every row.
      `SELECT p.recipient_id FROM recipient.pending_notices p
        WHERE p.registered_at <= $1::timestamptz - make_interval(secs => $2)
        GROUP BY p.recipient_id
       HAVING (SELECT count(*) FROM recipient.notices n WHERE n.recipient_id = p.recipient_id AND n.day = $3::date) < $4
        LIMIT $5`,
      [now, delaySeconds, day, perDay, limit],
    );
    return rows.map((row) => row.recipient_id);
  }

  notify(
    recipientId: string,
    { day, perDay, noticeId, at }: { day: string; perDay: number; noticeId: string; at: Date },
    compose: (pending: PendingNotice[]) => ComposedNotice | undefined,
  ): Promise<boolean> {
    return inTransaction(this.pool, async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 11))', [recipientId]);
      const { rows: counted } = await tx.query<{ count: number }>('SELECT count(*)::int AS count FROM recipient.notices WHERE recipient_id = $1 AND day = $2', [recipientId, day]);
      if (counted[0].count >= perDay) return false;
      const { rows: taken } = await tx.query<PendingRow>(
        `WITH taken AS (DELETE FROM recipient.pending_notices WHERE recipient_id = $1 RETURNING *)
         SELECT t.event_id, t.recipient, t.iys_code, t.brand_code, t.type, t.recipient_type, t.registered_at, b.brand_name, b.provider_title
           FROM taken t LEFT JOIN recipient.brands b ON b.brand_code = t.brand_code
          ORDER BY t.registered_at, t.brand_code, t.type`,
        [recipientId],
      );
      await tx.query('INSERT INTO recipient.noticed_events (event_id, notice_id) SELECT unnest($1::uuid[]), $2 ON CONFLICT DO NOTHING', [
        taken.map((row) => row.event_id),
        noticeId,
      ]);
      const notice = compose(
        taken.map((row) => ({
          eventId: row.event_id,
          recipient: row.recipient,
          iysCode: row.iys_code,
          brandCode: row.brand_code,
          type: row.type,
          recipientType: row.recipient_type,
          registeredAt: row.registered_at,
          brandName: row.brand_name,
          providerTitle: row.provider_title,
        })),
      );
      if (!notice) return false;
      const { links } = notice;
      await tx.query(
        `INSERT INTO recipient.opt_out_links (link_id, notice_id, recipient_id, brand_code, type, recipient_type, created_at, expires_at)
         SELECT l.link_id, $1, $2, l.brand_code, l.type, l.recipient_type, $3, $4
           FROM unnest($5::uuid[], $6::int[], $7::text[], $8::text[]) AS l(link_id, brand_code, type, recipient_type)`,
        [
          noticeId,
          recipientId,
          at,
          notice.expiresAt,
          links.map((l) => l.linkId),
          links.map((l) => l.brandCode),
          links.map((l) => l.type),
          links.map((l) => l.recipientType),
        ],
      );
      const { secrets, ...message } = notice.message;
      await enqueueOutboxMessage(tx, { ...message, sealedParams: await this.vault.encrypt(recipientId, secrets, tx) });
      await tx.query(`INSERT INTO recipient.notices (notice_id, recipient_id, day, consent_count, outbox_id, sent_at) VALUES ($1, $2, $3, $4, $5, $6)`, [
        noticeId,
        recipientId,
        day,
        notice.consentCount,
        message.id,
        at,
      ]);
      return true;
    });
  }
}
