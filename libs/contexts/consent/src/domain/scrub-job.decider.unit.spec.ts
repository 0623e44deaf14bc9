import { describe, expect, it } from '@jest/globals';
import { foldEvents } from '@iys/platform/building-blocks';
import { MAX_SCRUB_RECIPIENTS, scrubJobDecider, type ScrubJobCommand, type ScrubJobEvent } from './scrub-job.decider.js';

const submission = (total: number): ScrubJobCommand => ({
  type: 'SubmitScrubJob',
  jobId: '0b7c6a52-0000-4000-8000-000000000001',
  operatorCode: 41,
  sender: { senderId: 'KAHVECI' },
  consentType: 'MESAJ',
  category: 'TICARI',
  total,
  chunkCount: Math.ceil(total / 10_000),
  submittedAt: '2026-12-03T10:00:00.000Z',
  expiresAt: '2026-12-10T10:00:00.000Z',
});
const complete: ScrubJobCommand = { type: 'CompleteScrubJob', allowed: 7, completedAt: '2026-12-03T10:01:00.000Z' };
const decide = (command: ScrubJobCommand, history: ScrubJobEvent[] = []) => scrubJobDecider.decide(command, foldEvents(scrubJobDecider, history));

describe('scrubJobDecider', () => {
  it('submits a job of 1 to 1 000 000 recipients once, carrying only its size', () => {
    const [submitted] = decide(submission(25_000));
    expect(submitted).toEqual({ type: 'consent.ScrubJobSubmitted', data: expect.objectContaining({ total: 25_000, chunkCount: 3, consentType: 'MESAJ' }) });
    expect(decide(submission(25_000), [submitted])).toEqual([]);
    expect(() => decide(submission(0))).toThrow(RangeError);
    expect(() => decide(submission(MAX_SCRUB_RECIPIENTS + 1))).toThrow(RangeError);
  });

  it('completes a running job once; an unknown job is never completed', () => {
    const submitted = decide(submission(10));
    const completed = decide(complete, submitted);
    expect(completed).toEqual([{ type: 'consent.ScrubJobCompleted', data: { jobId: '0b7c6a52-0000-4000-8000-000000000001', allowed: 7, completedAt: '2026-12-03T10:01:00.000Z' } }]);
    expect(decide(complete, [...submitted, ...completed])).toEqual([]);
    expect(decide(complete)).toEqual([]);
  });
});
