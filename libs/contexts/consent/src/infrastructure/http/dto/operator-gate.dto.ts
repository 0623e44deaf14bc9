import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CATEGORIES, MAX_CHECKS_PER_CALL } from '../../../application/gate/gate-input.js';
import type { GateCounter } from '../../../application/gate/gate-records.js';
import type { ScrubJobProgress } from '../../../application/queries/get-scrub-job/get-scrub-job.handler.js';
import { CONSENT_TYPES, RECIPIENT_TYPES, type RecipientType } from '../../../domain/consent.events.js';
import { DELIVERY_REASON_CODES, type DeliveryDecision, type DeliveryReason } from '../../../domain/delivery-gate.js';
import type { CheckAnswer } from '../operator-gate.controller.js';

/**
 * The body of a gate check, for the document only: the controller checks it by hand (the hot path,
 * gate-input.ts), answering H734/H735.
 */
class GateSenderDto {
  @ApiPropertyOptional({ example: 'ORNEKTCRT', description: 'A registered sender identity; or iysCode and brandCode' }) senderId?: string;
  @ApiPropertyOptional({ example: 700001 }) iysCode?: number;
  @ApiPropertyOptional({ example: 700001 }) brandCode?: number;
}

class GateCheckItemDto {
  @ApiProperty({ type: GateSenderDto }) sender!: GateSenderDto;
  @ApiProperty({ example: '+905321234567', maxLength: 320 }) recipient!: string;
  @ApiProperty({ enum: CONSENT_TYPES }) type!: string;
  @ApiProperty({ enum: CATEGORIES }) category!: string;
  @ApiPropertyOptional({ example: '2026-11-23 10:15:00', description: 'When the message goes out; default now' }) at?: string;
}

export class GateCheckRequestDto {
  @ApiProperty({ type: [GateCheckItemDto], minItems: 1, maxItems: MAX_CHECKS_PER_CALL }) items!: GateCheckItemDto[];
}

class GateVerdictDto implements CheckAnswer {
  @ApiProperty({ enum: ['ALLOW', 'DENY'] }) decision!: DeliveryDecision;
  @ApiProperty({ enum: DELIVERY_REASON_CODES }) reason!: DeliveryReason;
  @ApiProperty({ enum: [...RECIPIENT_TYPES, null], nullable: true }) recipientType!: RecipientType | null;
  @ApiProperty({ type: Number, nullable: true }) brandCode!: number | null;
}

/** The verdicts, in the order of the checks. */
export class GateCheckAnswerDto {
  @ApiProperty({ type: [GateVerdictDto] }) items!: GateVerdictDto[];
}

class GateCounterDto implements GateCounter {
  @ApiProperty({ example: 1 }) operatorCode!: number;
  @ApiProperty({ type: Number, nullable: true }) brandCode!: number | null;
  @ApiProperty({ enum: ['ALLOW', 'DENY'] }) decision!: string;
  @ApiProperty({ enum: DELIVERY_REASON_CODES }) reason!: string;
  @ApiProperty({ example: 12 }) count!: number;
}

/** A day's gate counters. */
export class GateStatsDto {
  @ApiProperty({ example: '2026-11-23' }) day!: string;
  @ApiProperty({ type: [GateCounterDto] }) counters!: GateCounterDto[];
}

/** A scrub job accepted. */
export class ScrubJobAcceptedDto {
  @ApiProperty({ example: '0b8f9d2e-6c1a-4e8f-9a53-2d7c1e0f4b6a' }) jobId!: string;
  @ApiProperty({ example: 1000 }) total!: number;
}

/** A scrub job's progress. */
export class ScrubJobProgressDto implements ScrubJobProgress {
  @ApiProperty({ example: '0b8f9d2e-6c1a-4e8f-9a53-2d7c1e0f4b6a' }) jobId!: string;
  @ApiProperty({ enum: ['running', 'completed'] }) status!: 'running' | 'completed';
  @ApiProperty({ example: 1000 }) total!: number;
  @ApiProperty({ example: 1000 }) processed!: number;
  @ApiProperty({ example: 920 }) allowed!: number;
  @ApiProperty({ example: '2026-11-23 10:15:00' }) submittedAt!: string;
  @ApiProperty({ type: String, nullable: true, example: '2026-11-23 10:15:09' }) completedAt!: string | null;
  @ApiProperty({ example: '2026-11-30 10:15:00' }) expiresAt!: string;
}
