import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { startTestApp, type TestApp } from './app-harness.js';
import { signInRecipient } from './recipient-flow.js';
import { adminToken, onboardProvider, tokenFor } from './service-provider-flow.js';

/**
 * Every route of the OpenAPI document × generated path values, queries, headers and bodies, as
 * several roles (so requests get past the guard): no answer is 5xx, every 4xx is the İYS envelope, and
 * a refused request appends no event. FUZZ_RUNS and FUZZ_SEED reproduce or lengthen a run.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const PARALLEL = 6;

/** Routes whose refusals record a fact on purpose (the record is the point of the refusal). */
const RECORDS_REFUSALS = new Set([
  // A failed login and a replayed refresh token are recorded (ADR 0011), on the 2020 aliases too.
  'POST /oauth2/token',
  'POST /oauth/token',
  'POST /oauth/refresh',
  // A wrong verification code uses one of the process's five attempts (ADR 0015).
  'POST /sps/{iysCode}/brands/{brandCode}/consents/verificationCode',
]);
/** Routes that end the caller's own session: every later request of that role would be a plain 401. */
const SESSION_ENDING = new Set(['POST /oauth2/revoke', 'POST /recipients/auth/revoke']);

interface Route {
  method: string;
  path: string;
  bodySchema?: string;
}

type Schemas = Record<string, { properties?: Record<string, unknown> }>;
const ENVELOPE_CODE = /^H\d{3}$/;

const tricky = {
  number: fc.constantFrom(0, -1, 1, 1.5, 2147483647, 2147483648, -2147483649, 1e308, -1e308, Number.MAX_SAFE_INTEGER, 9007199254740993),
  text: fc.constantFrom(
    '',
    ' ',
    'ONAY',
    'RET',
    'BIREYSEL',
    'TACIR',
    'MESAJ',
    'EPOSTA',
    'ARAMA',
    'HS_WEB',
    'IYS',
    'HS',
    '+905321234567',
    '+90532\u202E1234567',
    'ali@example.com',
    'ali\u0000@example.com',
    'a\uD800@example.com',
    'Örnek \u2066A.Ş.',
    '2026-11-20 10:00:00',
    '2026-02-30 10:00:00',
    '2026-02-30T10:00:00Z',
    '2026-11-20',
    '99999-01-01',
    'c1',
    'c99999999999999999999',
    '00000000-0000-4000-8000-000000000000',
    "'; DROP TABLE event_store.events; --",
    '999.1.1.1',
    '10.0.0.0/8',
    '{{status}}',
    '__proto__',
    'x'.repeat(300),
    'y'.repeat(70_000),
  ),
};

/** Values a real client would send for a field of that name, so generated bodies also get past validation. */
const PLAUSIBLE: Record<string, fc.Arbitrary<unknown>> = {
  recipient: fc.constantFrom('+905321234567', '+905339990123', 'ali.veli@example.com', '+905551112233'),
  recipients: fc.constant(['+905321234567', 'ali.veli@example.com']),
  recipientType: fc.constantFrom('BIREYSEL', 'TACIR'),
  type: fc.constantFrom('MESAJ', 'ARAMA', 'EPOSTA'),
  types: fc.constant(['MESAJ', 'EPOSTA']),
  status: fc.constantFrom('ONAY', 'RET'),
  source: fc.constantFrom('HS_WEB', 'HS_MESAJ', 'HS_2015', 'HS_KARAR', 'IYS_WEB', 'IYS_KISAMESAJ'),
  consentDate: fc.constantFrom('2026-11-20 10:00:00', '2015-05-01 00:00:00', '2030-01-01 00:00:00'),
  at: fc.constantFrom('2026-11-20 10:00:00', '2026-12-01 00:00:00'),
  retailerCode: fc.constantFrom(44445555, 1),
  retailerAccess: fc.constant([44445555]),
  brandCode: fc.integer({ min: 700000, max: 700003 }),
  brandCodes: fc.constant([700001]),
  iysCode: fc.integer({ min: 600000, max: 600003 }),
  integratorCode: fc.integer({ min: 900000, max: 900002 }),
  title: fc.constantFrom('Örnek Ticaret A.Ş.', 'Fuzz Entegrasyon Ltd.'),
  name: fc.constantFrom('ÖRNEK MARKA', 'Ayşe Yılmaz'),
  reason: fc.constant('Eksik belge'),
  username: fc.constantFrom('fuzz-user', 'registry-admin'),
  password: fc.constantFrom('a-long-enough-password', 'short'),
  role: fc.constantFrom('provider', 'operator', 'authority', 'agent', 'integrator', 'admin'),
  allowedIps: fc.constant(['127.0.0.1', '10.0.0.0/8']),
  activationDate: fc.constantFrom('2026-11-01T00:00:00Z', '2026-11-01'),
  agreementControl: fc.boolean(),
  agreementStatus: fc.constant(true),
  verificationCode: fc.constantFrom('123456', '000000'),
  code: fc.constantFrom('123456', '000000'),
  requestId: fc.constant('00000000-0000-4000-8000-000000000000'),
  challengeId: fc.constant('00000000-0000-4000-8000-000000000000'),
  grant_type: fc.constantFrom('password', 'refresh_token'),
  refresh_token: fc.constant('not-a-refresh-token'),
};

