import type { JsonObject } from './event-store.types.js';

export type Upcaster = (data: JsonObject) => JsonObject;

/**
 * Old events are never rewritten; readers turn an old schema version into the current shape.
 * Register one step per version (v1→v2, v2→v3…); reads apply the chain in order.
 */
export class UpcasterRegistry {
  private readonly steps = new Map<string, Map<number, Upcaster>>();

  register(type: string, fromVersion: number, upcast: Upcaster): this {
    const byVersion = this.steps.get(type) ?? new Map<number, Upcaster>();
    if (byVersion.has(fromVersion)) throw new Error(`An upcaster for ${type} v${fromVersion} is already registered`);
    byVersion.set(fromVersion, upcast);
    this.steps.set(type, byVersion);
    return this;
  }

  upcast(type: string, schemaVersion: number, data: JsonObject): { schemaVersion: number; data: JsonObject } {
    const byVersion = this.steps.get(type);
    if (!byVersion) return { schemaVersion, data };
    let version = schemaVersion;
    let current = data;
    for (let step = byVersion.get(version); step; step = byVersion.get(version)) {
      current = step(current);
      version += 1;
    }
    return { schemaVersion: version, data: current };
  }
}
