import { describe, expect, it } from '@jest/globals';
import { DomainError, foldEvents } from '@iys/platform/building-blocks';
import { complaintDecider, type ComplaintCommand, type ComplaintState } from './complaint.decider.js';
import type { ComplaintEvent, ComplaintFiled } from './complaint.events.js';

const sealed = { $enc: 'v1', kid: 'k', iv: 'i', ct: 'c', tag: 't' };
const now = '2025-03-12T11:00:00.000Z';
const later = (days: number) => new Date(Date.parse(now) + days * 86_400_000).toISOString();
const filing: ComplaintFiled['data'] = {
  complaintId: 'c-1',
  accountId: 'acc-1',
  recipientId: 'rcp-1',
  address: sealed,
  addressKind: 'phone',
  channel: 'MESAJ',
  recipientType: 'BIREYSEL',
  senderId: 'ORNEKMARKA',
  senderAsSeen: sealed,
  rawHeaders: null,
  brandCode: null,
  brandText: null,
  messageAt: '2025-03-12T08:00:00.000Z',
  content: sealed,
  gsmOperator: 'TURKCELL',
  province: 34,
  residence: null,
  nationalId: null,
  mersis: null,
  subjects: ['REJECTED_STILL_RECEIVING'],
  declaredTransactional: false,
  filedVia: 'web',
  checkedFirst: true,
  agentId: null,
  filedAt: now,
};

