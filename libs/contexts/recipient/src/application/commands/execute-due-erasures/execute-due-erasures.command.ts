import { Command } from '@nestjs/cqrs';
import type { ErasureRun } from './execute-due-erasures.handler.js';

/** Crypto-shred every requested erasure whose retention period has passed (run daily, or by hand). */
export class ExecuteDueErasuresCommand extends Command<ErasureRun> {}
