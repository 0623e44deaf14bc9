import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Clock } from '@iys/platform/building-blocks';
import { CLOCK } from '@iys/platform/nest';
import { PruneExpiredSecretsCommand } from './prune-expired-secrets.command.js';
import { RECIPIENT_RECORDS, type RecipientRecords } from '../../recipient-records.port.js';

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
    @Inject(RECIPIENT_RECORDS) private readonly records: RecipientRecords,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(): Promise<PruneRun> {
    const now = this.clock.now();
    return this.records.pruneSpent(now, { codeHours: CODE_RETENTION_HOURS, sessionHours: SESSION_RETENTION_HOURS, linkDays: LINK_RETENTION_DAYS });
  }
}
