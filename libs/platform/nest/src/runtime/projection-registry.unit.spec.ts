import { describe, expect, it } from '@jest/globals';
import type { PostgresEventStore, ProjectionDefinition } from '@iys/platform/event-store';
import { ProjectionRegistry } from './projection-registry.js';

const projection = (name: string, fields: Partial<ProjectionDefinition>): ProjectionDefinition => ({
  name,
  version: 1,
  inline: true,
  async handle() {},
  async reset() {},
  ...fields,
});

function registry() {
  const inline: string[] = [];
  const store = { registerInlineProjection: (definition: ProjectionDefinition) => inline.push(definition.name) } as unknown as PostgresEventStore;
  const projections = new ProjectionRegistry(store);
  projections.ownStreams({ context: 'providers', categories: ['provider'], eventTypes: ['providers.BrandAdded'] });
  projections.ownStreams({ context: 'consents', categories: ['consent'], eventTypes: ['consents.ConsentApproved'] });
  return { projections, inline };
}

describe('ProjectionRegistry (docs/adr/0052)', () => {
  it("joins an inline projection of its own context's categories to the append (with the platform's erasure tombstones)", () => {
    const { projections, inline } = registry();
    projections.register(projection('consents.current', { categories: ['consent', 'recipient'], eventTypes: ['consents.ConsentApproved', 'recipient.RecipientDataErased'] }));
    expect(inline).toEqual(['consents.current']);
  });

  it("refuses an inline projection that follows another context's stream category", () => {
    const { projections, inline } = registry();
    expect(() => projections.register(projection('consents.brands', { categories: ['provider'] }))).toThrow(/consents\.brands@v1 follows providers's stream category "provider"/);
    expect(inline).toEqual([]);
  });

  it("refuses an inline projection that reads another context's event types", () => {
    const { projections } = registry();
    expect(() => projections.register(projection('consents.brands', { categories: ['consent'], eventTypes: ['providers.BrandAdded'] }))).toThrow(
      /reads providers's event providers\.BrandAdded/,
    );
  });

  it('refuses an inline projection that names no categories, and one whose foreign owner declares itself later', () => {
    const { projections } = registry();
    expect(() => projections.register(projection('consents.all', {}))).toThrow(/names no stream categories/);
    projections.register(projection('consents.dealers', { categories: ['consent'], eventTypes: ['dealers.RetailerRegistered'] }));
    expect(() => projections.ownStreams({ context: 'dealers', categories: ['retailers'], eventTypes: ['dealers.RetailerRegistered'] })).toThrow(/consents\.dealers@v1 reads dealers's event/);
  });

  it('lets an async projection read any context', () => {
    const { projections, inline } = registry();
    projections.register(projection('consents.brands', { inline: false, eventTypes: ['providers.BrandAdded'] }));
    expect(inline).toEqual([]);
    expect(projections.all().map((d) => d.name)).toEqual(['consents.brands']);
  });
});
