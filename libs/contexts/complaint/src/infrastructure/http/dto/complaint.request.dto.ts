import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsDefined, IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IysCode, IysDto } from '@iys/platform/nest';
import { COMPLAINT_CHANNELS, COMPLAINT_RECIPIENT_TYPES, COMPLAINT_SUBJECTS, DECISION_OUTCOMES, GSM_OPERATORS } from '../../../domain/complaint.events.js';

const IYS_DATE_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value);

@IysDto({ invalidBody: 'H760' })
export class CheckDto {
  @ApiProperty({ enum: COMPLAINT_CHANNELS })
  @IysCode({ missing: 'H761', invalid: 'H761', echoValue: true }) @IsDefined() @IsIn(COMPLAINT_CHANNELS)
  channel!: 'ARAMA' | 'MESAJ' | 'EPOSTA';
}

@IysDto({ invalidBody: 'H760' })
export class CheckRejectionDto {
  @ApiProperty({ description: 'A consentId the check showed' })
  @IysCode({ missing: 'H774', invalid: 'H774' }) @IsDefined() @IsString() @MaxLength(80)
  consentId!: string;
}

@IysDto({ invalidBody: 'H760' })
export class FileComplaintDto {
  @ApiProperty({ enum: COMPLAINT_CHANNELS })
  @IysCode({ missing: 'H761', invalid: 'H761', echoValue: true }) @IsDefined() @IsIn(COMPLAINT_CHANNELS)
  channel!: 'ARAMA' | 'MESAJ' | 'EPOSTA';

  @ApiProperty({ example: '+905321234567', description: 'Your own proven address that received the message' })
  @IysCode({ missing: 'H762', invalid: 'H762' }) @IsDefined() @IsString() @MaxLength(265)
  recipient!: string;

  @ApiProperty({ enum: COMPLAINT_RECIPIENT_TYPES })
  @IysCode({ missing: 'H763', invalid: 'H763', echoValue: true }) @IsDefined() @IsIn(COMPLAINT_RECIPIENT_TYPES)
  recipientType!: 'BIREYSEL' | 'TACIR';

  @ApiPropertyOptional({ description: 'MERSİS number (16 digits), required for TACIR' })
  @IysCode({ invalid: 'H764' }) @IsOptional() @IsString() @Matches(/^\d{16}$/)
  mersis?: string;

  @ApiPropertyOptional({ description: 'T.C. kimlik no (11 digits)' })
  @IysCode({ invalid: 'H785' }) @IsOptional() @IsString() @Matches(/^\d{11}$/)
  nationalId?: string;

  @ApiProperty({ example: 'ORNEKMARKA', description: 'The SMS header or number, calling number, or e-mail From address as seen' })
  @IysCode({ missing: 'H766', invalid: 'H766' }) @IsDefined() @IsString() @MinLength(1) @MaxLength(254)
  sender!: string;

  @ApiPropertyOptional({ description: 'Raw e-mail headers (EPOSTA)' })
  @IysCode({ invalid: 'H787' }) @IsOptional() @IsString() @MaxLength(20000)
  rawHeaders?: string;

  @ApiPropertyOptional({ description: 'The brand, picked among those holding a record for the address' })
  @IysCode({ invalid: 'H771', echoValue: true }) @IsOptional() @IsInt() @Min(1) @Max(2_147_483_647)
  brandCode?: number;

  @ApiPropertyOptional({ description: 'The brand as free text, when it is not among them' })
  @IysCode({ invalid: 'H787' }) @IsOptional() @IsString() @MaxLength(200)
  brandText?: string;

  @ApiProperty({ example: '2026-03-12 14:05:00', description: 'When the message or call arrived (Europe/Istanbul)' })
  @IysCode({ missing: 'H765', invalid: 'H765', echoValue: true }) @IsDefined() @IsString() @Matches(IYS_DATE_TIME)
  messageDate!: string;

  @ApiProperty({ description: 'Full text (SMS, e-mail) or a summary (call)' })
  @IysCode({ missing: 'H767', invalid: 'H767' }) @IsDefined() @IsString() @MinLength(1) @MaxLength(5000)
  content!: string;

