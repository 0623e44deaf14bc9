import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import { PG_POOL, REPLICA_READS } from '@iys/platform/nest';
import { inTransaction, type SqlExecutor } from '@iys/platform/database';
import { enqueueOutboxMessage, type NewOutboxMessage } from '@iys/platform/outbox';
import { PiiVault } from '@iys/platform/pii';
import type { ErasureRecord, OptOutLinkRecord, RecipientRecords } from '../../application/recipient-records.port.js';
import type { EncryptedValue } from '@iys/platform/pii';
import type { AccountAddress } from '../../application/identity/recipient-accounts.js';
import type { ConsentReference } from '../../domain/consent-reference.js';
import type { AddressKind } from '../../domain/recipient-account.events.js';

/** The RecipientRecords port over recipient.erasures, opt_out_links, notices, sign_in_codes and sessions. */
@Injectable()
export class PostgresRecipientRecords implements RecipientRecords {
  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    // Brand names for the recipient's read screens: a hot standby there (ADR 0047), else the primary.
    @Inject(REPLICA_READS) private readonly reads: SqlExecutor,
    @Inject(PiiVault) private readonly vault: PiiVault,
  ) {}

  async inboundSmsSeen(messageId: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('SELECT 1 FROM recipient.inbound_sms WHERE message_id = $1', [messageId]);
    return (rowCount ?? 0) > 0;
  }

  async recordInboundSms(
    sms: { messageId: string; recipientId: string; command: string; receivedAt: Date; rejectedCount: number },
    { address, ...reply }: Omit<NewOutboxMessage, 'recipient'> & { address: string },
  ): Promise<boolean> {
    return inTransaction(this.pool, async (tx) => {
      const inserted = await tx.query(
        `INSERT INTO recipient.inbound_sms (message_id, recipient_id, command, received_at, rejected_count) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
        [sms.messageId, sms.recipientId, sms.command, sms.receivedAt, sms.rejectedCount],
      );
      if (!inserted.rowCount) return false;
      await enqueueOutboxMessage(tx, { ...reply, recipient: await this.vault.encrypt(reply.recipientId, address, tx) });
      return true;
    });
  }

  async brandsKeyed(brandKey: string): Promise<{ brandCode: number; brandName: string }[]> {
    const { rows } = await this.pool.query<{ brand_code: number; brand_name: string }>(
      'SELECT brand_code, brand_name FROM recipient.brands WHERE brand_key = $1 ORDER BY brand_code',
      [brandKey],
    );
    return rows.map((row) => ({ brandCode: row.brand_code, brandName: row.brand_name }));
  }

  async pruneSpent(now: Date, retention: { codeHours: number; sessionHours: number; linkDays: number }): Promise<{ codes: number; sessions: number; links: number }> {
    const codes = await this.pool.query(`DELETE FROM recipient.sign_in_codes WHERE expires_at < $1::timestamptz - make_interval(hours => $2)`, [now, retention.codeHours]);
    const sessions = await this.pool.query(
      `DELETE FROM recipient.sessions WHERE least(expires_at, coalesce(revoked_at, expires_at)) < $1::timestamptz - make_interval(hours => $2)`,
      [now, retention.sessionHours],
    );
    const links = await this.pool.query(
      `DELETE FROM recipient.opt_out_links WHERE least(expires_at, coalesce(used_at, expires_at)) < $1::timestamptz - make_interval(days => $2)`,
      [now, retention.linkDays],
    );
    return { codes: codes.rowCount ?? 0, sessions: sessions.rowCount ?? 0, links: links.rowCount ?? 0 };
  }

  async dueErasures(now: Date): Promise<{ recipientId: string; requestedByHolder: boolean }[]> {
    const { rows } = await this.pool.query<{ recipient_id: string; requested_by_holder: boolean }>(
      `SELECT e.recipient_id, a.account_id IS NOT DISTINCT FROM e.account_id AS requested_by_holder
         FROM recipient.erasures e LEFT JOIN recipient.account_addresses a ON a.recipient_id = e.recipient_id
        WHERE e.executed_at IS NULL AND e.not_before <= $1 ORDER BY e.not_before, e.recipient_id`,
      [now],
    );
    return rows.map((row) => ({ recipientId: row.recipient_id, requestedByHolder: row.requested_by_holder }));
  }

  async closeErasure(recipientId: string, outcome: 'erased' | 'withdrawn', at: Date): Promise<void> {
    await this.pool.query('UPDATE recipient.erasures SET executed_at = $2, outcome = $3 WHERE recipient_id = $1', [recipientId, at, outcome]);
  }

  async postponeErasure(recipientId: string, notBefore: Date): Promise<void> {
    await this.pool.query('UPDATE recipient.erasures SET not_before = $2 WHERE recipient_id = $1', [recipientId, notBefore]);
  }

  async erasuresOf(accountId: string): Promise<ErasureRecord[]> {
    const { rows } = await this.pool.query<{ requested_at: Date; not_before: Date; executed_at: Date | null; outcome: string | null }>(
      'SELECT requested_at, not_before, executed_at, outcome FROM recipient.erasures WHERE account_id = $1 ORDER BY requested_at',
      [accountId],
    );
    return rows.map((row) => ({ requestedAt: row.requested_at, notBefore: row.not_before, executedAt: row.executed_at, outcome: row.outcome }));
  }

  async optOutLink(linkId: string): Promise<OptOutLinkRecord | undefined> {
    const { rows } = await this.pool.query<{
      recipient_id: string;
      brand_code: number;
      type: ConsentReference['type'];
      recipient_type: ConsentReference['recipientType'];
      expires_at: Date;
      used_at: Date | null;
    }>('SELECT recipient_id, brand_code, type, recipient_type, expires_at, used_at FROM recipient.opt_out_links WHERE link_id = $1', [linkId]);
    const row = rows[0];
    if (!row) return undefined;
    return { recipientId: row.recipient_id, brandCode: row.brand_code, type: row.type, recipientType: row.recipient_type, expiresAt: row.expires_at, usedAt: row.used_at };
  }

  async markOptOutLinkUsed(linkId: string, at: Date, transactionId: string | null): Promise<void> {
    await this.pool.query('UPDATE recipient.opt_out_links SET used_at = $2, transaction_id = $3 WHERE link_id = $1 AND used_at IS NULL', [linkId, at, transactionId]);
  }

  async noticesOf(recipientIds: readonly string[]): Promise<{ sentAt: Date; consentCount: number }[]> {
    const { rows } = await this.pool.query<{ sent_at: Date; consent_count: number }>(
      'SELECT sent_at, consent_count FROM recipient.notices WHERE recipient_id = ANY($1::uuid[]) ORDER BY sent_at',
      [recipientIds],
    );
    return rows.map((row) => ({ sentAt: row.sent_at, consentCount: row.consent_count }));
  }

  async brandNames(brandCodes: readonly number[]): Promise<{ brandCode: number; brandName: string; providerTitle: string | null }[]> {
    const { rows } = await this.reads.query<{ brand_code: number; brand_name: string; provider_title: string | null }>(
      'SELECT brand_code, brand_name, provider_title FROM recipient.brands WHERE brand_code = ANY($1::int[])',
      [brandCodes],
    );
    return rows.map((row) => ({ brandCode: row.brand_code, brandName: row.brand_name, providerTitle: row.provider_title }));
  }

  async openSession(session: { sessionId: string; accountId: string; agentId: string | null; at: Date; lifetimeSeconds: number }): Promise<void> {
    await this.pool.query(
      `INSERT INTO recipient.sessions (session_id, account_id, agent_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $4::timestamptz + make_interval(secs => $5))`,
      [session.sessionId, session.accountId, session.agentId, session.at, session.lifetimeSeconds],
    );
  }

  async openSessionOf(sessionId: string, accountId: string, at: Date): Promise<{ agentId: string | null } | undefined> {
    const { rows } = await this.pool.query<{ agent_id: string | null }>(
      `SELECT agent_id FROM recipient.sessions WHERE session_id = $1 AND account_id = $2 AND revoked_at IS NULL AND expires_at > $3`,
      [sessionId, accountId, at],
    );
    return rows[0] ? { agentId: rows[0].agent_id } : undefined;
  }

  async closeSession(sessionId: string, at: Date): Promise<void> {
    await this.pool.query('UPDATE recipient.sessions SET revoked_at = $2 WHERE session_id = $1 AND revoked_at IS NULL', [sessionId, at]);
  }

  async holderOf(recipientId: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ account_id: string }>('SELECT account_id FROM recipient.account_addresses WHERE recipient_id = $1', [recipientId]);
    return rows[0]?.account_id;
  }

  async addressesOf(accountId: string): Promise<AccountAddress[]> {
    const { rows } = await this.pool.query<{ recipient_id: string; address_kind: AddressKind; address: EncryptedValue; verified_at: Date }>(
      'SELECT recipient_id, address_kind, address, verified_at FROM recipient.account_addresses WHERE account_id = $1 ORDER BY verified_at, recipient_id',
      [accountId],
    );
    return rows.map((row) => ({ recipientId: row.recipient_id, addressKind: row.address_kind, address: row.address, verifiedAt: row.verified_at }));
  }
}
