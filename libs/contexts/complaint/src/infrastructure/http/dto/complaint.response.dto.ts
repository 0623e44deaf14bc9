import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { StoredAttachment } from '../../../application/attachment-vault.js';
import type { CheckedConsent } from '../../../application/commands/check-consents/check-consents.handler.js';
import type { FiledComplaint } from '../../../application/commands/file-complaint/file-complaint.handler.js';
import type { ComplaintSummary } from '../../../application/complaint-views.js';
import type { EvidenceCheck } from '../../../application/queries/check-evidence/check-evidence.query.js';
import type { ComplaintStats, ComplaintStatsRow } from '../../../application/queries/get-complaint-stats/get-complaint-stats.handler.js';
import type { QueuePage } from '../../../application/queries/list-complaint-queue/list-complaint-queue.query.js';
import { COMPLAINT_SUBJECTS, DECISION_OUTCOMES, type AttachmentType } from '../../../domain/complaint.events.js';

const DATE_TIME = '2026-11-23 10:15:00';
const ID = '2f9c1e0a-7b44-4c1e-9d0a-1b2c3d4e5f60';
const text = (example?: string) => ({ type: String, nullable: true, ...(example ? { example } : {}) });
const integer = { type: Number, nullable: true };

/** A complaint as a queue or list shows it: ids, codes and dates only. */
export class ComplaintSummaryDto implements ComplaintSummary {
  @ApiProperty({ example: ID }) complaintId!: string;
  @ApiProperty({ example: 'FILED' }) status!: string;
  @ApiProperty({ enum: ['ARAMA', 'MESAJ', 'EPOSTA'] }) channel!: string;
  @ApiProperty({ enum: ['BIREYSEL', 'TACIR'] }) recipientType!: string;
  @ApiProperty({ example: 'ORNEKTCRT' }) sender!: string;
  @ApiProperty(integer) iysCode!: number | null;
  @ApiProperty(integer) brandCode!: number | null;
  @ApiProperty(text(DATE_TIME)) messageDate!: string | null;
  @ApiProperty({ example: 34 }) province!: number;
  @ApiProperty(text('NO_CONSENT_FOUND')) assessment!: string | null;
  @ApiProperty({ isArray: true, enum: COMPLAINT_SUBJECTS }) subjects!: string[];
  @ApiProperty({ example: 'web' }) filedVia!: string;
  @ApiProperty() checkedFirst!: boolean;
  @ApiProperty(text()) inspectorId!: string | null;
  @ApiProperty(text(DATE_TIME)) defenseDeadline!: string | null;
  @ApiProperty() overdue!: boolean;
  @ApiProperty({ type: String, nullable: true, enum: [...DECISION_OUTCOMES, null] }) outcome!: string | null;
  @ApiProperty(integer) fineAmount!: number | null;
  @ApiProperty(text(DATE_TIME)) filedAt!: string | null;
  @ApiProperty(text(DATE_TIME)) decidedAt!: string | null;
}

class ComplaintAttachmentDto {
  @ApiProperty({ example: ID }) attachmentId!: string;
  @ApiProperty({ enum: ['recipient', 'provider'] }) owner!: string;
  @ApiProperty({ example: 'image/png' }) contentType!: string;
  @ApiProperty({ example: 52_431 }) size!: number;
  @ApiProperty() sha256!: string;
  @ApiProperty(text(DATE_TIME)) addedAt!: string | null;
}

class DefenseViewDto {
  @ApiProperty(text()) text!: string | null;
  @ApiProperty({ type: [String] }) attachmentIds!: string[];
  @ApiProperty(text(DATE_TIME)) submittedAt!: string | null;
}

class DecisionViewDto {
  @ApiProperty({ enum: DECISION_OUTCOMES }) outcome!: string;
  @ApiProperty(integer) fineAmount!: number | null;
  @ApiProperty(text()) legalBasis!: string | null;
  @ApiProperty(text()) justification!: string | null;
  @ApiProperty(text()) mergedInto!: string | null;
  @ApiProperty(text(DATE_TIME)) decidedAt!: string | null;
}

