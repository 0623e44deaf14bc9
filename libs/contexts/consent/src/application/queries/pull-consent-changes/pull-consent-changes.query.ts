import type { ConsentOrigin } from '../../../domain/consent.events.js';

export class PullConsentChangesQuery {
  constructor(
    readonly iysCode: number,
    readonly brandCode: number,
    readonly source: ConsentOrigin,
    readonly after: string | undefined,
    readonly limit: number,
  ) {}
}
