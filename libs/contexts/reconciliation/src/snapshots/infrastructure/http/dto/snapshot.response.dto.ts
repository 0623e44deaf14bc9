import { ApiProperty } from '@nestjs/swagger';
import type { PublishedSnapshot } from '../../../application/queries/get-published-snapshot/get-published-snapshot.query.js';
import type { PublishedSigningKey } from '../../../application/queries/get-signing-key/get-signing-key.query.js';

const HEX = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export class SigningKeyDto implements PublishedSigningKey {
  @ApiProperty({ example: 'a1b2c3d4' }) publicKeyId!: string;
  @ApiProperty({ example: '-----BEGIN PUBLIC KEY-----\n…\n-----END PUBLIC KEY-----\n' }) publicKey!: string;
}

class BrandRootDto {
  @ApiProperty({ example: 700001 }) brandCode!: number;
  @ApiProperty({ example: HEX }) merkleRoot!: string;
  @ApiProperty({ example: HEX }) fileSha256!: string;
  @ApiProperty({ example: 12 }) eventCount!: number;
}

/** A completed day's signed roots. */
export class PublishedSnapshotDto extends SigningKeyDto implements PublishedSnapshot {
  @ApiProperty({ example: '2026-11-22' }) day!: string;
  @ApiProperty({ example: HEX }) registryRoot!: string;
  @ApiProperty({ description: 'Base64 Ed25519 signature of signedMessage (UTF-8)' }) signature!: string;
  @ApiProperty({ example: `iys-daily-snapshot/v1\n2026-11-22\n${HEX}` }) signedMessage!: string;
  @ApiProperty({ example: 12 }) eventCount!: number;
  @ApiProperty({ type: [BrandRootDto] }) brands!: BrandRootDto[];
}
