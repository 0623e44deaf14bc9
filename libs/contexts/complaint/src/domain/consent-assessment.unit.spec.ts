import { describe, expect, it } from '@jest/globals';
import { addBusinessDays, parseIysDateTime } from '@iys/platform/building-blocks';
import { ARTICLES, assessComplaint, type AssessmentInput } from './consent-assessment.js';

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
});
