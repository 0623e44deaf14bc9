import { describe, expect, it } from '@jest/globals';
import { addBusinessDays, parseIysDateTime } from '@iys/platform/building-blocks';
import { ARTICLES, assessComplaint, exemptAt, type AssessmentInput } from './consent-assessment.js';

const at = (text: string) => parseIysDateTime(text)!.toISOString();
/** A message on Wednesday 2025-03-12 14:00 (no holiday near it). */
const messageAt = at('2025-03-12 14:00:00');
const base: AssessmentInput = { recipientType: 'BIREYSEL', messageAt, consent: { state: 'NONE' }, senderExempt: false, declaredTransactional: false };
/** A RET given `n` business days before the message day, at 10:00. */
const retBusinessDaysBefore = (n: number) => ({ state: 'RET' as const, since: at(`${addBusinessDays('2025-03-12', -n)} 10:00:00`) });

describe('automatic assessment of a complaint (a hint for the authority)', () => {
  it('no record for an individual: likely violation, citing the consent requirement', () => {
    expect(assessComplaint(base)).toEqual({ hint: 'LIKELY_VIOLATION', rule: 'NO_RECORD', article: ARTICLES.consentRequired });
    expect(ARTICLES.consentRequired).toContain('6563 sayılı Kanun m.6/1');
  });

  it('a merchant never rejected: allowed (no prior consent needed)', () => {
    expect(assessComplaint({ ...base, recipientType: 'TACIR' })).toEqual({ hint: 'ALLOWED', rule: 'TACIR_NEVER_REJECTED', article: ARTICLES.merchants });
  });

  it('ONAY at the message time: consent exists', () => {
    expect(assessComplaint({ ...base, consent: { state: 'ONAY', since: at('2025-01-01 10:00:00') } }).hint).toBe('CONSENT_EXISTS');
  });

  it('RET up to 3 business days before the message: within the legal grace; 4 or more: likely violation', () => {
    for (const n of [0, 1, 2, 3]) expect([n, assessComplaint({ ...base, consent: retBusinessDaysBefore(n) }).hint]).toEqual([n, 'WITHIN_GRACE']);
    for (const n of [4, 5, 30]) {
      const assessment = assessComplaint({ ...base, consent: retBusinessDaysBefore(n) });
      expect([n, assessment]).toEqual([n, { hint: 'LIKELY_VIOLATION', rule: 'RET_OLDER_THAN_GRACE', article: ARTICLES.rejection }]);
    }
    expect(ARTICLES.rejection).toContain('m.8/2');
  });

  it('counts business days, not calendar days: a RET on Friday, a message the next Wednesday is within grace', () => {
    const consent = { state: 'RET' as const, since: at('2025-03-07 17:00:00') };
    expect(assessComplaint({ ...base, consent }).hint).toBe('WITHIN_GRACE');
    expect(assessComplaint({ ...base, consent, messageAt: at('2025-03-13 09:00:00') }).hint).toBe('LIKELY_VIOLATION');
  });

  it('a merchant who rejected is treated like anyone who rejected', () => {
    expect(assessComplaint({ ...base, recipientType: 'TACIR', consent: retBusinessDaysBefore(5) }).hint).toBe('LIKELY_VIOLATION');
  });

  it('an exempt sender or a message declared transactional needs review, whatever the consent says', () => {
    expect(assessComplaint({ ...base, senderExempt: true })).toEqual({ hint: 'NEEDS_REVIEW', rule: 'SENDER_EXEMPT', article: ARTICLES.exempt });
    expect(assessComplaint({ ...base, declaredTransactional: true, consent: retBusinessDaysBefore(10) })).toEqual({
      hint: 'NEEDS_REVIEW',
      rule: 'DECLARED_TRANSACTIONAL',
      article: ARTICLES.exempt,
    });
  });

  it('an exemption counts only while it was valid at the message time (the end exclusive); then the sender is judged like any other', () => {
    const window = { validFrom: '2026-03-01T00:00:00.000Z', validTo: '2026-03-10T00:00:00.000Z' };
    const assess = (exemptions: { validFrom: string; validTo: string | null }[], at = messageAt) =>
      assessComplaint({ ...base, messageAt: at, senderExempt: exemptAt(exemptions, at), consent: retBusinessDaysBefore(10) });
    expect(assess([window], '2026-03-05T10:00:00.000Z')).toMatchObject({ hint: 'NEEDS_REVIEW', rule: 'SENDER_EXEMPT' });
    expect(assess([window], '2026-03-01T00:00:00.000Z').rule).toBe('SENDER_EXEMPT');
    expect(assess([window], '2026-03-10T00:00:00.000Z')).toMatchObject({ hint: 'LIKELY_VIOLATION', rule: 'RET_OLDER_THAN_GRACE' });
    expect(assess([window], '2026-02-28T23:59:59.000Z').hint).toBe('LIKELY_VIOLATION');
    expect(assess([{ validFrom: '2026-01-01T00:00:00.000Z', validTo: null }], '2026-06-01T10:00:00.000Z').rule).toBe('SENDER_EXEMPT');
    expect(assess([], '2026-03-05T10:00:00.000Z').hint).toBe('LIKELY_VIOLATION');
    // Several exemptions (one ended, one granted later): any one valid at the message time is enough.
    expect(assess([window, { validFrom: '2026-04-01T00:00:00.000Z', validTo: null }], '2026-03-20T10:00:00.000Z').hint).toBe('LIKELY_VIOLATION');
    expect(assess([window, { validFrom: '2026-04-01T00:00:00.000Z', validTo: null }], '2026-04-02T10:00:00.000Z').rule).toBe('SENDER_EXEMPT');
  });

  it('a message declared transactional needs review even with no record or an ONAY; exemption is named first when both hold', () => {
    expect(assessComplaint({ ...base, declaredTransactional: true }).rule).toBe('DECLARED_TRANSACTIONAL');
    expect(assessComplaint({ ...base, declaredTransactional: true, consent: { state: 'ONAY', since: messageAt } }).hint).toBe('NEEDS_REVIEW');
    expect(assessComplaint({ ...base, declaredTransactional: true, senderExempt: true }).rule).toBe('SENDER_EXEMPT');
  });
});
