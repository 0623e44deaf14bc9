import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AUDIT_CONSENT_TYPES, AUDIT_RECIPIENT_TYPES, type AuditAsOf, type AuditConsentEvent, type AuditConsentHistory, type AuditHistory } from '../../../application/consent-audit.types.js';

const DATE_TIME = '2026-11-23 10:15:00';
const HEX = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const nullableText = { type: String, nullable: true };

class ChainBreakDto {
  @ApiProperty() position!: number;
  @ApiProperty({ enum: ['hash-mismatch', 'position-gap', 'head-mismatch'] }) reason!: 'hash-mismatch' | 'position-gap' | 'head-mismatch';
}

class ChainCheckDto {
  @ApiProperty() ok!: boolean;
  @ApiProperty() eventsChecked!: number;
  @ApiPropertyOptional({ type: ChainBreakDto }) firstBroken?: ChainBreakDto;
}

class RetailerAccessChangeDto {
  @ApiProperty({ enum: ['granted', 'revoked'] }) kind!: 'granted' | 'revoked';
  @ApiProperty({ type: [Number] }) retailerCodes!: number[];
  @ApiProperty({ type: [Number] }) retailerAccess!: number[];
}

class AuditEventDto implements AuditConsentEvent {
  @ApiProperty({ example: 1 }) position!: number;
  @ApiProperty() transactionId!: string;
  @ApiProperty({ enum: ['ONAY', 'RET'] }) status!: 'ONAY' | 'RET';
  @ApiProperty({ example: DATE_TIME }) consentDate!: string;
  @ApiProperty({ example: DATE_TIME }) creationDate!: string;
  @ApiProperty({ example: 'HS_WEB' }) source!: string;
  @ApiProperty({ enum: ['HS', 'IYS'] }) origin!: 'HS' | 'IYS';
  @ApiProperty(nullableText) actorKind!: string | null;
  @ApiProperty(nullableText) actorId!: string | null;
  @ApiProperty(nullableText) channel!: string | null;
  @ApiPropertyOptional({ type: RetailerAccessChangeDto }) retailerAccessChange?: RetailerAccessChangeDto;
}

class AuditProofEventDto extends AuditEventDto {
  @ApiProperty({ example: HEX }) hash!: string;
}

class AuditConsentHistoryDto implements AuditConsentHistory {
  @ApiProperty({ example: 700001 }) iysCode!: number;
  @ApiProperty({ example: 700001 }) brandCode!: number;
  @ApiProperty({ enum: AUDIT_CONSENT_TYPES }) type!: AuditConsentHistory['type'];
  @ApiProperty({ enum: AUDIT_RECIPIENT_TYPES }) recipientType!: AuditConsentHistory['recipientType'];
  @ApiProperty({ type: ChainCheckDto }) chain!: ChainCheckDto;
  @ApiProperty({ type: [AuditEventDto] }) events!: AuditEventDto[];
}

/** `POST /audit/history` answer. */
export class AuditHistoryAnswerDto implements AuditHistory {
  @ApiProperty({ example: '+905321234567' }) recipient!: string;
  @ApiProperty({ type: [AuditConsentHistoryDto] }) consents!: AuditConsentHistoryDto[];
}

const STEP = { type: 'object', required: ['position', 'hash'], properties: { position: { type: 'string', enum: ['left', 'right'] }, hash: { type: 'string' } } };

class InclusionDto {
  @ApiProperty({ enum: ['included', 'pending-snapshot', 'unverifiable'] }) status!: string;
  @ApiProperty({ example: '2026-11-22' }) day!: string;
  @ApiPropertyOptional({ enum: ['not-in-snapshot', 'brand-root-mismatch', 'snapshot-mismatch'], description: 'unverifiable only' }) reason?: string;
  @ApiPropertyOptional({ description: 'included only' }) leafIndex?: number;
  @ApiPropertyOptional() leafCount?: number;
  @ApiPropertyOptional({ type: 'array', items: STEP }) auditPath?: object[];
  @ApiPropertyOptional() iysCode?: number;
  @ApiPropertyOptional() brandCode?: number;
  @ApiPropertyOptional() brandRoot?: string;
  @ApiPropertyOptional() brandIndex?: number;
  @ApiPropertyOptional() brandCount?: number;
  @ApiPropertyOptional({ type: 'array', items: STEP }) brandPath?: object[];
  @ApiPropertyOptional() registryRoot?: string;
  @ApiPropertyOptional() signedMessage?: string;
  @ApiPropertyOptional() signature?: string;
  @ApiPropertyOptional() publicKeyId?: string;
}

class InclusionProofDto {
  @ApiProperty() transactionId!: string;
  @ApiProperty({ type: InclusionDto }) inclusion!: InclusionDto;
}

/** `POST /audit/as-of` answer. */
export class AuditAsOfAnswerDto implements Omit<AuditAsOf, 'inclusionProofs'> {
  @ApiProperty({ example: DATE_TIME }) at!: string;
  @ApiProperty({ enum: ['ONAY', 'RET', 'NONE'] }) state!: AuditAsOf['state'];
  @ApiProperty({ type: [AuditProofEventDto] }) proof!: AuditProofEventDto[];
  @ApiPropertyOptional({ type: AuditProofEventDto }) lastEvent?: AuditProofEventDto;
  @ApiProperty({ type: ChainCheckDto }) chain!: ChainCheckDto;
  @ApiProperty({ type: [InclusionProofDto] }) inclusionProofs!: InclusionProofDto[];
}
