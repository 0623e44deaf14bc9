import { Command } from '@nestjs/cqrs';
import type { Principal } from '@iys/platform/building-blocks';

/** A staged upload goes in as C3 batches: its rows that C3 would accept, at most 1000 a batch. */
export class SubmitConsentUploadCommand extends Command<{ uploadId: string; batches: number }> {
  constructor(
    readonly iysCode: number,
    readonly brandCode: number,
    readonly uploadId: string,
    readonly principal: Principal,
  ) {
    super();
  }
}
