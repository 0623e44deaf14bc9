import { describe, expect, it } from '@jest/globals';
import { foldEvents } from '@iys/platform/building-blocks';
import { AGREEMENT_CAPTURED, agreementDecider, type AgreementCommand } from './agreement.decider.js';

const capture: AgreementCommand = {
  type: 'CaptureAgreement',
  iysCode: 600001,
  brandCode: 600002,
  reportDate: '2024-10-28',
  hashValue: 'ab'.repeat(32),
  capturedBy: 'user-1',
};

describe('the agreement of a brand’s day (İYS M3)', () => {
  it('is captured once, with the hash of the file agreed to', () => {
    const events = agreementDecider.decide(capture, agreementDecider.initialState());
    expect(events).toEqual([
      { type: AGREEMENT_CAPTURED, data: { iysCode: 600001, brandCode: 600002, reportDate: '2024-10-28', hashValue: 'ab'.repeat(32), capturedBy: 'user-1' } },
    ]);
    expect(foldEvents(agreementDecider, events)).toEqual({ captured: true, hashValue: 'ab'.repeat(32), capturedBy: 'user-1' });
  });

  it('decides nothing the second time, whoever asks and whatever the file hashes to now', () => {
    const state = foldEvents(agreementDecider, agreementDecider.decide(capture, agreementDecider.initialState()));
    expect(agreementDecider.decide({ ...capture, capturedBy: 'user-2', hashValue: 'cd'.repeat(32) }, state)).toEqual([]);
  });
});
