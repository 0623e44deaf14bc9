import type { Decider } from '@iys/platform/building-blocks';
import type { ConsentType } from './consent.events.js';
import type { DeliveryCategory } from './delivery-gate.js';

/**
 * A bulk scrub of a campaign list (docs/adr/0034): submitted with its sender, type and size, then
 * completed once every chunk has its result. One stream per job (`scrubJob-<jobId>`); the list
 * itself never enters an event (it is personal data), only its size.
 */
export type ScrubSender = { iysCode: number; brandCode: number } | { senderId: string };

export interface ScrubJobSubmittedData {
  jobId: string;
  operatorCode: number;
  sender: ScrubSender;
  consentType: ConsentType;
  category: DeliveryCategory;
  total: number;
  chunkCount: number;
  submittedAt: string;
  expiresAt: string;
}

export type ScrubJobEvent =
  | { type: 'consent.ScrubJobSubmitted'; data: ScrubJobSubmittedData }
  | { type: 'consent.ScrubJobCompleted'; data: { jobId: string; allowed: number; completedAt: string } };

export type ScrubJobCommand =
  | ({ type: 'SubmitScrubJob' } & ScrubJobSubmittedData)
  | { type: 'CompleteScrubJob'; allowed: number; completedAt: string };

export type ScrubJobState = { status: 'none' } | { status: 'running' | 'completed'; jobId: string; total: number };

export const MAX_SCRUB_RECIPIENTS = 1_000_000;

export const scrubJobDecider: Decider<ScrubJobCommand, ScrubJobEvent, ScrubJobState> = {
  initialState: () => ({ status: 'none' }),
  decide(command, state) {
    switch (command.type) {
      case 'SubmitScrubJob': {
        if (state.status !== 'none') return []; // a retried submission
        if (!Number.isSafeInteger(command.total) || command.total < 1 || command.total > MAX_SCRUB_RECIPIENTS) throw new RangeError('scrub job size out of range');
        const { type: _type, ...data } = command;
        return [{ type: 'consent.ScrubJobSubmitted', data }];
      }
      case 'CompleteScrubJob':
        // Completing twice (two workers racing at the end) records it once.
        if (state.status !== 'running') return [];
        return [{ type: 'consent.ScrubJobCompleted', data: { jobId: state.jobId, allowed: command.allowed, completedAt: command.completedAt } }];
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'consent.ScrubJobSubmitted':
        return { status: 'running', jobId: event.data.jobId, total: event.data.total };
      case 'consent.ScrubJobCompleted':
        return state.status === 'none' ? state : { ...state, status: 'completed' };
    }
  },
};
