import { splicedEventBytes, type SerialisedEvent } from '@iys/platform/event-store';

/**
 * Analysis only — the string `canonicalEventBytes` hashes, built by splicing (the store's own
 * `splicedEventBytes` since ADR 0059), as the analysis variants use it.
 */
export type SplicedEvent = SerialisedEvent;

export function splicedCanonicalEvent(e: SplicedEvent): string {
  return splicedEventBytes(e).toString('utf8');
}
