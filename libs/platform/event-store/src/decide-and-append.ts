import { DomainError, type Decider } from '@iys/platform/building-blocks';
import type { SqlExecutor } from '@iys/platform/database';
import { ConcurrencyError, InvalidAppendError } from './event-store.errors.js';
import type { AppendRequest, AppendResult, EventMetadata, JsonObject, RecordedEvent } from './event-store.types.js';
import type { PostgresEventStore } from './postgres-event-store.js';

export interface DomainEvent {
  type: string;
  data: object;
}

/** One command for one stream: the unit every write of every context is made of. */
export interface Decision<Command, Event extends DomainEvent, State> {
  streamId: string;
  // Deciders of different aggregates may share one call (e.g. an address released by one account and verified by another).
  decider: Decider<Command, Event, State>;
  command: Command;
  /** Idempotency key: a retried command returns its first outcome instead of deciding again. */
  commandId?: string;
  /** Who acted and how; never personal data (docs/adr/0005). */
  metadata?: EventMetadata;
  /** Business time of an event (e.g. İYS consentDate); the recording time when absent. */
  occurredAt?: (event: Event) => Date | undefined;
  /**
   * The caller knows the stream cannot exist yet (its shard key was minted by this very call): the
   * first attempt decides on the initial state without a read. Were it wrong, the append's
   * `no_stream` expectation fails and the retry reads, as for any lost race.
   */
  knownNew?: boolean;
}

export type DecisionOutcome<State> =
  | {
      ok: true;
      /** The stream's state after this decision (or as it stood, for a duplicate or a no-op). */
      state: State;
      result: AppendResult;
      /** What this call decided and wrote; empty for a duplicate or a decision that changed nothing. */
      events: DomainEvent[];
    }
  | { ok: false; error: DomainError };

export interface DecideOptions {
  /**
   * All or nothing: the first refused decision is thrown and nothing is written. Without it each
   * decision succeeds or fails alone (İYS batch items) and the accepted ones are written together.
   */
  atomic?: boolean;
  /** Re-reads and re-decides this many times when another writer got in first. */
  maxRetries?: number;
  /**
   * Runs in the append's transaction with every decision's outcome (refused, replayed and written
   * alike), so what the caller records about them commits with the events; when nothing was left to
   * append, in a transaction of its own. Either way exactly once in a transaction that commits, or
   * the call throws.
   */
  withinAppend?: (tx: SqlExecutor, outcomes: DecisionOutcome<any>[]) => Promise<void>;
  /**
   * `false`: command ids are looked up (an earlier writer's outcome is replayed) and kept in the
   * events' metadata, but no idempotency row is written per decision, because the caller's own
   * record, written by `withinAppend` in the same transaction, already makes a rerun impossible.
   */
  recordCommandIds?: boolean;
}

const DEFAULT_MAX_RETRIES = 5;

/**
 * The one way commands change state (Emmett's CommandHandler, generalised to many streams): read
 * every stream, fold, decide, and append all accepted decisions in one transaction at the versions
 * read — optimistic, idempotent by command id, inline projections in the same transaction. A lost
 * race re-runs the decisions on the fresh state a bounded number of times; the decision written is
 * never a stale one. A decider refusing with a DomainError refuses that item only (or the whole call
 * when `atomic`); any other error is a bug and propagates.
 */
