import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsISO8601, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ServiceProviderContracts } from '@iys/contracts';
import { IysCode } from '@iys/platform/nest';
import { EXEMPTION_KINDS } from '../../../domain/sender-exemption.decider.js';
import { GrantSenderExemptionCommand } from '../../../application/commands/grant-sender-exemption/grant-sender-exemption.command.js';

const INVALID = { missing: 'H731', invalid: 'H731' } as const;
const CHANNELS = ['MESAJ', 'ARAMA', 'EPOSTA'] as const;

export class ExemptSenderDto {
  @ApiProperty({ enum: CHANNELS })
  @IysCode(INVALID) @IsIn(CHANNELS)
  channel!: ServiceProviderContracts.SenderChannel;

  @ApiProperty({ description: 'SMS header, calling number or e-mail domain', example: 'KIZILAY' })
  @IysCode(INVALID) @IsString() @MaxLength(255)
  senderId!: string;
}

export class RegistrationNumberDto {
  @ApiProperty({ enum: ['MERSIS', 'VKN'] })
  @IysCode(INVALID) @IsIn(['MERSIS', 'VKN'])
  scheme!: 'MERSIS' | 'VKN';

  @ApiProperty({ example: '0123456789' })
  @IysCode(INVALID) @IsString() @MaxLength(16)
  value!: string;
}

export class GrantSenderExemptionDto {
  @ApiProperty({ example: 'Türk Kızılay' })
  @IysCode(INVALID) @IsString() @MaxLength(500)
  organisation!: string;

  @ApiProperty({ enum: EXEMPTION_KINDS })
  @IysCode(INVALID) @IsIn(EXEMPTION_KINDS)
  kind!: ServiceProviderContracts.ExemptionKind;

  @ApiProperty({ type: RegistrationNumberDto })
  @IysCode(INVALID) @ValidateNested() @Type(() => RegistrationNumberDto)
  registrationNumber!: RegistrationNumberDto;

  @ApiProperty({ type: [ExemptSenderDto] })
  @IysCode(INVALID) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => ExemptSenderDto)
  senders!: ExemptSenderDto[];

  @ApiProperty({ description: 'ISO 8601 instant', example: '2026-01-01T00:00:00+03:00' })
  @IysCode(INVALID) @IsISO8601({ strict: true })
  validFrom!: string;

  @ApiPropertyOptional({ description: 'ISO 8601 instant, exclusive; open-ended when omitted' })
  @IysCode(INVALID) @IsOptional() @IsISO8601({ strict: true })
  validTo?: string;

  @ApiProperty({ example: '6563 sayılı Kanun, Yönetmelik md. 6' })
  @IysCode(INVALID) @IsString() @MaxLength(500)
  legalBasis!: string;
}

export class EndSenderExemptionDto {
  @ApiPropertyOptional({ description: 'ISO 8601 instant; now when omitted' })
  @IysCode(INVALID) @IsOptional() @IsISO8601({ strict: true })
  endedAt?: string;
}

/** The command a validated grant asks for (the API's route and the admin console's form). */
export function grantSenderExemptionCommand(body: GrantSenderExemptionDto, grantedBy: string): GrantSenderExemptionCommand {
  return new GrantSenderExemptionCommand({
    organisation: body.organisation,
    kind: body.kind,
    registrationNumber: { scheme: body.registrationNumber.scheme, value: body.registrationNumber.value },
    senders: body.senders.map(({ channel, senderId }) => ({ channel, senderId })),
    validFrom: body.validFrom,
    validTo: body.validTo ?? null,
    legalBasis: body.legalBasis,
    grantedBy,
  });
}
