import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type pg from 'pg';
import { handleCommand, PostgresEventStore, ProjectionRunner } from '@iys/platform/event-store';
import { PG_POOL } from '@iys/platform/nest';
import { assertOwnBrand, retailersCaughtUp } from '../../own-brand.js';
import { dealerError } from '../../../domain/retailer.errors.js';
import { retailerRosterDecider, rosterStreamId } from '../../../domain/retailer-roster.decider.js';
import { DeleteRetailerCommand } from './delete-retailer.command.js';

/**
 * R4. Whether a consent ever named the retailer is the consent side's fact, projected here from its
 * published access events (async: read once caught up, so a grant committed before this read is seen).
 */
@CommandHandler(DeleteRetailerCommand)
export class DeleteRetailerHandler implements ICommandHandler<DeleteRetailerCommand, void> {
  constructor(
    @Inject(PostgresEventStore) private readonly store: PostgresEventStore,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(ProjectionRunner) private readonly runner: ProjectionRunner,
  ) {}

  async execute({ iysCode, brandCode, retailerCode, actor }: DeleteRetailerCommand): Promise<void> {
    await assertOwnBrand({ pool: this.pool, runner: this.runner }, iysCode, brandCode);
    await retailersCaughtUp(this.runner);
    const { rows } = await this.pool.query<{ ever_associated: boolean }>(
      'SELECT ever_associated FROM dealer.retailers WHERE retailer_code = $1 AND brand_code = $2 AND iys_code = $3',
      [retailerCode, brandCode, iysCode],
    );
    if (rows.length === 0) throw dealerError('H711', ['retailerCode']);
    await handleCommand(
      this.store,
      retailerRosterDecider,
      rosterStreamId(brandCode),
      { type: 'DeleteRetailer', retailerCode, iysCode, brandCode, everAssociated: rows[0].ever_associated },
      { metadata: { actorKind: actor.kind, actorId: actor.id, channel: 'api' } },
    );
  }
}
