import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError, parseIysDate } from '@iys/platform/building-blocks';
import { iysCodeEntry, Public, registerIysCodes } from '@iys/platform/nest';
import { DailySnapshotService, snapshotSignedMessage } from '../../application/snapshots/daily-snapshot.service.js';
import { SnapshotSigningKey, spkiDerToPem } from '../../application/snapshots/snapshot-signing-key.js';

/**
 * Ours (docs/error-codes.md, next free reconciliation code): no signed snapshot for the day (not yet
 * taken, or before the registry's first movement). To be moved into RECONCILIATION_ERRORS.
 */
export const SNAPSHOT_ERRORS = {
  H651: { status: 404, message: 'Bu gün için imzalı mutabakat özeti bulunamadı.' },
} as const;
registerIysCodes(SNAPSHOT_ERRORS);

export interface PublishedSnapshot {
  day: string;
  /** Hex of the Merkle root over the brand roots (ordered by brand code). */
  registryRoot: string;
  /** Base64 Ed25519 signature of `signedMessage` (UTF-8). */
  signature: string;
  /** Exactly what was signed: `iys-daily-snapshot/v1\n<day>\n<registryRoot hex>`. */
  signedMessage: string;
  publicKeyId: string;
  /** PEM (SPKI) of the key that signed this snapshot. */
  publicKey: string;
  eventCount: number;
  brands: { brandCode: number; merkleRoot: string; fileSha256: string; eventCount: number }[];
}

/**
 * The signed daily roots, published read-only and without authentication so anyone can check them:
 * verify `signature` over `signedMessage` with the public key (whose id matches /signing-key), then
 * recompute a brand's root from its events' chain hashes or a file's SHA-256 from its M4 bytes.
 */
@ApiTags('reconciliation')
@Controller('reconciliation')
export class SnapshotsController {
  constructor(
    @Inject(DailySnapshotService) private readonly snapshots: DailySnapshotService,
    @Inject(SnapshotSigningKey) private readonly signingKey: SnapshotSigningKey,
  ) {}

  @Get('signing-key')
  @Public()
  @ApiOperation({ summary: "The registry's current Ed25519 snapshot-signing public key (PEM, SPKI)" })
  currentKey(): { publicKeyId: string; publicKey: string } {
    const { publicKeyId, publicKeyPem } = this.signingKey.key;
    return { publicKeyId, publicKey: publicKeyPem };
  }

  @Get('snapshots/:day')
  @Public()
  @ApiOperation({ summary: "A completed day's signed Merkle roots (registry-wide and per brand) and file hashes" })
  async snapshot(@Param('day') day: string): Promise<PublishedSnapshot> {
    const parsed = parseIysDate(day);
    if (parsed === undefined) throw new DomainError('H501', iysCodeEntry('H501').message, ['day']);
    const found = await this.snapshots.findSnapshot(parsed);
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
