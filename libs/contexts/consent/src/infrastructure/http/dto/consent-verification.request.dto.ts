import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsIn, IsString, Matches, MaxLength } from 'class-validator';
import { IysCode, IysDto } from '@iys/platform/nest';
import { CONSENT_TYPES, RECIPIENT_TYPES, type ConsentType, type RecipientType } from '../../../domain/consent.events.js';

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const SIX_DIGITS = /^\d{6}$/;

/**
 * İYS C8 start (overIys) body. `type` accepts every İYS type here so that EPOSTA gets C8's own
 * answer (H459, from the handler) rather than a shape error; `source` is any string here and must
 * be the registry channel of the type (H452, from the handler).
 */
@IysDto({ invalidBody: 'H085' })
export class StartConsentVerificationDto {
  @ApiProperty({ example: '+905321234567', description: 'E.164 phone number of the recipient' })
  @IysCode({ missing: 'H114', invalid: 'H122' }) @IsDefined() @IsString() @MaxLength(265)
  recipient!: string;

  @ApiProperty({ enum: RECIPIENT_TYPES })
  @IysCode({ missing: 'H170', invalid: 'H116', echoValue: true }) @IsDefined() @IsIn(RECIPIENT_TYPES)
  recipientType!: RecipientType;

  @ApiProperty({ enum: ['MESAJ', 'ARAMA'], description: 'EPOSTA is refused with H459' })
  @IysCode({ missing: 'H111', invalid: 'H117', echoValue: true }) @IsDefined() @IsIn(CONSENT_TYPES)
  type!: ConsentType;

  @ApiProperty({ enum: ['IYS_KISAMESAJ', 'IYS_CM'], description: 'IYS_KISAMESAJ for MESAJ (code by SMS), IYS_CM for ARAMA (code by the call centre)' })
  @IysCode({ missing: 'H113', invalid: 'H452' }) @IsDefined() @IsString() @MaxLength(32)
  source!: string;
}

/** İYS C8 completion (verificationCode) body. */
@IysDto({ invalidBody: 'H085' })
export class CompleteConsentVerificationDto {
  @ApiProperty({ example: '73b75030-3a92-4f1e-b247-b0509dbadbfc', description: 'The requestId overIys returned' })
  @IysCode({ missing: 'H454', invalid: 'H454' }) @IsDefined() @IsString() @Matches(UUID)
  requestId!: string;

  @ApiProperty({ example: '123456', description: 'The 6-digit code the recipient received, as a string' })
  @IysCode({ missing: 'H455', invalid: 'H455' }) @IsDefined() @IsString() @Matches(SIX_DIGITS)
  verificationCode!: string;
}
