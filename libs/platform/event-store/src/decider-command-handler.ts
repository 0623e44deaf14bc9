import type { Decider } from '@iys/platform/building-blocks';
import { ConcurrencyError } from './event-store.errors.js';
import type { AppendResult, EventMetadata, JsonObject, RecordedEvent } from './event-store.types.js';
import type { PostgresEventStore } from './postgres-event-store.js';

export interface DomainEvent {
  type: string;
  data: object;
}

export interface CommandOptions {
  /** Idempotency key: a retried command returns its first outcome. */
  commandId?: string;
  metadata?: EventMetadata;
  /** Re-reads and re-decides this many times when another writer got in first. */
  maxRetries?: number;
}

export interface CommandOutcome<State> {
  state: State;
  result: AppendResult;
}

/**
 * The one way commands change an aggregate: read its stream, fold it, decide, append at the version
 * read (Emmett's CommandHandler). A lost race re-runs the decision on the fresh state a bounded
 * number of times; the decision, not a stale one, is what gets written.
 */
export async function handleCommand<Command, Event extends DomainEvent, State>(
  store: PostgresEventStore,
  decider: Decider<Command, Event, State>,
  streamId: string,
  command: Command,
  { commandId, metadata = {}, maxRetries = 3 }: CommandOptions = {},
): Promise<CommandOutcome<State>> {
  for (let attempt = 0; ; attempt++) {
    const history = await store.readStream(streamId);
    let state = history.reduce((current, event) => decider.evolve(current, toDomainEvent<Event>(event)), decider.initialState());
    const events = decider.decide(command, state);
    if (events.length === 0) {
      const result = { streamId, nextExpectedVersion: history.length, eventIds: [], globalPositions: [], recordedAt: new Date(), duplicate: false };
      return { state, result };
    }
    try {
      const result = await store.append({
        streamId,
        expectedVersion: history.length,
        commandId,
        events: events.map((event) => ({ type: event.type, data: event.data as JsonObject, metadata: { ...metadata, commandId } })),
      });
      // A duplicate command wrote nothing now: the state is what the stream already held.
      if (!result.duplicate) for (const event of events) state = decider.evolve(state, event);
      return { state, result };
    } catch (error) {
      if (!(error instanceof ConcurrencyError) || attempt >= maxRetries) throw error;
    }
  }
}

export function toDomainEvent<Event extends DomainEvent>(event: RecordedEvent): Event {
  return { type: event.type, data: event.data } as unknown as Event;
}
