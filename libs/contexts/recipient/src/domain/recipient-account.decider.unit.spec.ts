import { describe, expect, it } from '@jest/globals';
import { DomainError, foldEvents } from '@iys/platform/building-blocks';
import { recipientAccountDecider, type RecipientAccountCommand, type RecipientAccountState } from './recipient-account.decider.js';
import type { RecipientAccountEvent } from './recipient-account.events.js';

const ACCOUNT = '6f1d7a52-0000-4000-8000-000000000001';
const PHONE_ID = 'c0000000-0000-4000-8000-00000000000c';
const EMAIL_ID = 'a0000000-0000-4000-8000-00000000000a';
const NOW = '2026-11-23T07:00:00.000Z';
const SEALED = { kid: PHONE_ID, ct: 'sealed-bytes' };

const verify = (recipientId: string, addressKind: 'phone' | 'email' = 'phone', now = NOW): RecipientAccountCommand => ({
  type: 'VerifyAddress',
  accountId: ACCOUNT,
  recipientId,
  addressKind,
  address: { ...SEALED, kid: recipientId },
  via: 'web',
  now,
});
const requestErasure = (retentionDays: number, now = NOW): RecipientAccountCommand => ({ type: 'RequestErasure', accountId: ACCOUNT, now, retentionDays });

/** Decides each command on the state the previous ones left, as the store would. */
function run(...commands: RecipientAccountCommand[]): { events: RecipientAccountEvent[]; state: RecipientAccountState } {
  const events: RecipientAccountEvent[] = [];
  for (const command of commands) events.push(...recipientAccountDecider.decide(command, foldEvents(recipientAccountDecider, events)));
  return { events, state: foldEvents(recipientAccountDecider, events) };
}

function codeOf(decide: () => unknown): string | undefined {
  try {
    decide();
  } catch (error) {
    return error instanceof DomainError ? error.code : `not a DomainError: ${String(error)}`;
  }
  return undefined;
}

describe('a recipient account (stream recipientAccount-<accountId>)', () => {
  it('opens on the first verified address, with the address sealed and the channel it was proven through', () => {
    const { events, state } = run(verify(PHONE_ID));
    expect(events).toEqual([
      { type: 'recipient.AccountOpened', data: { accountId: ACCOUNT, openedAt: NOW } },
      {
        type: 'recipient.AddressVerified',
        data: { accountId: ACCOUNT, recipientId: PHONE_ID, addressKind: 'phone', address: { ...SEALED, kid: PHONE_ID }, verifiedAt: NOW, via: 'web' },
      },
    ]);
    expect(state.opened).toBe(true);
    expect([...state.addresses]).toEqual([[PHONE_ID, 'phone']]);
  });

  it('adds a second address without opening the account again', () => {
    const { events } = run(verify(PHONE_ID), verify(EMAIL_ID, 'email'));
    expect(events.map((e) => e.type)).toEqual(['recipient.AccountOpened', 'recipient.AddressVerified', 'recipient.AddressVerified']);
  });

  it('decides nothing when an address it already holds is verified again', () => {
    const { state } = run(verify(PHONE_ID));
    expect(recipientAccountDecider.decide(verify(PHONE_ID, 'phone', '2026-11-24T07:00:00.000Z'), state)).toEqual([]);
  });

  it('releases an address it holds (another account proved it), and nothing for one it does not hold', () => {
    const release: RecipientAccountCommand = { type: 'ReleaseAddress', accountId: ACCOUNT, recipientId: PHONE_ID, now: NOW };
    const { events, state } = run(verify(PHONE_ID), verify(EMAIL_ID, 'email'), release);
    expect(events.at(-1)).toEqual({
      type: 'recipient.AddressReleased',
      data: { accountId: ACCOUNT, recipientId: PHONE_ID, releasedAt: NOW, reason: 'verified-by-another-account' },
    });
    expect([...state.addresses.keys()]).toEqual([EMAIL_ID]);
    expect(recipientAccountDecider.decide(release, state)).toEqual([]);
    // Proving it again takes it back.
    expect(recipientAccountDecider.decide(verify(PHONE_ID), state).map((e) => e.type)).toEqual(['recipient.AddressVerified']);
  });

  describe('erasure request', () => {
    it('is refused (H671) for an account that never verified an address, or released all of them', () => {
      expect(codeOf(() => recipientAccountDecider.decide(requestErasure(1095), recipientAccountDecider.initialState()))).toBe('H671');
      const { state } = run(verify(PHONE_ID), { type: 'ReleaseAddress', accountId: ACCOUNT, recipientId: PHONE_ID, now: NOW });
      expect(codeOf(() => recipientAccountDecider.decide(requestErasure(1095), state))).toBe('H671');
    });

    it('names every address held, sorted, and the earliest execution after the retention period', () => {
      // Verified phone first, e-mail second: the ids come out sorted, not in verification order.
      const { events } = run(verify(PHONE_ID), verify(EMAIL_ID, 'email'), requestErasure(1095));
      expect(events.at(-1)).toEqual({
        type: 'recipient.ErasureRequested',
        data: { accountId: ACCOUNT, recipientIds: [EMAIL_ID, PHONE_ID], requestedAt: NOW, earliestExecution: '2029-11-22T07:00:00.000Z' },
      });
    });

    it('with no retention, may run at once', () => {
      const { events } = run(verify(PHONE_ID), requestErasure(0));
      expect(events.at(-1)).toMatchObject({ data: { requestedAt: NOW, earliestExecution: NOW } });
    });

    it('is taken once per address (H672 when every address held is already covered)', () => {
      const { state } = run(verify(PHONE_ID), requestErasure(30));
      expect([...state.erasureCovers]).toEqual([PHONE_ID]);
      expect(codeOf(() => recipientAccountDecider.decide(requestErasure(30, '2026-11-24T07:00:00.000Z'), state))).toBe('H672');
    });

    it('covers an address added after the first request with a request of its own', () => {
      const { events } = run(verify(PHONE_ID), requestErasure(30), verify(EMAIL_ID, 'email'), requestErasure(30));
      expect(events.at(-1)).toMatchObject({ type: 'recipient.ErasureRequested', data: { recipientIds: [EMAIL_ID] } });
    });

    it('refuses a negative or fractional retention period as a bug, not a client error', () => {
      const { state } = run(verify(PHONE_ID));
      expect(codeOf(() => recipientAccountDecider.decide(requestErasure(-1), state))).toMatch(/^not a DomainError/);
      expect(codeOf(() => recipientAccountDecider.decide(requestErasure(1.5), state))).toMatch(/^not a DomainError/);
    });
  });
});
