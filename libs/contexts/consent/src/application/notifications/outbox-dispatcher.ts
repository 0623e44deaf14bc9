import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import type { Clock } from '@iys/platform/building-blocks';
import { CLOCK, NotifiedBackgroundWorker, PG_POOL } from '@iys/platform/nest';
import type { EncryptedValue } from '@iys/platform/pii';
import { OUTBOX_ADAPTER, OUTBOX_NOTIFY_CHANNEL, type OutboxAdapter, type OutboxChannel, type OutboxMessage, type OutboxParams } from './outbox.js';

/** Rows claimed per round. */
const CLAIM_SIZE = 50;
/** After this many failed attempts a message is left alone (visible as unsent with attempts = 10). */
export const MAX_OUTBOX_ATTEMPTS = 10;

interface OutboxRow {
  id: string;
  channel: OutboxChannel;
  recipient_id: string;
  recipient: EncryptedValue;
  template: string;
  params: OutboxParams;
  sealed_params: EncryptedValue | null;
  created_at: Date;
  attempts: number;
}

/**
 * Hands pending `consent.outbox` rows to the OUTBOX_ADAPTER and marks them sent. Woken by the
 * NOTIFY of the transaction that wrote a message, with a 1-second poll as fallback.
 *
 * Claiming moves a row's `next_attempt_at` forward (5 s · 2^attempts, at most 10 min) in one short
 * statement (`FOR UPDATE SKIP LOCKED`), so several instances never take the same row and no
 * transaction stays open while an adapter talks to a gateway. That lease is also the retry back-off:
 * a failed delivery, or a crash between delivery and `sent_at`, makes the row due again later.
 * Delivery is therefore at least once; real adapters de-duplicate on the message id.
 *
 * Runs wherever the consent context's background work runs (the batch worker's switch: the worker
 * app, or the API in the one-machine default).
 */
@Injectable()
export class OutboxDispatcher extends NotifiedBackgroundWorker {
  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(OUTBOX_ADAPTER) private readonly adapter: OutboxAdapter,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject('CONSENT_BATCH_WORKER_ENABLED') enabled: boolean,
  ) {
    super(pool, enabled, { channel: OUTBOX_NOTIFY_CHANNEL, name: 'consent-outbox', failure: 'outbox dispatch failed; it will be retried' });
  }

  /** Delivers due messages until none is left. Returns how many were marked sent. */
  async drain(): Promise<number> {
    let sent = 0;
    while (!this.stopped) {
      const claimed = await this.claim();
      if (claimed.length === 0) break;
      for (const message of claimed) {
        try {
          await this.adapter.deliver(message);
        } catch (error) {
          // Only the error's name and code: its message could quote the address it failed on.
          const { name, code } = error as { name?: string; code?: string };
          this.logger.warn({ outboxId: message.id, attempt: message.attempt, err: { name, code } }, 'outbox delivery failed; it will be retried');
          continue;
        }
        await this.pool.query('UPDATE consent.outbox SET sent_at = $2 WHERE id = $1 AND sent_at IS NULL', [message.id, this.clock.now()]);
        sent += 1;
      }
    }
    return sent;
  }

  private async claim(): Promise<OutboxMessage[]> {
    const { rows } = await this.pool.query<OutboxRow>(
      `UPDATE consent.outbox o
          SET attempts = o.attempts + 1,
              next_attempt_at = $1::timestamptz + make_interval(secs => least(600, 5 * power(2, o.attempts)))
        WHERE o.id IN (SELECT id FROM consent.outbox
                        WHERE sent_at IS NULL AND attempts < $2 AND next_attempt_at <= $1
                        ORDER BY next_attempt_at, created_at
                        LIMIT $3
                        FOR UPDATE SKIP LOCKED)
        RETURNING o.id, o.channel, o.recipient_id, o.recipient, o.template, o.params, o.sealed_params, o.created_at, o.attempts`,
      [this.clock.now(), MAX_OUTBOX_ATTEMPTS, CLAIM_SIZE],
    );
    return rows
      .sort((a, b) => a.created_at.getTime() - b.created_at.getTime() || (a.id < b.id ? -1 : 1))
      .map((row) => ({
        id: row.id,
        channel: row.channel,
        recipientId: row.recipient_id,
        recipient: row.recipient,
        template: row.template,
        params: row.params,
        sealedParams: row.sealed_params,
        createdAt: row.created_at,
        attempt: row.attempts,
      }));
  }
}
