import { Query } from '@nestjs/cqrs';
import type { ConsentChange } from './pull-consent-changes.handler.js';
import type { ConsentOrigin } from '../../../domain/consent.events.js';

export class PullConsentChangesQuery extends Query<{ after: string; list: ConsentChange[] }> {
  constructor(
    readonly iysCode: number,
    readonly brandCode: number,
    readonly source: ConsentOrigin,
    readonly after: string | undefined,
    readonly limit: number,
  ) {
    super();
  }
}