/** given(events).when(command) → events, or the DomainError's code. */
function when(given: ComplaintEvent[], command: ComplaintCommand): ComplaintEvent[] | string {
  const state: ComplaintState = foldEvents(complaintDecider, given);
  try {
    return complaintDecider.decide(command, state);
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
}
const filed = complaintDecider.decide({ type: 'FileComplaint', complaint: filing, now }, complaintDecider.initialState());
const resolved: ComplaintEvent[] = [...filed, { type: 'complaint.SenderResolved', data: { complaintId: 'c-1', iysCode: 600001, brandCode: 700001, by: 'registry', byUserId: null, at: now } }];
const requested: ComplaintEvent[] = [...resolved, { type: 'complaint.DefenseRequested', data: { complaintId: 'c-1', iysCode: 600001, deadline: later(15), byUserId: 'auth-1', at: now } }];
const decide = (outcome: 'JUSTIFIED' | 'UNJUSTIFIED' | 'MERGED', extra: Partial<Extract<ComplaintCommand, { type: 'DecideComplaint' }>> = {}): ComplaintCommand => ({
  type: 'DecideComplaint',
  outcome,
  fineAmount: null,
  legalBasis: null,
  justification: sealed,
  mergedInto: null,
  byUserId: 'auth-1',
  now,
  ...extra,
});
const attachment = (owner: 'recipient' | 'provider', n: number, at = now): ComplaintCommand => ({
  type: 'AddAttachment',
  owner,
  attachmentId: `a-${owner}-${n}`,
  contentType: 'image/png',
  size: 10,
  sha256: 'ab',
  iysCode: 600001,
  now: at,
});

describe('complaint decider', () => {
  it('files a complaint once, with the filing time; a second filing on the stream is a duplicate', () => {
    expect(filed).toEqual([{ type: 'complaint.ComplaintFiled', data: { ...filing, filedAt: now } }]);
    expect(when(filed, { type: 'FileComplaint', complaint: filing, now })).toBe('H773');
  });

  it('refuses a message time in the future or older than a year, an empty subject list, a merchant without MERSİS, a channel the address cannot receive', () => {
    const file = (patch: Partial<ComplaintFiled['data']>) => when([], { type: 'FileComplaint', complaint: { ...filing, ...patch }, now });
    expect(file({ messageAt: later(0.001) })).toBe('H765');
    expect(file({ messageAt: later(-366) })).toBe('H765');
    expect(file({ subjects: [] })).toBe('H770');
    expect(file({ recipientType: 'TACIR' })).toBe('H764');
    expect(file({ recipientType: 'TACIR', mersis: sealed })).toHaveLength(1);
    expect(file({ channel: 'EPOSTA' })).toBe('H762');
  });

  it('asks the provider for a defense only once the sender is resolved, with a deadline after now', () => {
    expect(when(filed, { type: 'RequestDefense', deadline: later(15), byUserId: 'auth-1', now })).toBe('H780');
    expect(when(resolved, { type: 'RequestDefense', deadline: now, byUserId: 'auth-1', now })).toBe('H779');
    expect(when(resolved, { type: 'RequestDefense', deadline: later(15), byUserId: 'auth-1', now })).toEqual([requested[2]]);
    expect(when(requested, { type: 'RequestDefense', deadline: later(15), byUserId: 'auth-1', now })).toBe('H778');
  });

  it('takes the provider’s answer with its attachments before the deadline and refuses it after (H781); other providers never see it', () => {
    const text = sealed;
    const withFile = [...requested, ...(when(requested, attachment('provider', 1)) as ComplaintEvent[])];
    expect(when(withFile, { type: 'SubmitDefense', iysCode: 600001, text, byUserId: 'p-1', now: later(14) })).toEqual([
      { type: 'complaint.DefenseSubmitted', data: { complaintId: 'c-1', iysCode: 600001, text, attachmentIds: ['a-provider-1'], byUserId: 'p-1', at: later(14) } },
    ]);
    expect(when(requested, { type: 'SubmitDefense', iysCode: 600001, text, byUserId: 'p-1', now: later(15.01) })).toBe('H781');
    expect(when(requested, attachment('provider', 1, later(16)))).toBe('H781');
    expect(when(requested, { type: 'SubmitDefense', iysCode: 600002, text, byUserId: 'p-2', now })).toBe('H774');
    expect(when(resolved, { type: 'SubmitDefense', iysCode: 600001, text, byUserId: 'p-1', now })).toBe('H780');
    expect(when(resolved, attachment('provider', 1))).toBe('H780');
  });

  it('marks an unanswered defense overdue once, after the deadline only', () => {
    expect(when(requested, { type: 'MarkDefenseOverdue', now: later(14) })).toEqual([]);
    const overdue = when(requested, { type: 'MarkDefenseOverdue', now: later(16) }) as ComplaintEvent[];
    expect(overdue).toEqual([{ type: 'complaint.DefenseOverdue', data: { complaintId: 'c-1', deadline: later(15), at: later(16) } }]);
    expect(when([...requested, ...overdue], { type: 'MarkDefenseOverdue', now: later(17) })).toEqual([]);
  });

  it('reminds the provider once, within the last two days before the deadline, never after it or once answered', () => {
    expect(when(requested, { type: 'RemindDefense', now: later(12.9) })).toEqual([]);
    const reminded = when(requested, { type: 'RemindDefense', now: later(13.5) }) as ComplaintEvent[];
    expect(reminded).toEqual([{ type: 'complaint.DefenseReminded', data: { complaintId: 'c-1', iysCode: 600001, deadline: later(15), at: later(13.5) } }]);
    expect(when([...requested, ...reminded], { type: 'RemindDefense', now: later(14) })).toEqual([]);
    expect(when(requested, { type: 'RemindDefense', now: later(15.5) })).toEqual([]);
    expect(when(resolved, { type: 'RemindDefense', now: later(14) })).toEqual([]);
  });

  it('keeps at most 3 attachments per party', () => {
    let events = [...filed];
    for (const n of [1, 2, 3]) events = [...events, ...(when(events, attachment('recipient', n)) as ComplaintEvent[])];
    expect(when(events, attachment('recipient', 4))).toBe('H777');
  });

  it('decides: a justified complaint needs a fine and its legal basis; a merge names another complaint; nothing after a decision', () => {
    expect(when(requested, decide('JUSTIFIED'))).toBe('H782');
    expect(when(requested, decide('JUSTIFIED', { fineAmount: 5000 }))).toBe('H782');
    expect(when(requested, decide('UNJUSTIFIED', { fineAmount: 5000 }))).toBe('H782');
    expect(when(requested, decide('MERGED'))).toBe('H782');
    expect(when(requested, decide('MERGED', { mergedInto: 'c-1' }))).toBe('H782');
    const decided = when(requested, decide('JUSTIFIED', { fineAmount: 5000, legalBasis: '6563 m.12/1-a' })) as ComplaintEvent[];
    expect(decided[0]).toMatchObject({ type: 'complaint.ComplaintDecided', data: { outcome: 'JUSTIFIED', fineAmount: 5000, legalBasis: '6563 m.12/1-a' } });
    const after = [...requested, ...decided];
    expect(when(after, decide('UNJUSTIFIED'))).toBe('H778');
    expect(when(after, { type: 'WithdrawComplaint', accountId: 'acc-1', now })).toBe('H778');
    expect(when(after, { type: 'CloseComplaint', byUserId: 'auth-1', now })).toHaveLength(1);
    expect(when(requested, { type: 'CloseComplaint', byUserId: 'auth-1', now })).toBe('H778');
  });

  it('lets only its own complainant withdraw it, before a decision', () => {
    expect(when(filed, { type: 'WithdrawComplaint', accountId: 'acc-2', now })).toBe('H774');
    const withdrawn = when(filed, { type: 'WithdrawComplaint', accountId: 'acc-1', now }) as ComplaintEvent[];
    expect(withdrawn).toEqual([{ type: 'complaint.ComplaintWithdrawn', data: { complaintId: 'c-1', at: now } }]);
    expect(when([...filed, ...withdrawn], decide('UNJUSTIFIED'))).toBe('H778');
  });

  it('resolves a sender once; an unknown complaint is not found', () => {
    const again = { type: 'ResolveSender' as const, iysCode: 1, brandCode: 2, by: 'authority' as const, byUserId: 'auth-1', now };
    expect(when(resolved, again)).toBe('H788');
    expect(when(filed, again)).toHaveLength(1);
    expect(when([], again)).toBe('H774');
  });
});

describe('complaint decider: filing with a resolved sender', () => {
  it('records the resolution and the consent evidence with the filing, in one decision', () => {
    const evidence = { at: '2025-03-12 11:00:00', state: 'RET' as const };
    const assessment = { hint: 'LIKELY_VIOLATION' as const, rule: 'RET_OLDER_THAN_GRACE', article: 'm.8/2' };
    const events = when([], { type: 'FileComplaint', complaint: filing, resolution: { iysCode: 600001, brandCode: 700001, evidence, assessment }, now }) as ComplaintEvent[];
    expect(events.map((e) => e.type)).toEqual(['complaint.ComplaintFiled', 'complaint.SenderResolved', 'complaint.ConsentEvidenceRecorded']);
    expect(events[2].data).toEqual({ complaintId: 'c-1', brandCode: 700001, evidence, assessment, at: now });
    const state = foldEvents(complaintDecider, events);
    expect(state.provider).toEqual({ iysCode: 600001, brandCode: 700001 });
  });

  it('shreds the personal data of a finished complaint only (decided, closed or withdrawn), once', () => {
    const shred: ComplaintCommand = { type: 'ShredPersonalData', now: later(2000) };
    for (const open of [filed, resolved, requested]) expect(when(open, shred)).toBe('H778');
    const decided = [...requested, ...(when(requested, decide('UNJUSTIFIED')) as ComplaintEvent[])];
    const withdrawn = [...filed, ...(when(filed, { type: 'WithdrawComplaint', accountId: filing.accountId, now }) as ComplaintEvent[])];
    for (const finished of [decided, withdrawn]) {
      const shredded = when(finished, shred) as ComplaintEvent[];
      expect(shredded).toEqual([{ type: 'complaint.PersonalDataShredded', data: { complaintId: 'c-1', reason: 'retention-expired', at: later(2000) } }]);
      expect(when([...finished, ...shredded], shred)).toEqual([]);
    }
  });
});
