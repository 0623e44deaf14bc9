import { decryptValue, envelopeOpeningSource, unwrapDataKey } from './envelope-cipher.js';

/**
 * Opening many sealed values on a worker thread (docs/adr/0068): the subjects' wrapped keys as the
 * vault read them and the values in; the plaintexts in the same order out. The worker runs
 * `openBatch` and the envelope cipher's own functions, sent to it as source, so the bytes and the
 * checks are those of `PiiVault.decryptMany`.
 */
export interface DecryptionBatch {
  /** Each subject once: its id (lower case) and its wrapped key, null when shredded. */
  keys: [string, Uint8Array | null][];
  /** Each value: its subject's id (lower case), then the envelope's kid (as sealed), iv, ct, tag. */
  values: [string, string, string, string, string][];
  /** What a value reads whose subject has no key (shredded or unknown). */
  masked: string;
}

export function openBatch({ keys, values, masked }: DecryptionBatch, masterKey: Uint8Array): string[] {
  const master = Buffer.from(masterKey.buffer, masterKey.byteOffset, masterKey.byteLength);
  const dataKeys = new Map<string, Buffer | null>();
  for (const [id, wrapped] of keys) {
    dataKeys.set(id, wrapped === null ? null : unwrapDataKey(master, Buffer.from(wrapped.buffer, wrapped.byteOffset, wrapped.byteLength), id));
  }
  return values.map(([id, kid, iv, ct, tag]) => {
    const key = dataKeys.get(id);
    return key === undefined || key === null ? masked : decryptValue(key, { $enc: 'v1', kid, iv, ct, tag });
  });
}

/** The worker's script: `openBatch` and the envelope cipher's opening, from their own source. */
export function decryptionWorkerSource(): string {
  return [envelopeOpeningSource(), String(openBatch), `function handle(input, workerData) { return { output: openBatch(input, workerData.masterKey) }; }`].join('\n');
}
