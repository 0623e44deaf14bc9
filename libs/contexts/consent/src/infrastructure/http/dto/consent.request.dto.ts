import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsDefined, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IsInt32, IysCode, IysDto } from '@iys/platform/nest';
import { CONSENT_STATUSES, CONSENT_TYPES, PROVIDER_SOURCES, RECIPIENT_TYPES, type ConsentStatus, type ConsentType, type ProviderSource, type RecipientType } from '../../../domain/consent.events.js';

const IYS_DATE_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

/** İYS C1 body: exactly these eight fields (any other is H118). */
@IysDto({ invalidBody: 'H085' })
export class AddConsentDto {
  @ApiPropertyOptional({ example: '2026-11-23 10:15:00', description: 'YYYY-MM-DD HH:mm:ss, Europe/Istanbul; required for BIREYSEL' })
  @IysCode({ invalid: 'H158' }) @IsOptional() @IsString() @Matches(IYS_DATE_TIME)
  consentDate?: string;

  @ApiPropertyOptional({ enum: PROVIDER_SOURCES, description: 'Required for BIREYSEL' })
  @IysCode({ invalid: 'H119', echoValue: true }) @IsOptional() @IsIn(PROVIDER_SOURCES)
  source?: ProviderSource;

  @ApiProperty({ example: '+905321234567', description: 'E.164 phone (ARAMA, MESAJ) or e-mail (EPOSTA)' })
  @IysCode({ missing: 'H114', invalid: 'H122' }) @IsDefined() @IsString() @MaxLength(265)
  recipient!: string;

  @ApiProperty({ enum: RECIPIENT_TYPES })
  @IysCode({ missing: 'H170', invalid: 'H116', echoValue: true }) @IsDefined() @IsIn(RECIPIENT_TYPES)
  recipientType!: RecipientType;

  @ApiProperty({ enum: CONSENT_STATUSES })
  @IysCode({ missing: 'H110', invalid: 'H115', echoValue: true }) @IsDefined() @IsIn(CONSENT_STATUSES)
  status!: ConsentStatus;

  @ApiProperty({ enum: CONSENT_TYPES })
  @IysCode({ missing: 'H111', invalid: 'H117', echoValue: true }) @IsDefined() @IsIn(CONSENT_TYPES)
  type!: ConsentType;

  @ApiPropertyOptional({ description: 'The retailer (bayi) that collected the consent' })
  @IysCode({ invalid: 'H603' }) @IsOptional() @IsInt32({ min: 1 })
  retailerCode?: number;

  @ApiPropertyOptional({ type: [Number], description: 'Retailers given access to this consent' })
  @IysCode({ invalid: 'H603', arrayMaxSize: 'H126' }) @IsOptional() @IsArray() @ArrayMaxSize(100) @IsInt32({ min: 1 }, { each: true })
  retailerAccess?: number[];
}

/** İYS C2 body. */
@IysDto({ invalidBody: 'H097' })
export class ConsentStatusQueryDto {
  @ApiProperty({ example: '+905321234567' })
  @IysCode({ missing: 'H114', invalid: 'H122' }) @IsDefined() @IsString() @MaxLength(265)
  recipient!: string;

  @ApiProperty({ enum: RECIPIENT_TYPES })
  @IysCode({ missing: 'H170', invalid: 'H116', echoValue: true }) @IsDefined() @IsIn(RECIPIENT_TYPES)
  recipientType!: RecipientType;

  @ApiProperty({ enum: CONSENT_TYPES })
  @IysCode({ missing: 'H111', invalid: 'H117', echoValue: true }) @IsDefined() @IsIn(CONSENT_TYPES)
  type!: ConsentType;
}

/** İYS C5 body. */
@IysDto({ invalidBody: 'H097' })
export class MultiStatusQueryDto {
  @ApiProperty({ type: [String], maxItems: 1000 })
  @IysCode({ missing: 'H168', invalid: 'H097', arrayMinSize: 'H164', arrayMaxSize: 'H642' }) @IsDefined() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(1000) @IsString({ each: true })
  recipients!: string[];
}
