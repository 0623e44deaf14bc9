import { Inject, Injectable } from '@nestjs/common';
import type { ProjectionDefinition } from '@iys/platform/event-store';
import { PostgresEventStore } from '@iys/platform/event-store';
import { RECIPIENT_DATA_ERASED } from '@iys/platform/pii';

/** The streams a context writes: their categories and the event types they carry (its published ones at least). */
export interface StreamOwnership {
  context: string;
  categories: readonly string[];
  eventTypes: readonly string[];
}

/**
 * The platform's own streams, which every context's read models may follow inline: a data subject's
 * erasure tombstone must drop their rows in the same transaction everywhere (docs/adr/0005).
 */
export const PLATFORM_STREAMS: StreamOwnership = { context: 'platform', categories: ['recipient'], eventTypes: [RECIPIENT_DATA_ERASED] };

/**
 * Inline projections allowed to follow another context's streams. Empty, and to stay so
 * (docs/adr/0052, 0060): a cross-context read model is async, and read with the caught-up probe
 * (ProjectionRunner.readCaughtUp) or, on a hot path, behind a ReadModelWatermark.
 */
export const CROSS_CONTEXT_INLINE_EXCEPTIONS: readonly string[] = [];

/** A projection belongs to the context its name starts with (`consent.brands` → consent). */
function contextOf(definition: ProjectionDefinition): string {
  return definition.name.split('.')[0];
}

/**
 * Contexts declare the streams they own and register their read-model projections here during
 * module init. An inline projection joins the transaction of appends to its own context's
 * categories only (docs/adr/0052): one naming another context's categories or event types is
 * refused at start-up, and the read model must be async. Every projection is run by the daemon
 * (inline ones only while they rebuild) and reported by /health.
 */
@Injectable()
export class ProjectionRegistry {
  private readonly definitions: ProjectionDefinition[] = [];
  private readonly owners: StreamOwnership[] = [PLATFORM_STREAMS];

  constructor(@Inject(PostgresEventStore) private readonly store: PostgresEventStore) {}

  /** Declares the streams a context writes; checked against every inline projection, whenever registered. */
  ownStreams(ownership: StreamOwnership): void {
    for (const category of ownership.categories) {
      const owner = this.owners.find((o) => o.categories.includes(category));
      if (owner) throw new Error(`Stream category "${category}" is claimed by ${owner.context} and ${ownership.context}`);
    }
    this.owners.push(ownership);
    for (const definition of this.definitions) if (definition.inline) this.assertOwnStreams(definition);
  }

  register(definition: ProjectionDefinition): void {
    if (this.definitions.some((d) => d.name === definition.name && d.version === definition.version)) {
      throw new Error(`Projection ${definition.name}@v${definition.version} is registered twice`);
    }
    if (definition.inline) this.assertOwnStreams(definition);
    this.definitions.push(definition);
    if (definition.inline) this.store.registerInlineProjection(definition);
  }

  all(): readonly ProjectionDefinition[] {
    return this.definitions;
  }

  private assertOwnStreams(definition: ProjectionDefinition): void {
    const context = contextOf(definition);
    const refuse = (why: string) =>
      new Error(
        `Inline projection ${definition.name}@v${definition.version} ${why}: an inline projection follows its own context's ` +
          `streams only (docs/adr/0052); make it async and read it with ProjectionRunner.readCaughtUp`,
      );
    if (!definition.categories?.length) throw refuse('names no stream categories');
    if (CROSS_CONTEXT_INLINE_EXCEPTIONS.includes(definition.name)) return;
    const foreign = (owner: StreamOwnership) => owner.context !== context && owner !== PLATFORM_STREAMS;
    for (const owner of this.owners.filter(foreign)) {
      const category = definition.categories.find((c) => owner.categories.includes(c));
      if (category) throw refuse(`follows ${owner.context}'s stream category "${category}"`);
      const type = definition.eventTypes?.find((t) => owner.eventTypes.includes(t));
      if (type) throw refuse(`reads ${owner.context}'s event ${type}`);
    }
  }
}
