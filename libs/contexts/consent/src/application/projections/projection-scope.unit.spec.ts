import { describe, expect, it } from '@jest/globals';
import * as Contracts from '@iys/contracts';
import type { PostgresEventStore, ProjectionDefinition } from '@iys/platform/event-store';
import { CROSS_CONTEXT_INLINE_EXCEPTIONS, ProjectionRegistry } from '@iys/platform/nest';
import { consentBrandsProjection } from './consent-brands.projection.js';
import { consentChangesProjection } from './consent-changes.projection.js';
import { consentRetailersProjection } from './consent-retailers.projection.js';
import { currentConsentProjection } from './current-consent.projection.js';
import { gateDenialsErasureProjection, operatorGateProjection } from './operator-gate.projection.js';
import { scrubJobsProjection } from './scrub-jobs.projection.js';

const CONSENT_PROJECTIONS = [consentBrandsProjection, currentConsentProjection, consentChangesProjection, operatorGateProjection, gateDenialsErasureProjection, scrubJobsProjection, consentRetailersProjection];

describe("consent's projections and the inline scope (docs/adr/0052, 0060)", () => {
  it('no projection may follow another context inline: the exception list is empty', () => {
    expect(CROSS_CONTEXT_INLINE_EXCEPTIONS).toEqual([]);
  });

  type Streams = { context: string; categories: readonly string[]; eventTypes: readonly string[] };
  const everyContextsStreams = Object.values(Contracts).flatMap((contract) => (contract as { STREAMS?: Streams }).STREAMS ?? []);

  function registry(inline: string[] = []): ProjectionRegistry {
    const projections = new ProjectionRegistry({ registerInlineProjection: (d: ProjectionDefinition) => inline.push(d.name) } as unknown as PostgresEventStore);
    for (const streams of everyContextsStreams) projections.ownStreams(streams);
    return projections;
  }

  it("registers every consent projection beside every context's streams: the inline ones follow consent's own and the platform's only", () => {
    const inline: string[] = [];
    const projections = registry(inline);
    for (const definition of CONSENT_PROJECTIONS) projections.register(definition);
    expect(inline.sort()).toEqual(['consent.current-consent', 'consent.gate-denials', 'consent.scrub-jobs']);
  });

  it("refuses the gate's directory made inline again: it follows the service-provider context's streams", () => {
    const serviceProvider = everyContextsStreams.find((streams) => streams.context === 'service-provider')!;
    const inlineAgain = { ...operatorGateProjection, inline: true, categories: serviceProvider.categories };
    expect(() => registry().register(inlineAgain)).toThrow(/consent\.operator-gate@v1 follows service-provider's stream category/);
  });
});
