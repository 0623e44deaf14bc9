import type pg from 'pg';
import { isDatabaseUnavailable, NotifiedWorkLoop } from '@iys/platform/database';
import { comparePositions } from '../event-store.types.js';
import { EVENTS_CHANNEL } from '../postgres-event-store.js';
import { LogStretchCache } from './log-stretch-cache.js';
import type { ProjectionRunner } from './projection-runner.js';
import { projectionKey, type ProjectionDefinition } from './projection.types.js';

export interface DaemonLogger {
  error(details: Record<string, unknown>, message: string): void;
  warn?(details: Record<string, unknown>, message: string): void;
  info?(details: Record<string, unknown>, message: string): void;
}

/**
 * Keeps async projections caught up: woken by NOTIFY on every commit, with a poll as fallback
 * (a missed notification, or events that only became visible when an older transaction ended).
 * Inline projections are only run here while they rebuild (blue/green catch-up).
 *
 * Two latency classes (docs/adr/0062), each drained by a loop of its own with its own shared pass
 * (one log read per cohort): the prompt one follows every notification; the relaxed one (heavy read
 * models nobody polls: `latency: 'relaxed'`) is woken `relaxedDelayMs` after a prompt pass that
 * found new events (wake-ups in between coalesce), so it writes larger batches less often and its writes never delay the prompt pass.
 * The two classes share their log reads (docs/adr/0069): what one pass read below the horizon is kept
 * (at most `sharedReadEvents`, default 10 000) and the other class's pass takes it from memory.
 */
export class ProjectionDaemon {
  private readonly loops: NotifiedWorkLoop[] = [];
  private readonly relaxedLoop?: NotifiedWorkLoop;
  private relaxedTimer?: NodeJS.Timeout;
  private readonly stretches?: LogStretchCache;

  constructor(
    pool: pg.Pool,
    private readonly runner: ProjectionRunner,
    private readonly definitions: ProjectionDefinition[],
    private readonly options: { pollMs?: number; relaxedDelayMs?: number; sharedReadEvents?: number; logger?: DaemonLogger } = {},
  ) {
    const relaxed = definitions.filter((definition) => definition.latency === 'relaxed');
    const prompt = definitions.filter((definition) => definition.latency !== 'relaxed');
    // One class alone has nobody to share its reads with.
    const sharedReadEvents = options.sharedReadEvents ?? 10_000;
    if (relaxed.length > 0 && prompt.length > 0 && sharedReadEvents > 0) this.stretches = new LogStretchCache(sharedReadEvents);
    const loopOptions = (channel: string | undefined, lane: ProjectionDefinition[], onProgress?: () => void) => ({
      channel,
      pollMs: options.pollMs ?? 1000,
      work: () => this.drain(lane, onProgress),
      onError: (error: unknown) => this.logFailure('projection daemon', error),
      onUnavailable: (error: unknown) =>
        options.logger?.warn?.({ err: { name: (error as Error).name, code: (error as { code?: string }).code } }, 'database unavailable; projections paused, retrying'),
      onRecovered: () => options.logger?.info?.({}, 'database reachable again; projections resumed'),
    });
    if (relaxed.length > 0) this.relaxedLoop = new NotifiedWorkLoop(pool, loopOptions(undefined, relaxed));
    // The prompt loop holds the one LISTEN connection; each of its passes that found new events
    // schedules a relaxed one (a notification with nothing new below the horizon costs no relaxed pass).
    this.loops.push(new NotifiedWorkLoop(pool, loopOptions(EVENTS_CHANNEL, prompt, this.relaxedLoop && (() => this.wakeRelaxedSoon()))));
    if (this.relaxedLoop) this.loops.push(this.relaxedLoop);
  }

  async start(): Promise<void> {
    for (const definition of this.definitions) await this.runner.register(definition);
    for (const loop of this.loops) await loop.start();
  }

  wake(): void {
    for (const loop of this.loops) loop.wake();
  }

  async stop(): Promise<void> {
    if (this.relaxedTimer) clearTimeout(this.relaxedTimer);
    for (const loop of this.loops) await loop.stop();
  }

  /** Wakes the relaxed loop once `relaxedDelayMs` has passed: notifications in between coalesce. */
  private wakeRelaxedSoon(): void {
    if (this.relaxedTimer) return;
    this.relaxedTimer = setTimeout(() => {
      this.relaxedTimer = undefined;
      this.relaxedLoop?.wake();
    }, this.options.relaxedDelayMs ?? 250);
    this.relaxedTimer.unref();
  }

  /**
   * Runs every projection of one latency class as far as it can, in shared passes (`ProjectionRunner.runPass`): one log
   * read per pass in the steady state, fanned out to every projection. True when some are still
   * behind the log's head (events above the xmin horizon send no second notification when the
   * horizon moves, so look again soon) or failed (retried on the next drain, with the loop's growing
   * delay; a failing projection is left out of the rest of this drain and never holds back the
   * others' checkpoints).
   */
  private async drain(definitions: readonly ProjectionDefinition[], onProgress?: () => void): Promise<boolean> {
    const failed = new Set<ProjectionDefinition>();
    for (let more = true; more; ) {
      const pending = definitions.filter((definition) => !failed.has(definition));
      if (pending.length === 0) break;
      // Inline projections are only run here while they rebuild (blue/green catch-up).
      const { outcomes, full } = await this.runner.runPass(pending, {
        skip: (definition, status) => definition.inline === true && status !== 'rebuilding',
        stretches: this.stretches,
      });
      more = false;
      if (onProgress && [...outcomes.values()].some((outcome) => outcome.processed > 0)) onProgress();
      for (const [definition, outcome] of outcomes) {
        if (outcome.error !== undefined) {
          failed.add(definition);
          this.logFailure(projectionKey(definition), outcome.error);
        } else if (outcome.processed > 0 && full) more = true;
      }
    }
    let behind = failed.size > 0;
    const head = await this.runner.headPosition();
    const states = await this.runner.states(definitions);
    for (const definition of definitions) {
      if (failed.has(definition)) continue;
      try {
        const state = states.get(projectionKey(definition));
        if (state === undefined) throw new Error(`${projectionKey(definition)} is not registered`);
        if (definition.inline && state.status !== 'rebuilding') continue;
        const caughtUp = comparePositions(state.checkpoint, head) >= 0;
        if (!caughtUp) behind = true;
        // A first inline version that back-filled the past takes over; a blue/green successor waits
        // for an explicit promote.
        else if (definition.inline && (await this.runner.activeVersion(definition.name)) === undefined) await this.runner.promote(definition);
      } catch (error) {
        // A lost database is the loop's to wait out, not a failure of this projection.
        if (isDatabaseUnavailable(error)) throw error;
        behind = true;
        this.logFailure(projectionKey(definition), error);
      }
    }
    return behind;
  }

  private logFailure(projection: string, error: unknown): void {
    // Name and code only: messages of failed statements can quote values, and values can be personal data.
    const { name, code } = error as { name?: string; code?: string };
    this.options.logger?.error({ projection, err: { name, code } }, 'projection batch failed; it will be retried');
  }
}
