import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsDefined, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IsInt32, IysCode, IysDto } from '@iys/platform/nest';
import { CONSENT_TYPE_VALUES, type ConsentTypeValue } from '../../../domain/consent-reference.js';

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const STATUSES = ['ONAY', 'RET'] as const;
const WEB_SOURCES = ['IYS_WEB', 'IYS_MOBIL'] as const;
const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value);

@IysDto({ invalidBody: 'H678' })
export class RequestCodeDto {
  @ApiProperty({ example: '+905321234567', description: 'The phone number (E.164, +90…) or e-mail address to prove; the code is sent to it' })
  @IysCode({ missing: 'H660', invalid: 'H660' }) @IsDefined() @IsString() @MaxLength(265)
  recipient!: string;
}

@IysDto({ invalidBody: 'H678' })
export class RedeemCodeDto {
  @ApiProperty({ example: '73b75030-3a92-4f1e-b247-b0509dbadbfc', description: 'The challengeId the code request returned' })
  @IysCode({ missing: 'H664', invalid: 'H664' }) @IsDefined() @IsString() @Matches(UUID)
  challengeId!: string;

  @ApiProperty({ example: '123456', description: 'The 6-digit code received' })
  @IysCode({ missing: 'H664', invalid: 'H664' }) @IsDefined() @IsString() @Matches(/^\d{6}$/)
  code!: string;
}

@IysDto({ invalidBody: 'H678' })
export class ConsentDecisionDto {
  @ApiProperty({ enum: STATUSES })
  @IysCode({ missing: 'H673', invalid: 'H673', echoValue: true }) @IsDefined() @IsIn(STATUSES)
  status!: 'ONAY' | 'RET';

  @ApiPropertyOptional({ enum: WEB_SOURCES, description: 'The app the recipient uses (default IYS_WEB); a call-centre session always records IYS_CM' })
  @IysCode({ invalid: 'H674', echoValue: true }) @IsOptional() @IsIn(WEB_SOURCES)
  source?: 'IYS_WEB' | 'IYS_MOBIL';
}

@IysDto({ invalidBody: 'H678' })
export class BulkRejectionDto {
  @ApiPropertyOptional({ enum: WEB_SOURCES, description: 'The app the recipient uses (default IYS_WEB)' })
  @IysCode({ invalid: 'H674', echoValue: true }) @IsOptional() @IsIn(WEB_SOURCES)
  source?: 'IYS_WEB' | 'IYS_MOBIL';
}

export class ConsentFilterQuery {
  @ApiPropertyOptional({ enum: STATUSES })
  @IysCode({ invalid: 'H673', echoValue: true }) @IsOptional() @IsIn(STATUSES)
  status?: 'ONAY' | 'RET';

  @ApiPropertyOptional({ enum: CONSENT_TYPE_VALUES })
  @IysCode({ invalid: 'H675', echoValue: true }) @IsOptional() @IsIn(CONSENT_TYPE_VALUES)
  type?: ConsentTypeValue;

  @ApiPropertyOptional({ type: Number })
  @IysCode({ invalid: 'H676', echoValue: true }) @IsOptional() @Transform(toInt) @IsInt32({ min: 1 })
  brandCode?: number;
}

export class ExportQuery {
  @ApiPropertyOptional({ enum: ['json', 'csv'], description: 'Default json' })
  @IysCode({ invalid: 'H677', echoValue: true }) @IsOptional() @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

/** What the SMS gateway posts for a text received on the short number. */
@IysDto({ invalidBody: 'H678' })
export class InboundSmsDto {
  @ApiProperty({ description: "The gateway's unique id of the message" })
  @IysCode({ missing: 'H678', invalid: 'H678' }) @IsDefined() @IsString() @Matches(/^[A-Za-z0-9._:-]{1,100}$/)
  messageId!: string;

  @ApiProperty({ example: '+905321234567', description: "The sender's number" })
  @IysCode({ missing: 'H660', invalid: 'H660' }) @IsDefined() @IsString() @MaxLength(32)
  from!: string;

  @ApiProperty({ example: 'RET MARKA', description: 'The text as received' })
  @IysCode({ missing: 'H678', invalid: 'H678' }) @IsDefined() @IsString() @MaxLength(1000)
  text!: string;
}