class HistoryItemDto {
  @ApiProperty({ example: 'complaint.ComplaintFiled' }) type!: string;
  @ApiProperty({ example: DATE_TIME }) at!: string;
  @ApiProperty(text()) actorKind!: string | null;
  @ApiProperty(text()) actorId!: string | null;
}

/**
 * One complaint in full for its audience: the provider sees what it needs to answer, the
 * complainant also the brand text and the assessment, the authority everything (the optional fields).
 */
export class ComplaintDetailDto extends ComplaintSummaryDto {
  @ApiProperty(text('+905321234567')) recipient!: string | null;
  @ApiProperty(text()) senderAsSeen!: string | null;
  @ApiProperty(text()) content!: string | null;
  @ApiProperty(text('TURKCELL')) gsmOperator!: string | null;
  @ApiProperty({ type: [ComplaintAttachmentDto] }) attachments!: ComplaintAttachmentDto[];
  @ApiProperty({ type: DefenseViewDto, nullable: true }) defense!: DefenseViewDto | null;
  @ApiProperty({ type: DecisionViewDto, nullable: true }) decision!: DecisionViewDto | null;
  @ApiPropertyOptional(text()) brandText?: string | null;
  @ApiPropertyOptional(text()) rawHeaders?: string | null;
  @ApiPropertyOptional(text()) residence?: string | null;
  @ApiPropertyOptional(text()) nationalId?: string | null;
  @ApiPropertyOptional(text()) mersis?: string | null;
  @ApiPropertyOptional(integer) pickedBrandCode?: number | null;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true, description: 'The automatic assessment with its reasons' }) assessmentDetail?: object | null;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true, description: 'The consent as of the message time, with its inclusion proofs' }) consentAsOf?: object | null;
  @ApiPropertyOptional({ type: [HistoryItemDto] }) history?: HistoryItemDto[];
}

/** The authority's queue and the provider's list. */
export class ComplaintQueueDto implements QueuePage {
  @ApiProperty({ example: 0 }) offset!: number;
  @ApiProperty({ example: 50 }) limit!: number;
  @ApiProperty() more!: boolean;
  @ApiProperty({ type: [ComplaintSummaryDto] }) complaints!: ComplaintSummaryDto[];
}

/** The complainant's list. */
export class MyComplaintsDto {
  @ApiProperty({ type: [ComplaintSummaryDto] }) complaints!: ComplaintSummaryDto[];
}

class ComplaintStatsRowDto implements ComplaintStatsRow {
  @ApiProperty({ example: '2026-11' }) month!: string;
  @ApiProperty(integer) iysCode!: number | null;
  @ApiProperty(integer) brandCode!: number | null;
  @ApiProperty() complaints!: number;
  @ApiProperty() decided!: number;
  @ApiProperty() justified!: number;
  @ApiProperty(integer) justifiedShare!: number | null;
  @ApiProperty(integer) medianDaysToDecision!: number | null;
}

class CheckStepStatsDto {
  @ApiProperty() total!: number;
  @ApiProperty() followedByComplaint!: number;
  @ApiProperty(integer) deflectionRate!: number | null;
}

export class ComplaintStatsDto implements ComplaintStats {
  @ApiProperty({ type: [ComplaintStatsRowDto] }) rows!: ComplaintStatsRowDto[];
  @ApiProperty({ type: CheckStepStatsDto }) checks!: CheckStepStatsDto;
}

class EvidenceProofsDto {
  @ApiProperty() included!: number;
  @ApiProperty() pendingSnapshot!: number;
  @ApiProperty() nowIncluded!: number;
}

class EvidenceMismatchDto {
  @ApiProperty({ enum: ['H792', 'H793', 'H794'] }) code!: string;
  @ApiProperty() message!: string;
  @ApiProperty({ type: 'array', items: { oneOf: [{ type: 'string' }, { type: 'integer' }] } }) location!: (string | number)[];
}

