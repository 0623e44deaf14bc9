import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { handleCommand, PostgresEventStore, ProjectionRunner } from '@iys/platform/event-store';
import { DEALER_READ_MODEL, type DealerReadModel } from '../../dealer-read-model.port.js';
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
    @Inject(DEALER_READ_MODEL) private readonly reads: DealerReadModel,
    @Inject(ProjectionRunner) private readonly runner: ProjectionRunner,
  ) {}

  async execute({ iysCode, brandCode, retailerCode, actor }: DeleteRetailerCommand): Promise<void> {
    await assertOwnBrand({ reads: this.reads, runner: this.runner }, iysCode, brandCode);
    await retailersCaughtUp(this.runner);
    const everAssociated = await this.reads.everAssociated(iysCode, brandCode, retailerCode);
    if (everAssociated === undefined) throw dealerError('H711', ['retailerCode']);
    await handleCommand(
      this.store,
      retailerRosterDecider,
      rosterStreamId(brandCode),
      { type: 'DeleteRetailer', retailerCode, iysCode, brandCode, everAssociated },
      { metadata: { actorKind: actor.kind, actorId: actor.id, channel: 'api' } },
    );
  }
}
