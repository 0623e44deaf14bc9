import Fastify from 'fastify';
import { boundedJsonParser, PreparsedBody } from '@iys/platform/nest';

const parser = boundedJsonParser(Fastify());

/**
 * A raw body through the application's real JSON parser as if sent to `route`: its error or value, and
 * whether a route scanner read it (for the scanners' equivalence specs).
 */
export function parseBodyFor(route: string, raw: string): { error: Error | null; value: unknown; scanned: boolean } {
  let error: Error | null = null;
  let value: unknown;
  parser({ routeOptions: { url: route } } as never, Buffer.from(raw, 'utf8'), (e, v) => {
    error = e;
    value = v;
  });
  return { error, value, scanned: value instanceof PreparsedBody };
}
