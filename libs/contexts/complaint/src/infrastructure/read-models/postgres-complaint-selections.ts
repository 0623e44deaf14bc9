import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import { PG_POOL } from '@iys/platform/nest';
import type { ComplaintSelections } from '../../application/complaint-selections.port.js';

/** The scheduler's work lists and the filing limits over complaint.complaints: one statement each, on their partial indexes. */
@Injectable()
export class PostgresComplaintSelections implements ComplaintSelections {
  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

  async dueDefenses(now: string, until: string, limit: number): Promise<{ complaintId: string; late: boolean }[]> {
    // Index complaints_defense_due.
    const { rows } = await this.pool.query<{ complaint_id: string; late: boolean }>(
      `SELECT complaint_id, defense_deadline < $1 AS late FROM complaint.complaints
        WHERE status = 'DEFENSE_REQUESTED' AND NOT overdue AND defense_deadline <= $2 AND (NOT reminded OR defense_deadline < $1)
        ORDER BY defense_deadline LIMIT $3`,
      [now, until, limit],
    );
    return rows.map((row) => ({ complaintId: row.complaint_id, late: row.late }));
  }

  async expiredFinished(cutoff: Date, limit: number): Promise<string[]> {
    const { rows } = await this.pool.query<{ complaint_id: string }>(
      `SELECT complaint_id FROM complaint.complaints
        WHERE NOT shredded AND status IN ('DECIDED', 'CLOSED', 'WITHDRAWN') AND updated_at < $1
        ORDER BY updated_at LIMIT $2`,
      [cutoff, limit],
    );
    return rows.map((row) => row.complaint_id);
  }

  async filingLoad(
    accountId: string,
    day: { start: Date; endExclusive: Date },
    message: { recipientId: string; senderId: string; messageAt: string },
  ): Promise<{ today: number; duplicate: boolean }> {
    const { rows } = await this.pool.query<{ today: number; duplicate: boolean | null }>(
      `SELECT count(*) FILTER (WHERE account_id = $1 AND filed_at >= $2 AND filed_at < $3)::int AS today,
              bool_or(recipient_id = $4 AND sender_id = $5 AND message_at = $6 AND status <> 'WITHDRAWN') AS duplicate
         FROM complaint.complaints WHERE account_id = $1 OR (recipient_id = $4 AND sender_id = $5 AND message_at = $6)`,
      [accountId, day.start, day.endExclusive, message.recipientId, message.senderId, message.messageAt],
    );
    return { today: rows[0]?.today ?? 0, duplicate: rows[0]?.duplicate === true };
  }
}
