import { InvalidAppendError } from './event-store.errors.js';

/**
 * Stream ids follow `category-shardKey[.rest]` (message-db grammar). The shard key is the part that
 * a distributed deployment would partition by (a recipient id for consents), so every command
 * touches one shard (docs/adr/0006). `@` and `+` are refused outright: they are how an e-mail
 * address or an E.164 number would leak into an id.
 */
const STREAM_ID = /^([a-z][A-Za-z0-9]*)-([A-Za-z0-9_:-]+)((?:\.[A-Za-z0-9_:-]+)*)$/;

export interface ParsedStreamId {
  category: string;
  shardKey: string;
}

export function parseStreamId(streamId: string): ParsedStreamId {
  const match = STREAM_ID.exec(streamId);
  if (!match || streamId.length > 512) {
    throw new InvalidAppendError(
      'Stream ids must look like category-shardKey[.part…] using letters, digits, _ : - (no personal data)',
    );
  }
  return { category: match[1], shardKey: match[2] };
}

export function streamId(category: string, shardKey: string, ...parts: (string | number)[]): string {
  const id = [`${category}-${shardKey}`, ...parts.map(String)].join('.');
  parseStreamId(id);
  return id;
}

/** A LIKE pattern matching every stream id that starts with `prefix` (its own % _ \ taken literally). */
export function streamPrefixPattern(prefix: string): string {
  return prefix.replace(/[\\%_]/g, (c) => `\\${c}`) + '%';
}
