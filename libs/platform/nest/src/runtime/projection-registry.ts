import { Inject, Injectable } from '@nestjs/common';
import type { ProjectionDefinition } from '@iys/platform/event-store';
import { PostgresEventStore } from '@iys/platform/event-store';

/**
 * Contexts register their read-model projections here during module init. Inline ones join the
 * event store's append transaction; every one is run by the daemon (inline ones only while they
 * rebuild) and reported by /health.
 */
@Injectable()
export class ProjectionRegistry {
  private readonly definitions: ProjectionDefinition[] = [];

  constructor(@Inject(PostgresEventStore) private readonly store: PostgresEventStore) {}

  register(definition: ProjectionDefinition): void {
    if (this.definitions.some((d) => d.name === definition.name && d.version === definition.version)) {
      throw new Error(`Projection ${definition.name}@v${definition.version} is registered twice`);
    }
    this.definitions.push(definition);
    if (definition.inline) this.store.registerInlineProjection(definition);
  }

  all(): readonly ProjectionDefinition[] {
    return this.definitions;
  }
}