/** Any JSON value, biased towards the ones that break parsers and databases. */
/** A generated value as query text; an object without a prototype has no String() form. */
const asText = (value: unknown): string => {
  try {
    return String(value);
  } catch {
    return JSON.stringify(value) ?? '';
  }
};

const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: tricky.number },
  { weight: 3, arbitrary: tricky.text },
  { weight: 2, arbitrary: fc.string({ maxLength: 40, unit: 'binary' }) },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false) },
  { weight: 1, arbitrary: fc.array(fc.oneof(tricky.number, tricky.text), { maxLength: 5 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

describe('fuzz: every route × generated requests', () => {
  let harness: TestApp;
  let routes: Route[];
  let schemas: Schemas;
  const tokens: Record<string, string | undefined> = {};
  const known: Record<string, string> = {};
  const events = async () => Number((await harness.db.pool.query<{ n: string }>('SELECT count(*) AS n FROM event_store.events')).rows[0].n);

  beforeAll(async () => {
    harness = await startTestApp({ IYS_APPLICATIONS_PER_HOUR: '100000', IYS_RATE_LIMIT_PER_SECOND: '100000' });
    const server = harness.app.getHttpServer();
    const admin = (await adminToken(harness.app)).access;
    const provider = await onboardProvider(harness.app, admin);
    const integratorCode = (await request(server).post('/admin/integrators').set('authorization', `Bearer ${admin}`).send({ title: 'Fuzz Entegrasyon A.Ş.' }).expect(201)).body
      .integratorCode as number;
    await request(server)
      .put(`/sps/${provider.iysCode}/integrators/${integratorCode}`)
      .set('authorization', `Bearer ${provider.access}`)
      .send({ types: ['MESAJ', 'ARAMA', 'EPOSTA'], agreementControl: true })
      .expect(200);
    for (const [role, fields] of [
      ['authority', { role: 'authority' }],
      ['agent', { role: 'agent' }],
      ['integrator', { role: 'integrator', integratorCode }],
    ] as const) {
      await request(server).post('/admin/users').set('authorization', `Bearer ${admin}`).send({ username: `fuzz-${role}`, password: `fuzz-${role}-password`, ...fields }).expect(201);
      tokens[role] = (await tokenFor(harness.app, `fuzz-${role}`, `fuzz-${role}-password`)).access;
    }
    Object.assign(tokens, { admin, provider: provider.access, recipient: await signInRecipient(harness.app, '+905339990123'), anonymous: undefined });
    Object.assign(known, {
      iysCode: String(provider.iysCode),
      brandCode: String(provider.brands[0].brandCode),
      integratorCode: String(integratorCode),
      applicationId: provider.applicationId,
    });
    const document = (await request(server).get('/docs/openapi.json').expect(200)).body as {
      paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: { $ref?: string; items?: { $ref?: string } } }> } }>>;
      components: { schemas: Schemas };
    };
    schemas = document.components.schemas;
    routes = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.entries(operations)
        .map(([method, operation]) => {
          const schema = operation.requestBody?.content?.['application/json']?.schema;
          const ref = schema?.$ref ?? schema?.items?.$ref;
          return { method: method.toUpperCase(), path, bodySchema: ref?.split('/').pop() };
        })
        .filter((route) => !SESSION_ENDING.has(`${route.method} ${route.path}`)),
    );
  }, 300_000);
  afterAll(async () => {
    agent.destroy();
    await harness.close();
  });

  it(`answers ${RUNS} generated requests with no 5xx, the envelope on every 4xx, and no event from a refusal`, async () => {
    expect(routes.length).toBeGreaterThan(30);
    const pathValue = (name: string) =>
      fc.oneof(
        { weight: 6, arbitrary: fc.constant(known[name] ?? 'BIREYSEL') },
        { weight: 2, arbitrary: tricky.text.map((text) => encodePathValue(text.slice(0, 150))) },
        { weight: 2, arbitrary: tricky.number.map(String) },
        { weight: 1, arbitrary: fc.constantFrom('%00', '%E2%80%AE', '..', '%2F', 'MESAJ', 'TACIR', '2026-11-20', 'c0', 'json') },
      );
    const bodyFor = (route: Route): fc.Arbitrary<unknown> => {
      const properties = Object.keys((route.bodySchema && schemas[route.bodySchema]?.properties) ?? {});
      const field = (name: string) => (PLAUSIBLE[name] ? fc.oneof({ weight: 3, arbitrary: PLAUSIBLE[name] }, { weight: 1, arbitrary: anyValue }) : anyValue);
      const shaped = fc.record(Object.fromEntries(properties.map((name) => [name, field(name)])), { requiredKeys: [] });
      return fc.oneof(
        { weight: 6, arbitrary: shaped },
        { weight: 1, arbitrary: fc.array(shaped, { maxLength: 3 }) },
        { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 12 }), anyValue, { maxKeys: 4 }) },
        { weight: 1, arbitrary: anyValue },
      );
    };
    const rawBody = fc.constantFrom('', '{', '{"a":', '[1,2', 'null', '"text"', `${'['.repeat(100)}${']'.repeat(100)}`, '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{}}}', 'a=1&b=2');
    const generated = fc
      .constantFrom(...routes)
      .chain((route) =>
        fc.record({
          route: fc.constant(route),
          role: fc.oneof({ weight: 3, arbitrary: fc.constant(likelyRole(route.path)) }, { weight: 2, arbitrary: fc.constantFrom(...Object.keys(tokens)) }),
          values: fc.record(Object.fromEntries([...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => [name, pathValue(name)]))),
          query: fc.dictionary(fc.constantFrom('offset', 'limit', 'source', 'after', 'status', 'type', 'brandCode', 'format', 'q'), anyValue.map((value) => asText(value).slice(0, 200)), { maxKeys: 3 }),
          body: fc.oneof({ weight: 8, arbitrary: bodyFor(route).map((value) => JSON.stringify(value) ?? 'null') }, { weight: 1, arbitrary: rawBody }),
          contentType: fc.oneof(
            { weight: 12, arbitrary: fc.constantFrom('application/json', 'application/json; charset=utf-8') },
            { weight: 1, arbitrary: fc.constantFrom('application/x-www-form-urlencoded', 'text/plain', 'application/xml', 'application/vnd.api+json', undefined) },
          ),
          encoding: rarely(fc.constantFrom('gzip', 'deflate', 'identity', 'br, gzip'), 20),
          authorization: rarely(fc.constantFrom('Bearer not-a-token', 'Basic YTpi', 'Bearer '), 20),
          requestId: rarely(fc.string({ maxLength: 40 }), 5),
        }),
      );

    const statuses = new Map<number, number>();
    const problems: string[] = [];
    if (!harness.app.getHttpServer().listening) await harness.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (harness.app.getHttpServer().address() as AddressInfo).port;
    let before = await events();
    const started = Date.now();
    const samples = fc.sample(generated, { numRuns: RUNS, seed: SEED });
    // A few requests in flight at once; the event count is checked after each group, and a change
    // is a problem when every request of the group was refused.
    for (let offset = 0; offset < samples.length; offset += PARALLEL) {
      const group = await Promise.all(samples.slice(offset, offset + PARALLEL).map((sample) => run(sample)));
      const after = await events();
      const refusedOnly = group.every(({ status, key }) => status >= 400 && !RECORDS_REFUSALS.has(key));
      if (after !== before && refusedOnly) problems.push(`${after - before} event(s) appended by refusals: ${group.map((g) => g.label).join('; ')}`);
      before = after;
    }
    async function run(sample: (typeof samples)[number]): Promise<{ status: number; key: string; label: string }> {
      const { route } = sample;
      const path = route.path.replace(/\{(\w+)\}/g, (_whole, name: string) => sample.values[name]);
      const headers: Record<string, string> = {};
      const token = tokens[sample.role];
      if (sample.authorization !== null) headers.authorization = sample.authorization;
      else if (token) headers.authorization = `Bearer ${token}`;
      if (sample.contentType) headers['content-type'] = sample.contentType;
      if (sample.encoding) headers['content-encoding'] = sample.encoding;
      if (sample.requestId !== null) headers['x-request-id'] = sample.requestId;
      const query = new URLSearchParams(sample.query).toString();
      const response = await send(port, route.method, query ? `${path}?${query}` : path, headers, route.method === 'GET' || route.method === 'DELETE' ? undefined : sample.body);
      statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
      const key = `${route.method} ${route.path}`;
      const label = `${key} as ${sample.role} → ${response.statusCode}`;
      if (response.statusCode >= 500) problems.push(`${label}: ${path.slice(0, 120)} ${sample.body.slice(0, 200)} → ${response.body.slice(0, 200)}`);
      if (response.statusCode >= 400) {
        const body = safeJson(response.body) as { errors?: { code?: unknown; message?: unknown }[] } | undefined;
        const envelope = Array.isArray(body?.errors) && body.errors.length > 0 && body.errors.every((e) => typeof e.code === 'string' && ENVELOPE_CODE.test(e.code) && typeof e.message === 'string');
        if (!envelope) problems.push(`${label}: not the envelope: ${response.body.slice(0, 200)}`);
      }
      return { status: response.statusCode, key, label };
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const summary = [...statuses.entries()].sort(([a], [b]) => a - b).map(([status, count]) => `${status}: ${count}`).join(', ');
    process.stdout.write(`fuzz: ${RUNS} requests over ${routes.length} routes in ${seconds} s (seed ${SEED}) — ${summary}\n`);
    expect(problems.slice(0, 20)).toEqual([]);
    // A few tens of seconds on an idle machine; the margin is for a loaded CI runner.
  }, 600_000);
});

/** A path segment; text with a lone surrogate cannot be percent-encoded, so it goes as a surrogate's bytes (invalid UTF-8). */
function encodePathValue(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return '%ED%A0%80';
  }
}

const agent = new http.Agent({ keepAlive: true, maxSockets: PARALLEL });

/** One request over a kept-alive connection, exactly as generated (no client-side normalising). */
function send(port: number, method: string, path: string, headers: Record<string, string>, body: string | undefined): Promise<{ statusCode: number; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = http.request({ host: '127.0.0.1', port, method, path, headers, agent }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ statusCode: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** The role a route is meant for, so most requests get past the guard to validation and the use case. */
function likelyRole(path: string): string {
  if (path.startsWith('/recipients/')) return 'recipient';
  if (path.startsWith('/call-centre/')) return 'agent';
  if (path.startsWith('/integrator/')) return 'integrator';
  if (/^(\/v2)?\/sps\//.test(path)) return 'provider';
  return 'admin';
}

/** `value` once in `every` samples, null otherwise. */
function rarely<T>(value: fc.Arbitrary<T>, every: number): fc.Arbitrary<T | null> {
  return fc.oneof({ weight: every - 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: value });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
