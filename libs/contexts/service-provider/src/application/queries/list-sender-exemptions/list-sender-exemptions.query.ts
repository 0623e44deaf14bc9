import { Query } from '@nestjs/cqrs';
import type { SenderExemptionView } from './list-sender-exemptions.handler.js';

/** Exemptions, newest first; `current` keeps only those valid at `at`. */
export class ListSenderExemptionsQuery extends Query<SenderExemptionView[]> {
  constructor(readonly filter: { current?: { at: Date } } = {}) {
    super();
  }
}
