import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROLES, type Role } from '@iys/platform/building-blocks';
import { IysCode } from '@iys/platform/nest';

const REQUIRED = { missing: 'H628', invalid: 'H628' } as const;

export class SignatoryDto {
  @ApiProperty({ description: 'Full name of the authorised signatory' })
  @IysCode(REQUIRED) @IsString() @MinLength(2) @MaxLength(255)
  name!: string;

  @ApiProperty({ description: 'T.C. kimlik numarası (11 digits, checksum validated)' })
  @IysCode(REQUIRED) @IsString()
  nationalId!: string;

  @ApiProperty({ example: '+905321234567' })
  @IysCode(REQUIRED) @IsString() @MaxLength(32)
  mobile!: string;

  @ApiProperty({ description: 'Corporate address; free-mail domains are refused', example: 'yetkili@firma.com.tr' })
  @IysCode(REQUIRED) @IsString() @MaxLength(265)
  email!: string;
}

export class BrandApplicationDto {
  @ApiProperty({ example: 'ÖRNEK MARKA' })
  @IysCode(REQUIRED) @IsString() @MinLength(1) @MaxLength(255)
  name!: string;

  @ApiProperty({ description: 'Approved addresses the provider holds for this brand', example: 12000 })
  @IysCode(REQUIRED) @IsInt() @Min(0)
  approvedAddressCount!: number;
}

export class SubmitApplicationDto {
  @ApiProperty({ example: 'Örnek Ticaret A.Ş.' })
  @IysCode(REQUIRED) @IsString()
  title!: string;

  @ApiProperty({ example: '0015001526400496' })
  @IysCode(REQUIRED) @IsString()
  mersis!: string;

  @ApiProperty({ example: '1234567890' })
  @IysCode(REQUIRED) @IsString()
  taxNumber!: string;

  @ApiProperty()
  @IysCode(REQUIRED) @IsString() @MinLength(5) @MaxLength(1000)
  address!: string;

  @ApiProperty({ type: SignatoryDto })
  @IysCode(REQUIRED) @ValidateNested() @Type(() => SignatoryDto)
  signatory!: SignatoryDto;

  @ApiProperty({ type: [BrandApplicationDto] })
  @IysCode(REQUIRED) @ValidateNested({ each: true }) @ArrayMinSize(1) @ArrayMaxSize(100) @Type(() => BrandApplicationDto)
  brands!: BrandApplicationDto[];
}

export class ApproveApplicationDto {
  @ApiPropertyOptional({ description: 'ISO 8601; after it consents may be back-dated only 3 business days. Defaults to now.' })
  @IysCode(REQUIRED) @IsOptional() @IsISO8601()
  activationDate?: string;
}

export class RejectApplicationDto {
  @ApiProperty()
  @IysCode(REQUIRED) @IsString() @MinLength(3) @MaxLength(1000)
  reason!: string;
}

export class SetActivationDateDto {
  @ApiProperty({ description: 'ISO 8601' })
  @IysCode(REQUIRED) @IsISO8601()
  activationDate!: string;
}

export class CreateApiUserDto {
  @ApiProperty({ example: 'ornek-api' })
  @IysCode(REQUIRED) @IsString()
  username!: string;

  @ApiProperty({ minLength: 12 })
  @IysCode(REQUIRED) @IsString()
  password!: string;

  @ApiProperty({ enum: ROLES })
  @IysCode({ ...REQUIRED, echoValue: true }) @IsIn(ROLES)
  role!: Role;

  @ApiPropertyOptional({ description: 'Required for role provider' })
  @IysCode(REQUIRED) @IsOptional() @IsInt()
  iysCode?: number;

  @ApiPropertyOptional({ description: 'Required for role integrator' })
  @IysCode(REQUIRED) @IsOptional() @IsInt()
  integratorCode?: number;

  @ApiPropertyOptional({ description: 'Source IP addresses the user may call from; any when omitted', type: [String] })
  @IysCode(REQUIRED) @IsOptional() @IsArray() @ArrayMaxSize(50) @IsString({ each: true })
  allowedIps?: string[];
}

export class AuthoriseIntegratorDto {
  @ApiProperty({ enum: ['ARAMA', 'MESAJ', 'EPOSTA'], isArray: true })
  @IysCode({ missing: 'H628', invalid: 'H631' }) @IsArray() @ArrayMinSize(1) @IsIn(['ARAMA', 'MESAJ', 'EPOSTA'], { each: true })
  types!: ('ARAMA' | 'MESAJ' | 'EPOSTA')[];

  @ApiProperty({ description: 'May the integrator reconcile (mutabakat) for these brands' })
  @IysCode(REQUIRED) @IsBoolean()
  agreementControl!: boolean;

  @ApiPropertyOptional({ description: 'Brands granted; all active brands when omitted', type: [Number] })
  @IysCode({ missing: 'H628', invalid: 'H631' }) @IsOptional() @IsArray() @ArrayMinSize(1) @IsInt({ each: true })
  brandCodes?: number[];
}

export class RegisterIntegratorDto {
  @ApiProperty({ example: 'Örnek Entegrasyon A.Ş.' })
  @IysCode(REQUIRED) @IsString() @MinLength(2) @MaxLength(255)
  title!: string;
}

export class AddBrandDto {
  @ApiProperty({ example: 'ÖRNEK OUTLET' })
  @IysCode(REQUIRED) @IsString() @MinLength(1) @MaxLength(255)
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
