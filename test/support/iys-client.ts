import type { AddressInfo } from 'node:net';
import createClient, { type Client } from 'openapi-fetch';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { paths } from './generated/iys-api.js';

export type IysClient = Client<paths>;

/**
 * A client typed by the OpenAPI document (test/support/generated/iys-api.ts, from docs/openapi.json):
 * paths, parameters, bodies and answers are checked by the compiler. It speaks real HTTP to the
 * application (listening on a free loopback port), so the harness checks every answer as usual.
 */
export async function iysClient(app: NestFastifyApplication, token?: string): Promise<IysClient> {
  const server = app.getHttpServer();
  if (!server.listening) await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = server.address() as AddressInfo;
  return createClient<paths>({ baseUrl: `http://127.0.0.1:${port}`, headers: token ? { authorization: `Bearer ${token}` } : {} });
}

/**
 * The data of an answer that has the expected status; otherwise an error naming the call, both
 * statuses and the body (what supertest's `.expect(status)` did for the raw requests).
 */
export function expectStatus<T>(result: { data?: T; error?: unknown; response: Response }, status: number): T {
  if (result.response.status !== status) {
    throw new Error(`${result.response.url}: expected ${status}, got ${result.response.status}: ${JSON.stringify(result.error ?? result.data)}`);
  }
  return result.data as T;
}