  @ApiPropertyOptional({ enum: GSM_OPERATORS, description: 'Required for ARAMA and MESAJ' })
  @IysCode({ invalid: 'H768', echoValue: true }) @IsOptional() @IsIn(GSM_OPERATORS)
  gsmOperator?: (typeof GSM_OPERATORS)[number];

  @ApiProperty({ example: 34, description: 'Province of residence (plate code 1–81); the complaint goes to its directorate' })
  @IysCode({ missing: 'H769', invalid: 'H769', echoValue: true }) @IsDefined() @IsInt() @Min(1) @Max(81)
  province!: number;

  @ApiPropertyOptional({ description: 'Residence address (sealed)' })
  @IysCode({ invalid: 'H787' }) @IsOptional() @IsString() @MaxLength(500)
  residence?: string;

  @ApiProperty({ enum: COMPLAINT_SUBJECTS, isArray: true })
  @IysCode({ missing: 'H770', invalid: 'H770', echoValue: true }) @IsDefined() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(5) @IsIn(COMPLAINT_SUBJECTS, { each: true })
  subjects!: (typeof COMPLAINT_SUBJECTS)[number][];

  @ApiPropertyOptional({ description: 'The message says it is transactional (not commercial)' })
  @IysCode({ invalid: 'H760' }) @IsOptional() @IsBoolean()
  declaredTransactional?: boolean;

  @ApiPropertyOptional({ description: 'The checkId of the check step, when the consents were looked at first' })
  @IysCode({ invalid: 'H786' }) @IsOptional() @IsString() @Matches(UUID)
  checkId?: string;
}

@IysDto({ invalidBody: 'H760' })
export class ResolveSenderDto {
  @ApiProperty({ description: 'The brand the sender belongs to' })
  @IysCode({ missing: 'H789', invalid: 'H789', echoValue: true }) @IsDefined() @IsInt() @Min(1) @Max(2_147_483_647)
  brandCode!: number;
}

@IysDto({ invalidBody: 'H760' })
export class AssignInspectorDto {
  @ApiProperty({ description: "The inspector's user id" })
  @IysCode({ missing: 'H786', invalid: 'H786' }) @IsDefined() @IsString() @Matches(UUID)
  inspectorId!: string;
}

@IysDto({ invalidBody: 'H760' })
export class DefenseRequestDto {
  @ApiPropertyOptional({ description: 'Days the provider has to answer (default 15)', minimum: 1, maximum: 90 })
  @IysCode({ invalid: 'H779', echoValue: true }) @IsOptional() @IsInt() @Min(1) @Max(90)
  deadlineDays?: number;
}

@IysDto({ invalidBody: 'H760' })
export class DefenseDto {
  @ApiProperty({ description: "The provider's answer" })
  @IysCode({ missing: 'H787', invalid: 'H787' }) @IsDefined() @IsString() @MinLength(1) @MaxLength(5000)
  text!: string;
}

@IysDto({ invalidBody: 'H760' })
export class ComplaintDecisionDto {
  @ApiProperty({ enum: DECISION_OUTCOMES })
  @IysCode({ missing: 'H782', invalid: 'H782', echoValue: true }) @IsDefined() @IsIn(DECISION_OUTCOMES)
  outcome!: (typeof DECISION_OUTCOMES)[number];

  @ApiPropertyOptional({ description: 'Administrative fine in TRY (JUSTIFIED)' })
  @IysCode({ invalid: 'H782', echoValue: true }) @IsOptional() @IsNumber({ maxDecimalPlaces: 2 }) @Min(0.01) @Max(1_000_000_000)
  fineAmount?: number;

  @ApiPropertyOptional({ example: '6563 sayılı Kanun m.12/1-a', description: 'Legal basis of the fine (JUSTIFIED)' })
  @IysCode({ invalid: 'H782' }) @IsOptional() @IsString() @MinLength(3) @MaxLength(300)
  legalBasis?: string;

  @ApiProperty({ description: 'Reasons for the decision' })
  @IysCode({ missing: 'H787', invalid: 'H787' }) @IsDefined() @IsString() @MinLength(1) @MaxLength(5000)
  justification!: string;

