import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import type { Clock } from '@iys/platform/building-blocks';
import { CLOCK, PG_POOL } from '@iys/platform/nest';
import { OUTBOX_NOTIFY_CHANNEL, type OutboxChannel } from './outbox-message.js';

/** A dead letter as an administrator sees it: no address, no params, no text. */
export interface DeadLetter {
  id: string;
  channel: OutboxChannel;
  template: string;
  attempts: number;
  /** The error's name, code and status: `PermanentDeliveryError status=400`, `UnknownTemplate`. */
  lastError: string | null;
  createdAt: Date;
  deadAt: Date;
}

export const DEAD_LETTER_PAGE_MAX = 100;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The cursor names no message of the outbox. */
export class UnknownOutboxCursorError extends Error {
  constructor() {
    super('after must be the id of a message of the outbox');
    this.name = 'UnknownOutboxCursor';
  }
}

/**
 * What an administrator does with the outbox (HTTP `/admin/outbox/…`, `npm run cli -- outbox …`):
 * list the dead letters, oldest message first, and send one again.
 */
@Injectable()
export class OutboxAdmin {
  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Dead letters by (createdAt, id). `after` is the id of the last one of the previous page; it
   * stays a valid cursor even if that message was retried meanwhile (its createdAt never changes).
   * Throws UnknownOutboxCursorError when `after` is not the id of any outbox message.
   */
  async deadLetters({ limit, after }: { limit: number; after?: string }): Promise<DeadLetter[]> {
    const page = Math.max(1, Math.min(DEAD_LETTER_PAGE_MAX, limit));
    let cursor: { created_at: Date; id: string } | undefined;
    if (after !== undefined) {
      const found = UUID.test(after) ? await this.pool.query<{ created_at: Date; id: string }>('SELECT created_at, id FROM outbox.messages WHERE id = $1', [after]) : undefined;
      cursor = found?.rows[0];
      if (!cursor) throw new UnknownOutboxCursorError();
    }
    const { rows } = await this.pool.query<{
      id: string;
      channel: OutboxChannel;
      template: string;
      attempts: number;
      last_error: string | null;
      created_at: Date;
      dead_at: Date;
    }>(
      `SELECT id, channel, template, attempts, last_error, created_at, dead_at FROM outbox.messages
        WHERE status = 'dead' AND ($1::timestamptz IS NULL OR (created_at, id) > ($1::timestamptz, $2::uuid))
        ORDER BY created_at, id
        LIMIT $3`,
      [cursor?.created_at ?? null, cursor?.id ?? null, page],
    );
    return rows.map((row) => ({
      id: row.id,
      channel: row.channel,
      template: row.template,
      attempts: row.attempts,
      lastError: row.last_error,
      createdAt: row.created_at,
      deadAt: row.dead_at,
    }));
  }

  /**
   * Makes a dead letter pending again with its attempts reset, due now, and wakes the dispatcher.
   * The same id goes to the gateway again, so a message that did reach it is still sent once.
   * False when there is no dead letter with this id.
   */
  async retry(id: string): Promise<boolean> {
    if (!UUID.test(id)) return false;
    const { rowCount } = await this.pool.query(
      `WITH retried AS (
         UPDATE outbox.messages SET status = 'pending', attempts = 0, next_attempt_at = $2, dead_at = NULL, last_error = NULL
          WHERE id = $1 AND status = 'dead'
         RETURNING id)
       SELECT pg_notify('${OUTBOX_NOTIFY_CHANNEL}', id::text) FROM retried`,
      [id, this.clock.now()],
    );
    return rowCount === 1;
  }
}
