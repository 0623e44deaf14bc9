import { Command } from '@nestjs/cqrs';
import type { Principal } from '@iys/platform/building-blocks';
import type { UploadRowInput } from '../../consent-upload-streams.js';
import type { StagedUpload } from './stage-consent-upload.handler.js';

/** A bulk upload's rows, shape-checked as C3 items, to be previewed and kept for submission. */
export class StageConsentUploadCommand extends Command<StagedUpload> {
  constructor(
    readonly iysCode: number,
    readonly brandCode: number,
    readonly rows: UploadRowInput[],
    readonly principal: Principal,
  ) {
    super();
  }
}