  @ApiPropertyOptional({ description: 'MERGED: the complaint this one joins' })
  @IysCode({ invalid: 'H782' }) @IsOptional() @IsString() @Matches(UUID)
  mergedInto?: string;
}

@IysDto({ invalidBody: 'H760' })
export class AuthorityScopeDto {
  @ApiProperty({ enum: ['MINISTRY', 'PROVINCE'] })
  @IysCode({ missing: 'H784', invalid: 'H784', echoValue: true }) @IsDefined() @IsIn(['MINISTRY', 'PROVINCE'])
  scope!: 'MINISTRY' | 'PROVINCE';

  @ApiPropertyOptional({ description: 'Plate code 1–81 (PROVINCE)' })
  @IysCode({ invalid: 'H784', echoValue: true }) @IsOptional() @IsInt() @Min(1) @Max(81)
  province?: number;
}

export class QueueQuery {
  @ApiPropertyOptional() @IysCode({ invalid: 'H769', echoValue: true }) @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(81)
  province?: number;

  @ApiPropertyOptional({ enum: ['RECEIVED', 'DEFENSE_REQUESTED', 'DEFENSE_SUBMITTED', 'DECIDED', 'WITHDRAWN', 'CLOSED'] })
  @IysCode({ invalid: 'H786', echoValue: true }) @IsOptional() @IsIn(['RECEIVED', 'DEFENSE_REQUESTED', 'DEFENSE_SUBMITTED', 'DECIDED', 'WITHDRAWN', 'CLOSED'])
  status?: string;

  @ApiPropertyOptional({ enum: COMPLAINT_CHANNELS }) @IysCode({ invalid: 'H761', echoValue: true }) @IsOptional() @IsIn(COMPLAINT_CHANNELS)
  channel?: string;

  @ApiPropertyOptional() @IysCode({ invalid: 'H786', echoValue: true }) @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(2_147_483_647)
  iysCode?: number;

  @ApiPropertyOptional() @IysCode({ invalid: 'H786', echoValue: true }) @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(2_147_483_647)
  brandCode?: number;

  @ApiPropertyOptional({ enum: ['LIKELY_VIOLATION', 'WITHIN_GRACE', 'CONSENT_EXISTS', 'ALLOWED', 'NEEDS_REVIEW'] })
  @IysCode({ invalid: 'H786', echoValue: true }) @IsOptional() @IsIn(['LIKELY_VIOLATION', 'WITHIN_GRACE', 'CONSENT_EXISTS', 'ALLOWED', 'NEEDS_REVIEW'])
  assessment?: string;

  @ApiPropertyOptional({ description: 'Filed on or after (YYYY-MM-DD HH:mm:ss)' })
  @IysCode({ invalid: 'H786' }) @IsOptional() @IsString() @Matches(IYS_DATE_TIME)
  from?: string;

  @ApiPropertyOptional({ description: 'Filed before (YYYY-MM-DD HH:mm:ss)' })
  @IysCode({ invalid: 'H786' }) @IsOptional() @IsString() @Matches(IYS_DATE_TIME)
  to?: string;

  @ApiPropertyOptional({ enum: ['filedAt', '-filedAt', 'messageDate', '-messageDate'] })
  @IysCode({ invalid: 'H786', echoValue: true }) @IsOptional() @IsIn(['filedAt', '-filedAt', 'messageDate', '-messageDate'])
  sort?: 'filedAt' | '-filedAt' | 'messageDate' | '-messageDate';

  @ApiPropertyOptional({ default: 0 }) @IysCode({ invalid: 'H786', echoValue: true }) @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(1_000_000)
  offset?: number;

  @ApiPropertyOptional({ default: 50, maximum: 100 }) @IysCode({ invalid: 'H786', echoValue: true }) @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(100)
  limit?: number;
}

export class StatsQuery {
  @ApiPropertyOptional({ enum: ['json', 'csv'] })
  @IysCode({ invalid: 'H790', echoValue: true }) @IsOptional() @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}
