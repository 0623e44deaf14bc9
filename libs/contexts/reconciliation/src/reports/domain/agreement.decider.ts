import type { Decider } from '@iys/platform/building-blocks';

/**
 * A provider's statement that one brand's movements of one day match its own records (İYS M3).
 * Recorded once; İYS: "once saved it cannot be changed", so a second capture decides nothing.
 * Stream: `reconciliation-<iysCode>.<brandCode>.<yyyymmdd>` (reconciliation-streams.ts).
 */
export const AGREEMENT_CAPTURED = 'reconciliation.AgreementCaptured';

export interface AgreementCapturedData {
  iysCode: number;
  brandCode: number;
  /** `YYYY-MM-DD`, Europe/Istanbul. */
  reportDate: string;
  /** SHA-256 (hex) of the movement file the registry served for that day when the agreement was captured. */
  hashValue: string;
  /** The API user who captured it (an opaque id). */
  capturedBy: string;
}

export type AgreementEvent = { type: typeof AGREEMENT_CAPTURED; data: AgreementCapturedData };

export type AgreementCommand = { type: 'CaptureAgreement' } & AgreementCapturedData;

export type AgreementState = { captured: false } | { captured: true; hashValue: string; capturedBy: string };

export const agreementDecider: Decider<AgreementCommand, AgreementEvent, AgreementState> = {
  initialState: () => ({ captured: false }),
  decide(command, state) {
    if (state.captured) return [];
    const { type: _command, ...data } = command;
    return [{ type: AGREEMENT_CAPTURED, data }];
  },
  evolve(state, event) {
    if (event.type !== AGREEMENT_CAPTURED || state.captured) return state;
    return { captured: true, hashValue: event.data.hashValue, capturedBy: event.data.capturedBy };
  },
};
