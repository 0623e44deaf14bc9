import { decryptValue, encryptValue, PiiVault, type EncryptedValue } from '@iys/platform/pii';

/** Recipients per chunk: the unit of work, of durability and of resumption (docs/adr/0034). */
export const SCRUB_CHUNK_SIZE = 10_000;
export const SCRUB_CHANNEL = 'iys_scrub_jobs';

/**
 * Seals a scrub job's chunks (its list and its results are addresses in clear) under a key derived
 * from the master key for this purpose, bound to the job, chunk and part, so a sealed chunk cannot be
 * replayed in another place. The rows are deleted with the job after its retention.
 */
export class ScrubChunkSeal {
  private readonly key: Buffer;

  constructor(vault: PiiVault) {
    this.key = vault.deriveKey('operator-gate-scrub-jobs');
  }

  seal(jobId: string, chunkNo: number, part: 'input' | 'result', lines: readonly string[]): EncryptedValue {
    return encryptValue(this.key, `${jobId}:${chunkNo}:${part}`, lines.join('\n'));
  }

  open(jobId: string, chunkNo: number, part: 'input' | 'result', sealed: EncryptedValue): string[] {
    if (sealed.kid !== `${jobId}:${chunkNo}:${part}`) throw new Error('a scrub chunk was sealed for another place');
    const text = decryptValue(this.key, sealed);
    return text.length === 0 ? [] : text.split('\n');
  }
}
