import type { Decider } from '@iys/platform/building-blocks';
import { handleCommand, streamId, type AppendResult, type PostgresEventStore } from '@iys/platform/event-store';
import type { PiiVault } from './pii-vault.js';

/** The tombstone on which every projection drops or anonymises a data subject's rows. */
export const RECIPIENT_DATA_ERASED = 'recipient.RecipientDataErased';

export type ErasureReason = 'recipient-request' | 'retention-expired';
type SubjectErasureEvent = { type: typeof RECIPIENT_DATA_ERASED; data: { recipientId: string; reason: ErasureReason } };
type EraseSubject = { recipientId: string; reason: ErasureReason };

/** A data subject's tombstone stream (`recipient-<recipientId>`): erased once, and once only. */
export const subjectErasureDecider: Decider<EraseSubject, SubjectErasureEvent, { erased: boolean }> = {
  initialState: () => ({ erased: false }),
  decide: ({ recipientId, reason }, { erased }) => (erased ? [] : [{ type: RECIPIENT_DATA_ERASED, data: { recipientId, reason } }]),
  evolve: () => ({ erased: true }),
};

/**
 * Crypto-shredding (docs/adr/0005): the subject's data key is destroyed, so every encrypted field
 * in every event reads as masked from now on, and a PII-free tombstone tells projections to drop
 * their rows. Both steps are idempotent, so a crash between them is repaired by running it again.
 */
export async function eraseSubject(
  { vault, store }: { vault: PiiVault; store: PostgresEventStore },
  recipientId: string,
  reason: ErasureReason,
): Promise<AppendResult> {
  // Ids are lower-case everywhere; one spelling means one tombstone stream and one command id.
  recipientId = recipientId.toLowerCase();
  await vault.shred(recipientId);
  const { result } = await handleCommand(store, subjectErasureDecider, streamId('recipient', recipientId), { recipientId, reason }, {
    commandId: `erase-subject:${recipientId}`,
    metadata: { actorKind: 'system' },
  });
  return result;
}
