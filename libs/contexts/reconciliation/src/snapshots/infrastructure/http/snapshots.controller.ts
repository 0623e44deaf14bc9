import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError, parseIysDate } from '@iys/platform/building-blocks';
import { ApiIysCodes, iysCodeEntry, Public, registerIysCodes } from '@iys/platform/nest';
import { PublishedSnapshotDto, SigningKeyDto } from './dto/snapshot.response.dto.js';
import { QueryBus } from '@nestjs/cqrs';
import { GetPublishedSnapshotQuery, type PublishedSnapshot } from '../../application/queries/get-published-snapshot/get-published-snapshot.query.js';
import { GetSigningKeyQuery, type PublishedSigningKey } from '../../application/queries/get-signing-key/get-signing-key.query.js';

/**
 * Ours (docs/error-codes.md, next free reconciliation code): no signed snapshot for the day (not yet
 * taken, or before the registry's first movement). To be moved into RECONCILIATION_ERRORS.
 */
export const SNAPSHOT_ERRORS = {
  H651: { status: 404, message: 'Bu gün için imzalı mutabakat özeti bulunamadı.' },
} as const;
registerIysCodes(SNAPSHOT_ERRORS);


/**
 * The signed daily roots, published read-only and without authentication so anyone can check them:
 * verify `signature` over `signedMessage` with the public key (whose id matches /signing-key), then
 * recompute a brand's root from its events' chain hashes or a file's SHA-256 from its M4 bytes.
 */
@ApiTags('reconciliation')
@Controller('reconciliation')
export class SnapshotsController {
  constructor(@Inject(QueryBus) private readonly queries: QueryBus) {}

  @Get('signing-key')
  @Public()
  @ApiOperation({ summary: "The registry's current Ed25519 snapshot-signing public key (PEM, SPKI)" })
  @ApiOkResponse({ type: SigningKeyDto })
  currentKey(): Promise<PublishedSigningKey> {
    return this.queries.execute(new GetSigningKeyQuery());
  }

  @Get('snapshots/:day')
  @Public()
  @ApiOperation({ summary: "A completed day's signed Merkle roots (registry-wide and per brand) and file hashes" })
  @ApiOkResponse({ type: PublishedSnapshotDto })
  @ApiIysCodes('H501', 'H651')
  snapshot(@Param('day') day: string): Promise<PublishedSnapshot> {
    const parsed = parseIysDate(day);
    if (parsed === undefined) throw new DomainError('H501', iysCodeEntry('H501').message, ['day']);
    return this.queries.execute(new GetPublishedSnapshotQuery(parsed));
  }
}
