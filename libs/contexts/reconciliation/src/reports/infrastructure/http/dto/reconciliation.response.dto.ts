import { ApiProperty } from '@nestjs/swagger';
import type { AgreementCaptured } from '../../../application/commands/capture-agreement/capture-agreement.command.js';
import type { AgreementInfo } from '../../../application/queries/get-agreement/get-agreement.query.js';
import type { ChangeStats } from '../../../application/queries/get-change-stats/get-change-stats.query.js';

class SourceCountsDto {
  @ApiProperty({ enum: ['HS', 'IYS'] }) source!: 'HS' | 'IYS';
  @ApiProperty({ example: 3 }) total!: number;
  @ApiProperty({ example: 2 }) approval!: number;
  @ApiProperty({ example: 1 }) rejection!: number;
}

class TypeCountsDto {
  @ApiProperty({ enum: ['ARAMA', 'MESAJ', 'EPOSTA'] }) type!: string;
  @ApiProperty({ type: [SourceCountsDto] }) consents!: SourceCountsDto[];
}

/** M1 answer. */
export class ChangeStatsDto implements ChangeStats {
  @ApiProperty({ type: [TypeCountsDto] }) changeStats!: TypeCountsDto[];
}

/** M2 answer. */
export class AgreementInfoDto implements AgreementInfo {
  @ApiProperty({ enum: ['completed'] }) processStatus!: 'completed';
  @ApiProperty({ example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' }) hashValue!: string;
  @ApiProperty({ enum: ['SHA-256'] }) hashMethod!: 'SHA-256';
  @ApiProperty() agreementStatus!: boolean;
}

/** M3 answer. */
export class AgreementCapturedDto implements AgreementCaptured {
  @ApiProperty({ enum: [true] }) agreementCaptured!: true;
}
