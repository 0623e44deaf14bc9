import { ApiProperty } from '@nestjs/swagger';
import type { ConsentVerificationCompleted } from '../../../application/commands/complete-consent-verification/complete-consent-verification.handler.js';
import type { ConsentVerificationStarted } from '../../../application/commands/start-consent-verification/start-consent-verification.handler.js';

/** C8 startProcess answer: the process to complete with the recipient's code. */
export class ConsentVerificationStartedDto implements ConsentVerificationStarted {
  @ApiProperty({ example: '5b0e2f0a-3c0d-4a55-8d6e-0f7c2b1e4a90' }) requestId!: string;
}

/** C8 endProcess answer: the ONAY recorded. */
export class ConsentVerificationCompletedDto implements ConsentVerificationCompleted {
  @ApiProperty({ example: '8a3f1c52-0d7e-4a8e-9b1a-6f2f4c1d9e77' }) transactionId!: string;
  @ApiProperty({ example: '2026-11-23 10:15:02' }) creationDate!: string;
}
