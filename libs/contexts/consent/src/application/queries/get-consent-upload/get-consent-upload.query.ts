import { Query } from '@nestjs/cqrs';
import type { ConsentUploadView } from './get-consent-upload.handler.js';

/** A provider's upload: its preview, and once submitted its progress and each row's outcome. */
export class GetConsentUploadQuery extends Query<ConsentUploadView> {
  constructor(
    readonly iysCode: number,
    readonly brandCode: number,
    readonly uploadId: string,
  ) {
    super();
  }
}
