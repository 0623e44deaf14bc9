import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import type { Clock } from '@iys/platform/building-blocks';
import { CLOCK, NotifiedBackgroundWorker, PG_POOL } from '@iys/platform/nest';
import { MASKED, PiiVault, type EncryptedValue } from '@iys/platform/pii';
import { MessageTemplates, TemplateRenderError } from './message-templates.js';
import { DeliveryError, PermanentDeliveryError, safeErrorFields, safeErrorLabel, type OutboxSenders, type OutgoingMessage } from './message-sender.js';
import { OUTBOX_NOTIFY_CHANNEL, type OutboxChannel, type OutboxParams } from './outbox-message.js';

/** Rows claimed per round, delivered concurrently. */
export const OUTBOX_CLAIM_SIZE = 10;
/**
 * How long a claimed row is left to its dispatcher (seconds): far longer than any sender may take
 * (HTTP 10 s, SMTP bounded waits), so a second dispatcher never takes a row still being sent.
 */
export const OUTBOX_LEASE_SECONDS = 120;
/** Back-off after the n-th failed attempt: 5 s · 2^(n-1), at most 10 minutes. */
export const OUTBOX_BACKOFF_BASE_SECONDS = 5;
export const OUTBOX_BACKOFF_MAX_SECONDS = 600;

export const OUTBOX_SENDERS = Symbol('OUTBOX_SENDERS');
export const OUTBOX_SETTINGS = Symbol('OUTBOX_SETTINGS');

export interface OutboxSettings {
  /** Run the background loop in this process (where background work runs). */
  enabled: boolean;
  /** Attempts after which a failing message becomes a dead letter (IYS_OUTBOX_MAX_ATTEMPTS). */
  maxAttempts: number;
}

interface ClaimedRow {
  id: string;
  channel: OutboxChannel;
  recipient_id: string;
  recipient: EncryptedValue;
  template: string;
  params: OutboxParams;
  sealed_params: EncryptedValue | null;
  attempts: number;
}

type Outcome = 'sent' | 'dropped' | 'dead' | 'retry';

/**
 * Delivers `outbox.messages`: woken by the NOTIFY of the transaction that enqueued a message, with a
 * 1-second poll as fallback. Each round:
 *
 * 1. Claims up to 10 due pending rows in one short statement (`FOR UPDATE SKIP LOCKED`) that adds an
 *    attempt and moves `next_attempt_at` past the lease, so several dispatchers never take the same
 *    row and no transaction is open while a gateway is called. A crash mid-delivery leaves the row
 *    to be claimed again when the lease runs out (or buried by the same statement, if that was its
 *    last attempt).
 * 2. Per row, at the last moment: opens the address and the sealed params through the vault. Either
 *    MASKED (the recipient was erased) → `dropped`, nothing sent.
 * 3. Renders through MessageTemplates (unknown template → `dead`, `UnknownTemplate`).
 * 4. Hands it to the channel's sender → `sent`. PermanentDeliveryError → `dead` at once; any other
 *    error → due again after 5 s · 2^(attempt-1) (at most 10 min), and `dead` after the last attempt.
 *
 * Delivery is at least once (a crash between send and the `sent` mark sends again), so every sender
 * is idempotent on the row id. Logs and `last_error` hold ids, channel, template, attempt and the
 * error's name, code and status: never an address, a text or an error message.
 */
