import createClient, { type Client } from 'openapi-fetch';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { paths } from './generated/iys-api.js';

export type IysClient = Client<paths>;

/** The application's own request injection (Fastify's), as a `fetch`: no socket, no port. */
function injectingFetch(app: NestFastifyApplication): typeof fetch {
  const fastify = app.getHttpAdapter().getInstance();
  return async (input: string | URL | Request, init?: RequestInit) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const payload = request.method === 'GET' || request.method === 'HEAD' ? undefined : Buffer.from(await request.arrayBuffer());
    const reply = await fastify.inject({
      method: request.method as 'GET',
      url: `${url.pathname}${url.search}`,
      headers: Object.fromEntries(request.headers),
      ...(payload && payload.length > 0 ? { payload } : {}),
    });
    const headers = new Headers();
    for (const [name, value] of Object.entries(reply.headers)) {
      for (const one of Array.isArray(value) ? value : [value]) if (one !== undefined) headers.append(name, String(one));
    }
    const empty = reply.statusCode === 204 || reply.statusCode === 304 || request.method === 'HEAD';
    return new Response(empty ? null : reply.rawPayload, { status: reply.statusCode, headers });
  };
}

/**
 * A client typed by the OpenAPI document (test/support/generated/iys-api.ts, from docs/openapi.json):
 * paths, parameters, bodies and answers are checked by the compiler. Its requests go through the
 * application's whole Fastify pipeline by injection (hooks, parsers, guards), so the harness checks
 * every answer as usual, without a listening socket.
 */
export async function iysClient(app: NestFastifyApplication, token?: string): Promise<IysClient> {
  return createClient<paths>({ baseUrl: 'http://iys.test', fetch: injectingFetch(app), headers: token ? { authorization: `Bearer ${token}` } : {} });
}

/**
 * The data of an answer that has the expected status; otherwise an error naming the call, both
 * statuses and the body (what supertest's `.expect(status)` did for the raw requests).
 */
export function expectStatus<T>(result: { data?: T; error?: unknown; response: Response }, status: number): T {
  if (result.response.status !== status) {
    throw new Error(`${result.response.url || 'the call'}: expected ${status}, got ${result.response.status}: ${JSON.stringify(result.error ?? result.data)}`);
  }
  return result.data as T;
}
