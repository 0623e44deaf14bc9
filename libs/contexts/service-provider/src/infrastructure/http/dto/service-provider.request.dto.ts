import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROLES, type Role } from '@iys/platform/building-blocks';
import { IsAdminInstant, IsInt32, IsIpOrCidr, IysCode, SafeText } from '@iys/platform/nest';

const REQUIRED = { missing: 'H628', invalid: 'H628' } as const;
const ACTIVATION_DATE = { ...REQUIRED, isAdminInstant: 'H620' } as const;

export class SignatoryDto {
  @ApiProperty({ description: 'Full name of the authorised signatory' })
  @IysCode(REQUIRED) @IsString() @MinLength(2) @MaxLength(255) @SafeText()
  name!: string;

  @ApiProperty({ description: 'T.C. kimlik numarası (11 digits, checksum validated)' })
  @IysCode(REQUIRED) @IsString()
  nationalId!: string;

  @ApiProperty({ example: '+905321234567', description: 'A Turkish mobile number on a prefix allocated to a mobile operator (H617 otherwise)' })
  @IysCode({ ...REQUIRED, safeText: 'H617' }) @IsString() @MaxLength(32) @SafeText()
  mobile!: string;

  @ApiProperty({ description: 'Corporate address; free-mail domains are refused', example: 'yetkili@firma.com.tr' })
  @IysCode({ ...REQUIRED, safeText: 'H613' }) @IsString() @MaxLength(265) @SafeText()
  email!: string;
}

export class BrandApplicationDto {
  @ApiProperty({ example: 'ÖRNEK MARKA' })
  @IysCode({ ...REQUIRED, safeText: 'H614' }) @IsString() @MinLength(1) @MaxLength(255) @SafeText()
  name!: string;

  @ApiProperty({ description: 'Approved addresses the provider holds for this brand', example: 12000 })
  @IysCode(REQUIRED) @IsInt32()
  approvedAddressCount!: number;
}

export class SubmitApplicationDto {
  @ApiProperty({ example: 'Örnek Ticaret A.Ş.' })
  @IysCode({ ...REQUIRED, safeText: 'H618' }) @IsString() @SafeText()
  title!: string;

  @ApiProperty({ example: '0015001526400496' })
  @IysCode(REQUIRED) @IsString()
  mersis!: string;

  @ApiProperty({ example: '1234567890' })
  @IysCode(REQUIRED) @IsString()
  taxNumber!: string;

  @ApiProperty()
  @IysCode(REQUIRED) @IsString() @MinLength(5) @MaxLength(1000) @SafeText({ multiline: true })
  address!: string;

  @ApiProperty({ type: SignatoryDto })
  @IysCode(REQUIRED) @ValidateNested() @Type(() => SignatoryDto)
  signatory!: SignatoryDto;

  @ApiProperty({ type: [BrandApplicationDto] })
  @IysCode(REQUIRED) @ValidateNested({ each: true }) @ArrayMinSize(1) @ArrayMaxSize(100) @Type(() => BrandApplicationDto)
  brands!: BrandApplicationDto[];
}

export class ApproveApplicationDto {
  @ApiPropertyOptional({ description: '`YYYY-MM-DD HH:mm:ss` Europe/Istanbul (or ISO 8601 with a zone); after it consents may be back-dated only 3 business days. Defaults to now; an absent or empty body means every default.', example: '2026-12-01 09:00:00' })
  @IysCode(ACTIVATION_DATE) @IsOptional() @IsAdminInstant()
  activationDate?: string;
}

export class RejectApplicationDto {
  @ApiProperty()
  @IysCode(REQUIRED) @IsString() @MinLength(3) @MaxLength(1000) @SafeText({ multiline: true })
  reason!: string;
}

export class SetActivationDateDto {
  @ApiProperty({ description: '`YYYY-MM-DD HH:mm:ss` Europe/Istanbul (or ISO 8601 with a zone)', example: '2026-12-01 09:00:00' })
  @IysCode(ACTIVATION_DATE) @IsAdminInstant()
  activationDate!: string;
}

export class AuthoriseIntegratorDto {
  @ApiProperty({ enum: ['ARAMA', 'MESAJ', 'EPOSTA'], isArray: true })
  @IysCode({ missing: 'H628', invalid: 'H631' }) @IsArray() @ArrayMinSize(1) @IsIn(['ARAMA', 'MESAJ', 'EPOSTA'], { each: true })
  types!: ('ARAMA' | 'MESAJ' | 'EPOSTA')[];

  @ApiProperty({ description: 'May the integrator reconcile (mutabakat) for these brands' })
  @IysCode(REQUIRED) @IsBoolean()
  agreementControl!: boolean;

  @ApiPropertyOptional({ description: 'Brands granted; all active brands when omitted', type: [Number] })
  @IysCode({ missing: 'H628', invalid: 'H631' }) @IsOptional() @IsArray() @ArrayMinSize(1) @IsInt32({ min: 1 }, { each: true })
  brandCodes?: number[];
}

export class RegisterIntegratorDto {
  @ApiProperty({ example: 'Örnek Entegrasyon A.Ş.' })
  @IysCode({ ...REQUIRED, safeText: 'H618' }) @IsString() @MinLength(2) @MaxLength(255) @SafeText()
  title!: string;
}

export class AddBrandDto {
  @ApiProperty({ example: 'ÖRNEK OUTLET' })
  @IysCode({ ...REQUIRED, safeText: 'H614' }) @IsString() @MinLength(1) @MaxLength(255) @SafeText()
  name!: string;
}

const SENDER = { missing: 'H681', invalid: 'H681' } as const;

export class RegisterSenderDto {
  @ApiProperty({ enum: ['MESAJ', 'ARAMA', 'EPOSTA'], description: 'MESAJ: SMS originator header; ARAMA: calling number; EPOSTA: e-mail sender domain' })
  @IysCode(SENDER) @IsIn(['MESAJ', 'ARAMA', 'EPOSTA'])
  channel!: 'MESAJ' | 'ARAMA' | 'EPOSTA';

  @ApiProperty({ example: 'ORNEKMARKA', description: 'Header (3–11 characters), Turkish number (+90…, 0…, or 444XXXX) or domain; stored normalised' })
  @IysCode(SENDER) @IsString() @MinLength(1) @MaxLength(253)
  senderId!: string;
}
