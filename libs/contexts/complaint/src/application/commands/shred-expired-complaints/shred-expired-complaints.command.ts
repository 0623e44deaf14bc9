import { Command } from '@nestjs/cqrs';

/** Shreds the personal data of finished complaints whose retention period ended (the nightly job's work); answers how many. */
export class ShredExpiredComplaintsCommand extends Command<{ shredded: number }> {}
