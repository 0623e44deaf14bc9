import { describe, expect, it } from '@jest/globals';
import { DELIVERY_REASON_CODES, DELIVERY_REASONS } from '../../domain/delivery-gate.js';
import { serialiseAnswers, type CheckAnswer } from './gate-answers.serialiser.js';

describe('serialiseAnswers', () => {
  it('writes exactly what JSON.stringify writes, for every reason, record type and brand', () => {
    const answers: CheckAnswer[] = [];
    for (const reason of DELIVERY_REASON_CODES) {
      for (const recipientType of [null, 'BIREYSEL', 'TACIR'] as const) {
        for (const brandCode of [null, 1, 710002, 2_147_483_647]) answers.push({ decision: DELIVERY_REASONS[reason], reason, recipientType, brandCode });
      }
    }
    expect(serialiseAnswers(answers)).toBe(JSON.stringify({ items: answers }));
    expect(serialiseAnswers(answers.slice(0, 1))).toBe(JSON.stringify({ items: answers.slice(0, 1) }));
    expect(serialiseAnswers([])).toBe('{"items":[]}');
  });

  it('leaves out whatever else an answer carries', () => {
    const answer = { decision: 'DENY' as const, reason: 'RET' as const, recipientType: 'TACIR' as const, brandCode: 5, recipientId: 'x', at: new Date() };
    expect(JSON.parse(serialiseAnswers([answer]))).toEqual({ items: [{ decision: 'DENY', reason: 'RET', recipientType: 'TACIR', brandCode: 5 }] });
  });
});
