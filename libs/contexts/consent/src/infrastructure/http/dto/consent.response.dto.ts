import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CONSENT_STATUSES, CONSENT_TYPES, RECIPIENT_TYPES } from '../../../domain/consent.events.js';

const IYS_DATE_TIME = '^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}$';

/** C1 answer. */
export class ConsentAddedDto {
  @ApiProperty({ example: '8a3f1c52-0d7e-4a8e-9b1a-6f2f4c1d9e77' }) transactionId!: string;
  @ApiProperty({ pattern: IYS_DATE_TIME, example: '2026-11-23 10:15:02' }) creationDate!: string;
}

/** C2 answer: the consent as stored now. */
export class ConsentStatusDto {
  @ApiProperty({ enum: CONSENT_TYPES }) type!: string;
  @ApiProperty({ example: 'HS_WEB' }) source!: string;
  @ApiProperty({ example: '+905321234567' }) recipient!: string;
  @ApiProperty({ enum: RECIPIENT_TYPES }) recipientType!: string;
  @ApiProperty({ enum: CONSENT_STATUSES }) status!: string;
  @ApiProperty({ pattern: IYS_DATE_TIME, example: '2026-11-23 10:15:00' }) consentDate!: string;
  @ApiProperty({ pattern: IYS_DATE_TIME, example: '2026-11-23 10:15:02' }) creationDate!: string;
  @ApiProperty({ type: Number, nullable: true }) retailerCode!: number | null;
  @ApiProperty({ type: [Number] }) retailerAccess!: number[];
  @ApiProperty() transactionId!: string;
}

/** C3 answer: the batch is stored; C4 tells the items' fate. */
export class BatchAcceptedDto {
  @ApiProperty({ example: '5b0e2f0a-3c0d-4a55-8d6e-0f7c2b1e4a90' }) requestId!: string;
  @ApiProperty({ type: 'array', items: { type: 'object' } }) subRequests!: Record<string, unknown>[];
}

class BatchItemErrorDto {
  @ApiProperty({ example: 'H174' }) code!: string;
  @ApiProperty() message!: string;
}

/** C4: one item of a batch. */
export class BatchItemResultDto {
  @ApiProperty() index!: number;
  @ApiProperty({ enum: ['enqueue', 'success', 'failure'] }) status!: string;
  @ApiProperty() subrequestId!: string;
  @ApiPropertyOptional() transactionId?: string;
  @ApiPropertyOptional({ pattern: IYS_DATE_TIME }) creationDate?: string;
  @ApiPropertyOptional({ type: BatchItemErrorDto }) error?: BatchItemErrorDto;
  @ApiPropertyOptional({ description: 'v2 only' }) requestId?: string;
}

/** C5 answer: the recipients among those asked that hold an ONAY. */
export class MultiStatusDto {
  @ApiProperty() requestId!: string;
  @ApiProperty({ type: [String], example: ['+905321234567'] }) list!: string[];
}

/** C6: one movement. */
export class ConsentChangeDto {
  @ApiProperty({ pattern: IYS_DATE_TIME }) consentDate!: string;
  @ApiProperty({ pattern: IYS_DATE_TIME }) creationDate!: string;
  @ApiProperty({ example: 'HS_WEB' }) source!: string;
  @ApiProperty({ example: '+905321234567' }) recipient!: string;
  @ApiProperty({ enum: RECIPIENT_TYPES }) recipientType!: string;
  @ApiProperty({ enum: CONSENT_STATUSES }) status!: string;
  @ApiProperty({ enum: CONSENT_TYPES }) type!: string;
  @ApiProperty() transactionId!: string;
}

/** C6 answer: a page of movements and the cursor of the next one. */
export class ConsentChangesDto {
  @ApiProperty({ description: 'Opaque cursor: pass it as `after` for the next page' }) after!: string;
  @ApiProperty({ type: [ConsentChangeDto] }) list!: ConsentChangeDto[];
}
