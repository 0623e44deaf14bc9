import { randomUUID } from 'node:crypto';

/** Ids are injected for the same reason as time: deterministic tests and replays. */
export interface IdGenerator {
  next(): string;
}

export const uuidGenerator: IdGenerator = { next: () => randomUUID() };
