import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import type { ConsentContracts } from '@iys/contracts';
import { PG_POOL } from '@iys/platform/nest';

/** Serves the published SenderExemptions port from the operator gate's list (consent.gate_exempt_senders). */
@Injectable()
export class SenderExemptionsProvider implements ConsentContracts.SenderExemptionsPort {
  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

  async exemptionsOf(channel: string, senderId: string): Promise<ConsentContracts.SenderExemptionWindow[]> {
    const { rows } = await this.pool.query<{ valid_from: Date; valid_to: Date | null }>(
      'SELECT valid_from, valid_to FROM consent.gate_exempt_senders WHERE channel = $1 AND sender_id = $2 ORDER BY valid_from',
      [channel, senderId],
    );
    return rows.map((row) => ({ validFrom: row.valid_from.toISOString(), validTo: row.valid_to?.toISOString() ?? null }));
  }
}
