import type { SqlExecutor } from '@iys/platform/database';
import type { RecordedEvent } from '../event-store.types.js';

/**
 * A read model fed from the log. The same definition serves inline (inside the append's
 * transaction), async (the worker, checkpointed) and rebuilds. `handle` must be idempotent:
 * batches may be retried, and during a blue/green rebuild an inline projection sees an event both
 * inline and from the catch-up, so writes are guarded by stream position (docs/adr/0008).
 */
export interface ProjectionDefinition {
  name: string;
  /** Bumped for a blue/green rebuild; each version owns its own tables. */
  version: number;
  /** Only these event types are handed to `handle`; undefined means all. */
  eventTypes?: readonly string[];
  /**
   * The stream categories whose events it reads; undefined means all. An inline projection runs
   * only in appends to these, so it must name its own context's categories (docs/adr/0052): a read
   * model fed by another context's streams is async.
   */
  categories?: readonly string[];
  /** Run in the append transaction (read-your-writes) instead of by the worker. */
  inline?: boolean;
  /**
   * The daemon's latency class (docs/adr/0062). `prompt` (the default): read models a client polls
   * or a request reads, served by the daemon's pass that follows every commit. `relaxed`: heavy
   * read models nobody waits on within a second (notices sent a minute later, daily movement
   * files), served by a pass of their own that follows the prompt one, so their writes never
   * delay it; they may lag more, and are still exactly once and in commit order.
   */
  latency?: ProjectionLatency;
  handle(events: RecordedEvent[], tx: SqlExecutor): Promise<void>;
  /**
   * Inline only, optional: what `handle` writes for events of `eventTypes`, as one data-modifying
   * statement the append carries as a CTE (docs/adr/0063), so an append concerning no other inline
   * write needs no transaction. `sql(param)` reads its rows from `param` (a json parameter) and must
   * write exactly what `handle` writes for the same events; `rows` builds that parameter. Rebuilds
   * and the careful path's other events still go through `handle`.
   */
  appendWrite?: InlineAppendWrite;
  /** Empties this version's tables before a rebuild from zero. */
  reset(tx: SqlExecutor): Promise<void>;
}

export interface InlineAppendWrite {
  /** The event types `sql` covers; an append with other events of this projection runs `handle` in a transaction. */
  eventTypes: readonly string[];
  /** A data-modifying statement (INSERT/UPDATE/DELETE, no RETURNING needed) reading `param`, e.g. `json_to_recordset(${param})`. */
  sql(param: string): string;
  /** The parameter for these events (all of `eventTypes`, in append order), as JSON text. */
  rows(events: RecordedEvent[]): string;
}

export type ProjectionLatency = 'prompt' | 'relaxed';

export function projectionKey(definition: Pick<ProjectionDefinition, 'name' | 'version'>): string {
  return `${definition.name}@v${definition.version}`;
}

/** The category of a stream id (`category-shardKey[.rest]`). */
export function streamCategory(streamId: string): string {
  return streamId.slice(0, streamId.indexOf('-'));
}

export function relevantEvents(definition: Pick<ProjectionDefinition, 'eventTypes' | 'categories'>, events: RecordedEvent[]): RecordedEvent[] {
  if (!definition.eventTypes && !definition.categories) return events;
  return events.filter((event) => concerns(definition, event.streamId, event.type));
}

/** Whether an event of this type on this stream is handed to the projection. */
export function concerns(definition: Pick<ProjectionDefinition, 'eventTypes' | 'categories'>, streamId: string, type: string): boolean {
  const { eventTypes: types, categories } = definition;
  return (!types || types.includes(type)) && (!categories || categories.includes(streamCategory(streamId)));
}
