import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type pg from 'pg';
import type { Clock } from '@iys/platform/building-blocks';
import { CLOCK, PG_POOL } from '@iys/platform/nest';
import { PruneExpiredSecretsCommand } from './prune-expired-secrets.command.js';

/**
 * How long spent credentials are kept after they stop working: a day for codes (the per-address and
 * per-client limits look back 24 hours at most) and sessions; 90 days for used or expired opt-out
 * links (a recipient asking "did my click work?"). Inbound SMS ids are kept: they are what makes a
 * gateway's late retry a replay (H670), and hold only the opaque recipient id.
 */
export const CODE_RETENTION_HOURS = 24;
export const SESSION_RETENTION_HOURS = 24;
export const LINK_RETENTION_DAYS = 90;

export interface PruneRun {
  codes: number;
  sessions: number;
  links: number;
}

@CommandHandler(PruneExpiredSecretsCommand)
export class PruneExpiredSecretsHandler implements ICommandHandler<PruneExpiredSecretsCommand, PruneRun> {
  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(): Promise<PruneRun> {
    const now = this.clock.now();
    const codes = await this.pool.query(`DELETE FROM recipient.sign_in_codes WHERE expires_at < $1::timestamptz - make_interval(hours => $2)`, [now, CODE_RETENTION_HOURS]);
    const sessions = await this.pool.query(
      `DELETE FROM recipient.sessions WHERE least(expires_at, coalesce(revoked_at, expires_at)) < $1::timestamptz - make_interval(hours => $2)`,
      [now, SESSION_RETENTION_HOURS],
    );
    const links = await this.pool.query(
      `DELETE FROM recipient.opt_out_links WHERE least(expires_at, coalesce(used_at, expires_at)) < $1::timestamptz - make_interval(days => $2)`,
      [now, LINK_RETENTION_DAYS],
    );
    return { codes: codes.rowCount ?? 0, sessions: sessions.rowCount ?? 0, links: links.rowCount ?? 0 };
  }
}
