import { streamId, type AppendResult, type PostgresEventStore } from '@iys/platform/event-store';
import type { PiiVault } from './pii-vault.js';

/** The tombstone on which every projection drops or anonymises a data subject's rows. */
export const RECIPIENT_DATA_ERASED = 'recipient.RecipientDataErased';

/**
 * Crypto-shredding (docs/adr/0005): the subject's data key is destroyed, so every encrypted field
 * in every event reads as masked from now on, and a PII-free tombstone tells projections to drop
 * their rows. Both steps are idempotent, so a crash between them is repaired by running it again.
 */
export async function eraseSubject(
  { vault, store }: { vault: PiiVault; store: PostgresEventStore },
  recipientId: string,
  reason: 'recipient-request' | 'retention-expired',
): Promise<AppendResult> {
  // Ids are lower-case everywhere; one spelling means one tombstone stream and one command id.
  recipientId = recipientId.toLowerCase();
  await vault.shred(recipientId);
  return store.append({
    streamId: streamId('recipient', recipientId),
    expectedVersion: 'any',
    commandId: `erase-subject:${recipientId}`,
    events: [{ type: RECIPIENT_DATA_ERASED, data: { recipientId, reason }, metadata: { actorKind: 'system' } }],
  });
}