export class EvidenceCheckDto implements EvidenceCheck {
  @ApiProperty({ example: ID }) complaintId!: string;
  @ApiProperty({ example: DATE_TIME }) checkedAt!: string;
  @ApiProperty({ example: DATE_TIME }) recordedAt!: string;
  @ApiProperty({ example: 'RECORDED' }) state!: string;
  @ApiProperty() recordChecked!: boolean;
  @ApiProperty() verified!: boolean;
  @ApiProperty({ type: EvidenceProofsDto }) proofs!: EvidenceProofsDto;
  @ApiProperty({ type: [EvidenceMismatchDto] }) mismatches!: EvidenceMismatchDto[];
}

export class StoredAttachmentDto implements StoredAttachment {
  @ApiProperty({ example: ID }) attachmentId!: string;
  @ApiProperty({ enum: ['image/png', 'image/jpeg', 'application/pdf'] }) contentType!: AttachmentType;
  @ApiProperty({ example: 52_431 }) size!: number;
  @ApiProperty() sha256!: string;
}

export class FiledComplaintDto implements FiledComplaint {
  @ApiProperty({ example: ID }) complaintId!: string;
  @ApiProperty({ example: 'FILED' }) status!: string;
  @ApiProperty({ example: 34 }) province!: number;
  @ApiProperty() resolved!: boolean;
  @ApiProperty(text('NO_CONSENT_FOUND')) assessment!: string | null;
}

class CheckedConsentDto implements CheckedConsent {
  @ApiProperty() consentId!: string;
  @ApiProperty({ example: '+905321234567' }) recipient!: string;
  @ApiProperty({ example: 700001 }) iysCode!: number;
  @ApiProperty({ example: 700001 }) brandCode!: number;
  @ApiProperty(text()) brandName!: string | null;
  @ApiProperty({ enum: ['ARAMA', 'MESAJ', 'EPOSTA'] }) type!: string;
  @ApiProperty({ enum: ['BIREYSEL', 'TACIR'] }) recipientType!: string;
  @ApiProperty({ enum: ['ONAY', 'RET'] }) status!: string;
  @ApiProperty({ example: 'HS_WEB' }) source!: string;
  @ApiProperty({ example: DATE_TIME }) consentDate!: string;
  @ApiProperty({ example: DATE_TIME }) creationDate!: string;
}

export class ConsentCheckDto {
  @ApiProperty({ example: ID }) checkId!: string;
  @ApiProperty({ type: [CheckedConsentDto] }) consents!: CheckedConsentDto[];
}

export class CheckedConsentRejectedDto {
  @ApiProperty() consentId!: string;
  @ApiProperty({ enum: ['RET'] }) status!: 'RET';
  @ApiProperty() transactionId!: string;
  @ApiProperty({ example: DATE_TIME }) creationDate!: string;
}

/** The answer of a step on a complaint: its id and new status (and what the step sets). */
export class ComplaintStepDto {
  @ApiProperty({ example: ID }) complaintId!: string;
  @ApiPropertyOptional({ example: 'DEFENSE_REQUESTED' }) status?: string;
  @ApiPropertyOptional({ enum: DECISION_OUTCOMES }) outcome?: string;
  @ApiPropertyOptional({ example: DATE_TIME }) deadline?: string;
  @ApiPropertyOptional({ example: ID }) inspectorId?: string;
  @ApiPropertyOptional({ example: 700001 }) iysCode?: number;
  @ApiPropertyOptional({ example: 700001 }) brandCode?: number;
  @ApiPropertyOptional({ example: 'NO_CONSENT_FOUND' }) assessment?: string;
}

export class AuthorityScopeSetDto {
  @ApiProperty({ example: ID }) userId!: string;
  @ApiProperty({ enum: ['MINISTRY', 'PROVINCE'] }) scope!: string;
  @ApiProperty(integer) province!: number | null;
}

/** A complaint attachment's bytes, with the type it was checked to be. */
export const ATTACHMENT_CONTENT = Object.fromEntries(['image/png', 'image/jpeg', 'application/pdf'].map((type) => [type, { schema: { type: 'string', format: 'binary' } }]));
