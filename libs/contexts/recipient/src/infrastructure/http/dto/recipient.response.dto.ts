import { ApiProperty } from '@nestjs/swagger';
import type { InboundSmsResult } from '../../../application/commands/handle-inbound-sms/handle-inbound-sms.handler.js';
import type { ErasureAccepted } from '../../../application/commands/request-erasure/request-erasure.handler.js';
import type { RecipientTokenResponse } from '../../../application/identity/recipient-sessions.js';
import type { IssuedChallenge } from '../../../application/identity/sign-in-codes.js';
import type { ConsentHistory } from '../../../application/queries/get-consent-history/get-consent-history.handler.js';
import type { MyDataExport } from '../../../application/queries/export-my-data/export-my-data.handler.js';
import type { MyAddress } from '../../../application/queries/list-my-addresses/list-my-addresses.handler.js';
import type { MyConsent } from '../../../application/queries/list-my-consents/list-my-consents.handler.js';
import type { DecisionResult } from '../../../application/recipient-consents.js';

const DATE_TIME = '2026-11-23 10:15:00';
const CONSENT_ID = '700001-MESAJ-3f1c52d07e4a8e9b';

/** A sign-in (or add-address) code sent. */
export class IssuedChallengeDto implements IssuedChallenge {
  @ApiProperty({ example: '2f9c1e0a-7b44-4c1e-9d0a-1b2c3d4e5f60' }) challengeId!: string;
  @ApiProperty({ enum: ['sms', 'email'] }) channel!: 'sms' | 'email';
  @ApiProperty({ example: 300, description: 'Seconds' }) expiresIn!: number;
}

/** A recipient token. */
export class RecipientTokenDto implements RecipientTokenResponse {
  @ApiProperty() access_token!: string;
  @ApiProperty({ enum: ['bearer'] }) token_type!: 'bearer';
  @ApiProperty({ example: 1800 }) expires_in!: number;
}

export class SignedOutDto {
  @ApiProperty({ enum: [true] }) revoked!: true;
}

class MyAddressDto implements MyAddress {
  @ApiProperty({ example: '+905321234567' }) recipient!: string;
  @ApiProperty({ enum: ['phone', 'email'] }) kind!: 'phone' | 'email';
  @ApiProperty({ example: DATE_TIME }) verifiedAt!: string;
}

export class MyAddressesDto {
  @ApiProperty({ type: [MyAddressDto] }) addresses!: MyAddressDto[];
}

export class AddressAddedDto {
  @ApiProperty({ enum: ['phone', 'email'] }) addressKind!: string;
}

class MyConsentDto implements MyConsent {
  @ApiProperty({ example: CONSENT_ID }) consentId!: string;
  @ApiProperty({ example: '+905321234567' }) recipient!: string;
  @ApiProperty({ example: 700001 }) iysCode!: number;
  @ApiProperty({ type: String, nullable: true }) providerTitle!: string | null;
  @ApiProperty({ example: 700001 }) brandCode!: number;
  @ApiProperty({ type: String, nullable: true }) brandName!: string | null;
  @ApiProperty({ enum: ['ARAMA', 'MESAJ', 'EPOSTA'] }) type!: string;
  @ApiProperty({ enum: ['BIREYSEL', 'TACIR'] }) recipientType!: string;
  @ApiProperty({ enum: ['ONAY', 'RET'] }) status!: string;
  @ApiProperty({ example: 'HS_WEB' }) source!: string;
  @ApiProperty({ example: DATE_TIME }) consentDate!: string;
  @ApiProperty({ example: DATE_TIME }) creationDate!: string;
  @ApiProperty() transactionId!: string;
}

export class MyConsentsDto {
  @ApiProperty({ type: [MyConsentDto] }) consents!: MyConsentDto[];
}

class HistoryEntryDto {
  @ApiProperty() transactionId!: string;
  @ApiProperty({ enum: ['ONAY', 'RET'] }) status!: 'ONAY' | 'RET';
  @ApiProperty({ example: 'HS_WEB' }) source!: string;
  @ApiProperty({ enum: ['HS', 'IYS'] }) origin!: 'HS' | 'IYS';
  @ApiProperty({ example: DATE_TIME }) consentDate!: string;
  @ApiProperty({ example: DATE_TIME }) creationDate!: string;
  @ApiProperty({ example: 'service-provider' }) actorKind!: string;
  @ApiProperty({ example: 'api' }) channel!: string;
}