@Injectable()
export class OutboxDispatcher extends NotifiedBackgroundWorker {
  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(PiiVault) private readonly vault: PiiVault,
    @Inject(MessageTemplates) private readonly templates: MessageTemplates,
    @Inject(OUTBOX_SENDERS) private readonly senders: OutboxSenders,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(OUTBOX_SETTINGS) private readonly settings: OutboxSettings,
  ) {
    super(pool, settings.enabled, { channel: OUTBOX_NOTIFY_CHANNEL, name: 'outbox', failure: 'outbox dispatch failed; it will be retried' });
  }

  /** Delivers due messages until none is left. Returns how many were marked sent. */
  async drain(): Promise<number> {
    let sent = 0;
    while (!this.stopped) {
      const { claimed, buried } = await this.claim();
      if (claimed.length === 0 && buried === 0) break;
      const outcomes = await Promise.all(claimed.map((row) => this.deliver(row)));
      sent += outcomes.filter((outcome) => outcome === 'sent').length;
    }
    return sent;
  }

  /**
   * One statement per round: takes up to 10 due pending rows (`FOR UPDATE SKIP LOCKED`) and claims
   * those with attempts left (adds an attempt, moves `next_attempt_at` past the lease). Those without
   * — the last attempt crashed and its lease ran out, or a lowered IYS_OUTBOX_MAX_ATTEMPTS is already
   * exceeded — become dead letters in the same statement. No dead-letter UPDATE runs on its own: a
   * round with nothing due is this one statement.
   */
  private async claim(): Promise<{ claimed: ClaimedRow[]; buried: number }> {
    const { rows } = await this.pool.query<(ClaimedRow | { [K in keyof ClaimedRow]: null }) & { buried: number }>(
      `WITH due AS (
         SELECT id, attempts >= $3 AS exhausted FROM outbox.messages
          WHERE status = 'pending' AND next_attempt_at <= $1
          ORDER BY next_attempt_at, created_at
          LIMIT $4
          FOR UPDATE SKIP LOCKED),
       buried AS (
         UPDATE outbox.messages m SET status = 'dead', dead_at = $1, last_error = coalesce(m.last_error, 'MaxAttempts')
           FROM due WHERE m.id = due.id AND due.exhausted
         RETURNING m.id),
       claimed AS (
         UPDATE outbox.messages m
            SET attempts = m.attempts + 1,
                next_attempt_at = $1::timestamptz + make_interval(secs => $2)
           FROM due WHERE m.id = due.id AND NOT due.exhausted
         RETURNING m.id, m.channel, m.recipient_id, m.recipient, m.template, m.params, m.sealed_params, m.attempts)
       SELECT c.*, b.buried FROM (SELECT count(*)::int AS buried FROM buried) b LEFT JOIN claimed c ON true`,
      [this.clock.now(), OUTBOX_LEASE_SECONDS, this.settings.maxAttempts, OUTBOX_CLAIM_SIZE],
    );
    // One row at least (the count); a claimed row per row when any was claimed.
    return { claimed: rows.filter((row): row is ClaimedRow & { buried: number } => row.id !== null), buried: rows[0]?.buried ?? 0 };
  }

  private async deliver(row: ClaimedRow): Promise<Outcome> {
    let outcome: Outcome;
    let failure: unknown;
    try {
      const message = await this.prepare(row);
      if (message === undefined) outcome = 'dropped';
      else {
        await this.senders[row.channel].send(message);
        outcome = 'sent';
      }
    } catch (error) {
      failure = error;
      outcome = error instanceof PermanentDeliveryError || row.attempts >= this.settings.maxAttempts ? 'dead' : 'retry';
    }
    await this.finish(row, outcome, failure);
    const log = { outboxId: row.id, channel: row.channel, template: row.template, attempt: row.attempts };
    if (outcome === 'sent') this.logger.debug(log, 'outbox message sent');
    else if (outcome === 'dropped') this.logger.log(log, 'outbox message dropped: its recipient was erased');
    else this.logger.warn({ ...log, err: safeErrorFields(failure) }, outcome === 'dead' ? 'outbox message is a dead letter' : 'outbox delivery failed; it will be retried');
    return outcome;
  }

  /**
   * The message in clear, or undefined when the recipient was erased. Rendering problems throw
   * PermanentDeliveryErrors (dead letter); a vault failure (wrong master key, tampered value) throws
   * VaultUnavailable, which is retried like a gateway failure.
   */
  private async prepare(row: ClaimedRow): Promise<OutgoingMessage | undefined> {
    let opened: string[];
    try {
      opened = await this.vault.decryptMany(row.sealed_params === null ? [row.recipient] : [row.recipient, row.sealed_params]);
    } catch (error) {
      throw new DeliveryError('the personal-data vault could not open the message', { code: safeErrorFields(error).name });
    }
    const [to, secretsJson] = opened as [string, string | undefined];
    if (to === MASKED || secretsJson === MASKED) return undefined;
    let secrets: Record<string, unknown> = {};
    if (secretsJson !== undefined) {
      try {
        secrets = JSON.parse(secretsJson) as Record<string, unknown>;
      } catch (error) {
        throw new TemplateRenderError(row.template, error);
      }
    }
    const rendered = this.templates.render(row.template, row.channel, row.params, secrets);
    return { id: row.id, channel: row.channel, recipientId: row.recipient_id, to, subject: rendered.subject, text: rendered.text, template: row.template, attempt: row.attempts };
  }

  private async finish(row: ClaimedRow, outcome: Outcome, failure: unknown): Promise<void> {
    const now = this.clock.now();
    // Every mark is guarded by status = 'pending': an administrator's action in between wins.
    switch (outcome) {
      case 'sent':
        await this.pool.query(`UPDATE outbox.messages SET status = 'sent', sent_at = $2 WHERE id = $1 AND status = 'pending'`, [row.id, now]);
        return;
      case 'dropped':
        await this.pool.query(`UPDATE outbox.messages SET status = 'dropped', dropped_at = $2 WHERE id = $1 AND status = 'pending'`, [row.id, now]);
        return;
      case 'dead':
        await this.pool.query(`UPDATE outbox.messages SET status = 'dead', dead_at = $2, last_error = $3 WHERE id = $1 AND status = 'pending'`, [
          row.id,
          now,
          safeErrorLabel(failure),
        ]);
        return;
      case 'retry':
        await this.pool.query(
          `UPDATE outbox.messages SET next_attempt_at = $2::timestamptz + make_interval(secs => $3), last_error = $4 WHERE id = $1 AND status = 'pending'`,
          [row.id, now, backoffSeconds(row.attempts), safeErrorLabel(failure)],
        );
    }
  }
}

/** After the n-th failed attempt: 5 s · 2^(n-1), at most 10 minutes. */
export function backoffSeconds(failedAttempts: number): number {
  return Math.min(OUTBOX_BACKOFF_MAX_SECONDS, OUTBOX_BACKOFF_BASE_SECONDS * 2 ** Math.max(0, failedAttempts - 1));
}
