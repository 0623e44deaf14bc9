import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DomainError } from '@iys/platform/building-blocks';
import { iysCodeEntry } from '@iys/platform/nest';
import { DailySnapshotService, snapshotSignedMessage } from '../../daily-snapshot.service.js';
import { spkiDerToPem } from '../../snapshot-signing-key.js';
import { GetPublishedSnapshotQuery, type PublishedSnapshot } from './get-published-snapshot.query.js';

/** The stored snapshot in its published form (hex roots, base64 signature, PEM key); H651 when the day has none. */
@QueryHandler(GetPublishedSnapshotQuery)
export class GetPublishedSnapshotHandler implements IQueryHandler<GetPublishedSnapshotQuery, PublishedSnapshot> {
  constructor(@Inject(DailySnapshotService) private readonly snapshots: DailySnapshotService) {}

  async execute({ day }: GetPublishedSnapshotQuery): Promise<PublishedSnapshot> {
    const found = await this.snapshots.findSnapshot(day);
    if (!found) throw new DomainError('H651', iysCodeEntry('H651').message, ['day']);
    return {
      day: found.day,
      registryRoot: found.registryRoot.toString('hex'),
      signature: found.signature.toString('base64'),
      signedMessage: snapshotSignedMessage(found.day, found.registryRoot).toString('utf8'),
      publicKeyId: found.publicKeyId,
      publicKey: spkiDerToPem(found.publicKey),
      eventCount: found.eventCount,
      brands: found.brands.map((brand) => ({
        brandCode: brand.brandCode,
        merkleRoot: brand.merkleRoot.toString('hex'),
        fileSha256: brand.fileSha256.toString('hex'),
        eventCount: brand.eventCount,
      })),
    };
  }
}