export class ConsentHistoryDto implements ConsentHistory {
  @ApiProperty({ example: CONSENT_ID }) consentId!: string;
  @ApiProperty({ type: [HistoryEntryDto] }) events!: HistoryEntryDto[];
}

export class DecisionResultDto implements DecisionResult {
  @ApiProperty({ example: CONSENT_ID }) consentId!: string;
  @ApiProperty({ enum: ['ONAY', 'RET'] }) status!: 'ONAY' | 'RET';
  @ApiProperty() transactionId!: string;
  @ApiProperty({ example: DATE_TIME }) creationDate!: string;
}

export class BulkRejectionResultDto {
  @ApiProperty({ type: [DecisionResultDto] }) rejected!: DecisionResultDto[];
  @ApiProperty({ example: 2, description: 'Approved consents the rejection applied to' }) matched!: number;
}

/** A one-click opt-out: the consent rejected now, or already rejected before. */
export class OptOutResultDto {
  @ApiProperty({ example: CONSENT_ID }) consentId!: string;
  @ApiProperty({ enum: ['RET'] }) status!: 'RET';
  @ApiProperty({ required: false }) transactionId?: string;
  @ApiProperty({ required: false, example: DATE_TIME }) creationDate?: string;
  @ApiProperty({ required: false, enum: [true] }) alreadyRejected?: true;
}

export class ErasureAcceptedDto implements ErasureAccepted {
  @ApiProperty({ example: DATE_TIME }) requestedAt!: string;
  @ApiProperty({ example: DATE_TIME }) earliestExecution!: string;
  @ApiProperty({ example: 1 }) addressCount!: number;
}

export class InboundSmsResultDto implements InboundSmsResult {
  @ApiProperty() messageId!: string;
  @ApiProperty({ enum: ['reject-all', 'reject-brand', 'complaint', 'help'] }) command!: InboundSmsResult['command'];
  @ApiProperty({ example: 1 }) rejected!: number;
}

class ExportAddressDto {
  @ApiProperty() recipient!: string;
  @ApiProperty() kind!: string;
  @ApiProperty() verifiedAt!: string;
}

class ExportHistoryDto {
  @ApiProperty() transactionId!: string;
  @ApiProperty() status!: string;
  @ApiProperty() source!: string;
  @ApiProperty() origin!: string;
  @ApiProperty() consentDate!: string;
  @ApiProperty() creationDate!: string;
  @ApiProperty() actorKind!: string;
  @ApiProperty() channel!: string;
}

class ExportConsentDto {
  @ApiProperty() recipient!: string;
  @ApiProperty({ type: String, nullable: true }) providerTitle!: string | null;
  @ApiProperty() brandCode!: number;
  @ApiProperty({ type: String, nullable: true }) brandName!: string | null;
  @ApiProperty() type!: string;
  @ApiProperty() recipientType!: string;
  @ApiProperty() status!: string;
  @ApiProperty({ type: [ExportHistoryDto] }) history!: ExportHistoryDto[];
}

class ExportNoticeDto {
  @ApiProperty() sentAt!: string;
  @ApiProperty() consentCount!: number;
}

class ExportErasureDto {
  @ApiProperty() requestedAt!: string;
  @ApiProperty() notBefore!: string;
  @ApiProperty({ type: String, nullable: true }) executedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) outcome!: string | null;
}

/** Everything the registry holds about the caller's addresses (format=json). */
export class MyDataExportDto implements MyDataExport {
  @ApiProperty({ example: DATE_TIME }) exportedAt!: string;
  @ApiProperty({ type: [ExportAddressDto] }) addresses!: ExportAddressDto[];
  @ApiProperty({ type: [ExportConsentDto] }) consents!: ExportConsentDto[];
  @ApiProperty({ type: [ExportNoticeDto] }) notices!: ExportNoticeDto[];
  @ApiProperty({ type: [ExportErasureDto] }) erasure!: ExportErasureDto[];
}
