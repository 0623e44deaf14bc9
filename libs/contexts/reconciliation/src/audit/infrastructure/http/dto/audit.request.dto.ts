import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsIn, IsString, Matches, MaxLength } from 'class-validator';
import { IsInt32, IysCode, IysDto } from '@iys/platform/nest';
import {
  AUDIT_CONSENT_TYPES,
  AUDIT_RECIPIENT_TYPES,
  type AuditConsentType,
  type AuditRecipientType,
} from '../../../application/consent-audit.types.js';

const IYS_DATE_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

/*
 * Codes are the consent context's (H111, H114, H116, H117, H122, H157, H170) and the platform's (H191),
 * reused with the same meaning: this context registers none of them. The address is never echoed.
 */

/** `POST /audit/history` body: the address travels in the body, never in a URL (personal data). */
@IysDto({})
export class AuditHistoryDto {
  @ApiProperty({ example: '+905321234567', description: 'E.164 phone or e-mail address' })
  @IysCode({ missing: 'H114', invalid: 'H122' }) @IsDefined() @IsString() @MaxLength(265)
  recipient!: string;
}

/** `POST /audit/as-of` body: one consent (brand + recipient + recipientType + type) and the instant. */
@IysDto({})
export class AuditAsOfDto {
  @ApiProperty({ example: '+905321234567', description: 'E.164 phone (ARAMA, MESAJ) or e-mail (EPOSTA)' })
  @IysCode({ missing: 'H114', invalid: 'H122' }) @IsDefined() @IsString() @MaxLength(265)
  recipient!: string;

  @ApiProperty({ example: 123456 })
  @IysCode({ invalid: 'H191', echoValue: true }) @IsDefined() @IsInt32({ min: 1 })
  brandCode!: number;

  @ApiProperty({ enum: AUDIT_CONSENT_TYPES })
  @IysCode({ missing: 'H111', invalid: 'H117', echoValue: true }) @IsDefined() @IsIn(AUDIT_CONSENT_TYPES)
  type!: AuditConsentType;

  @ApiProperty({ enum: AUDIT_RECIPIENT_TYPES })
  @IysCode({ missing: 'H170', invalid: 'H116', echoValue: true }) @IsDefined() @IsIn(AUDIT_RECIPIENT_TYPES)
  recipientType!: AuditRecipientType;

  @ApiProperty({ example: '2026-11-23 10:15:00', description: 'YYYY-MM-DD HH:mm:ss Europe/Istanbul, against the recording time (creationDate)' })
  @IysCode({ invalid: 'H157', echoValue: true }) @IsDefined() @IsString() @Matches(IYS_DATE_TIME)
  at!: string;
}
