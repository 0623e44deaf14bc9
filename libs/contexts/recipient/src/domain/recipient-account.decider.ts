import type { Decider } from '@iys/platform/building-blocks';
import { recipientError } from './recipient.errors.js';
import type { AddressKind, RecipientAccountEvent, SealedAddress, VerificationChannel } from './recipient-account.events.js';

export interface RecipientAccountState {
  opened: boolean;
  /** recipientId → kind, of the addresses the account holds now. */
  addresses: Map<string, AddressKind>;
  /** Addresses an erasure request already covers (an address added later needs a request of its own). */
  erasureCovers: Set<string>;
}

export type RecipientAccountCommand =
  | { type: 'VerifyAddress'; accountId: string; recipientId: string; addressKind: AddressKind; address: SealedAddress; via: VerificationChannel; now: string }
  | { type: 'ReleaseAddress'; accountId: string; recipientId: string; now: string }
  | { type: 'RequestErasure'; accountId: string; now: string; retentionDays: number };

const DAY_MS = 86_400_000;

/**
 * One recipient account (stream `recipientAccount-<accountId>`). An address belongs to whoever
 * proved control of it last (numbers are recycled: the new owner must see, and may reject, what is
 * registered for the number); the previous account releases it in the same append.
 */
export const recipientAccountDecider: Decider<RecipientAccountCommand, RecipientAccountEvent, RecipientAccountState> = {
  initialState: () => ({ opened: false, addresses: new Map(), erasureCovers: new Set() }),

  decide(command, state) {
    switch (command.type) {
      case 'VerifyAddress': {
        // Verifying again an address the account holds changes nothing.
        if (state.addresses.has(command.recipientId)) return [];
        const verified: RecipientAccountEvent = {
          type: 'recipient.AddressVerified',
          data: {
            accountId: command.accountId,
            recipientId: command.recipientId,
            addressKind: command.addressKind,
            address: command.address,
            verifiedAt: command.now,
            via: command.via,
          },
        };
        if (state.opened) return [verified];
        return [{ type: 'recipient.AccountOpened', data: { accountId: command.accountId, openedAt: command.now } }, verified];
      }
      case 'ReleaseAddress':
        if (!state.addresses.has(command.recipientId)) return [];
        return [
          {
            type: 'recipient.AddressReleased',
            data: { accountId: command.accountId, recipientId: command.recipientId, releasedAt: command.now, reason: 'verified-by-another-account' },
          },
        ];
      case 'RequestErasure': {
        if (!state.opened || state.addresses.size === 0) throw recipientError('H671');
        const uncovered = [...state.addresses.keys()].filter((recipientId) => !state.erasureCovers.has(recipientId));
        if (uncovered.length === 0) throw recipientError('H672');
        if (!Number.isInteger(command.retentionDays) || command.retentionDays < 0) throw new Error('retentionDays must be a non-negative integer');
        // The earliest moment: the retention period counted from the request; the executor also
        // waits for the period after the last consent movement, which may come later.
        const earliestExecution = new Date(Date.parse(command.now) + command.retentionDays * DAY_MS).toISOString();
        return [
          {
            type: 'recipient.ErasureRequested',
            data: { accountId: command.accountId, recipientIds: uncovered.sort(), requestedAt: command.now, earliestExecution },
          },
        ];
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'recipient.AccountOpened':
        return { ...state, opened: true };
      case 'recipient.AddressVerified':
        return { ...state, addresses: new Map(state.addresses).set(event.data.recipientId, event.data.addressKind) };
      case 'recipient.AddressReleased': {
        const addresses = new Map(state.addresses);
        addresses.delete(event.data.recipientId);
        return { ...state, addresses };
      }
      case 'recipient.ErasureRequested':
        return { ...state, erasureCovers: new Set([...state.erasureCovers, ...event.data.recipientIds]) };
    }
  },
};
