import { describe, expect, it } from '@jest/globals';
import type { LogPosition } from '../event-store.types.js';
import type { ProjectionDefinition } from './projection.types.js';
import { ReadModelWatermark } from './read-model-watermark.js';

const projection = (name: string, fields: Partial<ProjectionDefinition> = {}): ProjectionDefinition => ({
  name,
  version: 1,
  eventTypes: [`${name}.Happened`],
  async handle() {},
  async reset() {},
  ...fields,
});

function fakeRunner(checkpoints: Record<string, LogPosition[]>) {
  const waited: string[] = [];
  return {
    waited,
    runner: {
      checkpoints: async (definition: ProjectionDefinition) => checkpoints[definition.name] ?? [],
      // The real runner registers a projection it drives (projection-start-up-window.int.spec.ts).
      waitUntilCaughtUp: async (definition: ProjectionDefinition) => {
        waited.push(definition.name);
      },
    },
  };
}

describe('ReadModelWatermark (docs/adr/0060)', () => {
  it('starts at the lowest checkpoint of the async projections it follows, with their event types; inline ones are not followed', async () => {
    const { runner } = fakeRunner({ a: [{ transactionId: 90n, globalPosition: 7n }], b: [{ transactionId: 80n, globalPosition: 9n }] });
    const watermark = new ReadModelWatermark(runner, [projection('a'), projection('b'), projection('c', { inline: true })]);
    expect(await watermark.params()).toEqual(['80', '9', ['a.Happened', 'b.Happened']]);
  });

  it('moves to the horizon when nothing relevant happened, and answers the statement as it stands', async () => {
    const { runner, waited } = fakeRunner({ a: [{ transactionId: 80n, globalPosition: 9n }] });
    const watermark = new ReadModelWatermark(runner, [projection('a')]);
    await watermark.params();
    expect(await watermark.settle({ stale: false, horizon: '120' })).toBe(true);
    expect(await watermark.params()).toEqual(['120', '0', ['a.Happened']]);
    // Never backwards: an older statement's horizon leaves it where it is.
    expect(await watermark.settle({ stale: false, horizon: '100' })).toBe(true);
    expect((await watermark.params())[0]).toBe('120');
    expect(waited).toEqual([]);
    expect(watermark.generation).toBe(0);
  });

  it('when stale: catches every followed projection up, tells whoever derived from them, moves on and asks for the statement again', async () => {
    const { runner, waited } = fakeRunner({ a: [{ transactionId: 80n, globalPosition: 9n }], b: [{ transactionId: 85n, globalPosition: 1n }] });
    const watermark = new ReadModelWatermark(runner, [projection('a'), projection('b')]);
    let forgotten = 0;
    watermark.onChange(() => (forgotten += 1));
    await watermark.params();
    expect(await watermark.settle({ stale: true, horizon: '130' })).toBe(false);
    expect(waited).toEqual(['a', 'b']);
    expect(forgotten).toBe(1);
    expect(watermark.generation).toBe(1);
    expect((await watermark.params())[0]).toBe('130');
  });

  it('when stale before any daemon registered the followed projections: catches them up from the start', async () => {
    const { runner, waited } = fakeRunner({});
    const watermark = new ReadModelWatermark(runner, [projection('a')]);
    expect(await watermark.params()).toEqual(['0', '0', ['a.Happened']]);
    expect(await watermark.settle({ stale: true, horizon: '12' })).toBe(false);
    expect(waited).toEqual(['a']);
  });

  it('refuses to follow a projection that does not name its event types', () => {
    const { runner } = fakeRunner({});
    expect(() => new ReadModelWatermark(runner, [projection('a', { eventTypes: undefined })])).toThrow(/must name its event types/);
  });
});