export async function decideAndAppend<State>(
  store: PostgresEventStore,
  decisions: readonly Decision<any, any, State>[],
  { atomic = false, maxRetries = DEFAULT_MAX_RETRIES, withinAppend, recordCommandIds = true }: DecideOptions = {},
): Promise<DecisionOutcome<State>[]> {
  assertDistinctStreams(decisions);
  const outcomes: (DecisionOutcome<State> | undefined)[] = new Array(decisions.length);
  const commandIds = decisions.flatMap((d) => (d.commandId ? [d.commandId] : []));
  const earlier = commandIds.length > 0 ? await store.processedCommands(commandIds) : new Map<string, AppendResult>();
  let pending = decisions.map((decision, index) => ({ decision, index }));
  let recorded = false;

  for (let attempt = 0; pending.length > 0; attempt++) {
    const toRead = pending.filter((p) => attempt > 0 || !p.decision.knownNew).map((p) => p.decision.streamId);
    const histories = toRead.length > 0 ? await store.readStreams(toRead) : new Map<string, RecordedEvent[]>();
    const requests: (AppendRequest & { index: number; state: State; decided: DomainEvent[] })[] = [];
    for (const { decision, index } of pending) {
      const history = histories.get(decision.streamId) ?? [];
      let state = fold(decision.decider, history);
      const done = decision.commandId ? earlier.get(decision.commandId) : undefined;
      if (done) {
        outcomes[index] = { ok: true, state, result: done, events: [] };
        continue;
      }
      let events: DomainEvent[];
      try {
        events = decision.decider.decide(decision.command, state);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        if (atomic) throw error;
        outcomes[index] = { ok: false, error };
        continue;
      }
      if (events.length === 0) {
        outcomes[index] = { ok: true, state, result: unchanged(decision.streamId, history.length), events: [] };
        continue;
      }
      for (const event of events) state = decision.decider.evolve(state, event);
      requests.push({
        index,
        state,
        decided: events,
        streamId: decision.streamId,
        expectedVersion: history.length,
        // The hash just read: the append chains onto it without reading the head again.
        previousHash: history.at(-1)?.hash,
        commandId: recordCommandIds ? decision.commandId : undefined,
        events: events.map((event) => ({
          type: event.type,
          data: { ...(event.data as JsonObject) },
          occurredAt: decision.occurredAt?.(event),
          metadata: { ...decision.metadata, ...(decision.commandId ? { commandId: decision.commandId } : {}) },
        })),
      });
    }
    if (requests.length === 0) break;
    const record = (results: AppendResult[]) =>
      results.forEach((result, i) => {
        const request = requests[i];
        // A concurrent twin of this command committed first: the stream holds its events, not ours.
        const state = result.duplicate ? fold(decisions[request.index].decider, histories.get(request.streamId) ?? []) : request.state;
        outcomes[request.index] = { ok: true, state, result, events: result.duplicate ? [] : request.decided };
      });
    try {
      const withinTransaction = withinAppend && ((tx: SqlExecutor, results: AppendResult[]) => {
        record(results);
        return withinAppend(tx, complete(outcomes));
      });
      record(await store.appendBatch(requests, { withinTransaction }));
      recorded = true;
      break;
    } catch (error) {
      if (!(error instanceof ConcurrencyError) || attempt >= maxRetries) throw error;
      // The append wrote nothing: every item of it is decided again on the state as it now is.
      const attempted = new Set(requests.map((r) => r.index));
      pending = pending.filter((p) => attempted.has(p.index));
    }
  }
  // Nothing (left) to append: the outcomes are recorded in a transaction of their own.
  if (withinAppend && !recorded) await store.transaction((tx) => withinAppend(tx, complete(outcomes)));
  return complete(outcomes);
}

function complete<State>(outcomes: (DecisionOutcome<State> | undefined)[]): DecisionOutcome<State>[] {
  return outcomes.map((outcome) => {
    if (!outcome) throw new Error('a decision was left without an outcome');
    return outcome;
  });
}

export interface CommandOptions {
  commandId?: string;
  metadata?: EventMetadata;
  maxRetries?: number;
}

export interface CommandOutcome<State> {
  state: State;
  result: AppendResult;
}

/** One command on one stream: `decideAndAppend` with a single, atomic decision. */
export async function handleCommand<Command, Event extends DomainEvent, State>(
  store: PostgresEventStore,
  decider: Decider<Command, Event, State>,
  streamId: string,
  command: Command,
  { commandId, metadata, maxRetries }: CommandOptions = {},
): Promise<CommandOutcome<State>> {
  const [outcome] = await decideAndAppend(store, [{ streamId, decider, command, commandId, metadata }], { atomic: true, maxRetries });
  if (!outcome.ok) throw outcome.error;
  return outcome;
}

export function toDomainEvent<Event extends DomainEvent>(event: RecordedEvent): Event {
  return { type: event.type, data: event.data } as unknown as Event;
}

function fold<State>(decider: Pick<Decider<unknown, DomainEvent, State>, 'evolve' | 'initialState'>, history: readonly RecordedEvent[]): State {
  let state = decider.initialState();
  for (const event of history) state = decider.evolve(state, toDomainEvent(event));
  return state;
}

function unchanged(streamId: string, version: number): AppendResult {
  return { streamId, nextExpectedVersion: version, eventIds: [], globalPositions: [], recordedAt: new Date(), duplicate: false };
}

function assertDistinctStreams(decisions: readonly { streamId: string }[]): void {
  const seen = new Set<string>();
  for (const { streamId } of decisions) {
    if (seen.has(streamId)) throw new InvalidAppendError(`Stream ${streamId} appears twice in one decision batch`);
    seen.add(streamId);
  }
}
