import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import net from 'node:net';
import { Writable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { pino } from 'pino';
import request from 'supertest';
import { waitUntil } from '@iys/platform/testing';
import { startTestApp, type TestApp } from './app-harness.js';

/** Every log line the app writes, parsed, to check what reached the log and at which level. */
function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      callback();
    },
  });
  return { logger: pino({ level: 'trace' }, stream), lines };
}

/** One raw HTTP exchange: writes `text`, optionally keeps the socket open, returns what the server sent until it closed. */
function rawExchange(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString('utf8')));
    socket.on('close', () => resolve(received));
    socket.on('error', reject);
    socket.write(text);
  });
}

function bodyOf(raw: string): unknown {
  return JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4));
}

function nested(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}

describe('the HTTP edge: bad input below the routes', () => {
  let harness: TestApp;
  const captured = capturingLogger();
  const server = () => harness.app.getHttpServer();

  beforeAll(async () => {
    harness = await startTestApp({}, { logger: captured.logger });
  });
  afterAll(() => harness.close());

  it('refuses JSON nested deeper than 64 levels with 400 H014 before parsing it, and takes 64', async () => {
    const deep = await request(server()).post('/oauth2/token').set('content-type', 'application/json').send(`{"a":${nested(5000)}}`);
    expect(deep.status).toBe(400);
    expect(deep.body).toEqual({ errors: [{ code: 'H014', message: 'Gönderilen istek JSON formatına uygun olmalıdır.' }] });
    // A DTO-validated route would walk the whole structure (class-transformer) before any check.
    const validated = await request(server()).post('/applications').set('content-type', 'application/json').send(`{"title":${nested(5000)}}`);
    expect(validated.status).toBe(400);
    expect(validated.body.errors).toEqual([{ code: 'H014', message: 'Gönderilen istek JSON formatına uygun olmalıdır.' }]);
    const limit = await request(server()).post('/oauth2/token').set('content-type', 'application/json').send(`{"grant_type":"password","a":${nested(63)}}`);
    expect(limit.status).toBe(400);
    expect(limit.body.errors[0].code).toBe('H250'); // parsed, then refused by the route
    // Brackets inside strings are text, not nesting.
    const quoted = await request(server()).post('/oauth2/token').set('content-type', 'application/json').send(JSON.stringify({ grant_type: 'password', a: nested(500) }));
    expect(quoted.body.errors[0].code).toBe('H250');
  });

  it('takes a form only on /oauth2/token: elsewhere 415 H601', async () => {
    const consent = await request(server())
      .post('/sps/1/brands/1/consents')
      .type('form')
      .send({ recipient: '+905321234567', recipientType: 'BIREYSEL', type: 'MESAJ', status: 'ONAY' });
    expect(consent.status).toBe(415);
    expect(consent.body.errors[0].code).toBe('H601');
    const token = await request(server()).post('/oauth2/token').type('form').send({ grant_type: 'password', username: 'nobody', password: 'wrong-password' });
    expect(token.status).toBe(401);
    expect(token.body.errors[0].code).toBe('H251');
  });

  it('refuses a content-encoding it does not decode with 415 H644', async () => {
    const gzip = await request(server())
      .post('/oauth2/token')
      .set('content-type', 'application/json')
      .set('content-encoding', 'gzip')
      .send(JSON.stringify({ grant_type: 'password' }));
    expect(gzip.status).toBe(415);
    expect(gzip.body.errors).toEqual([{ code: 'H644', message: 'İstek gövdesinin kodlaması (content-encoding) desteklenmiyor.' }]);
    const compressed = await request(server())
      .post('/oauth2/token')
      .set('content-type', 'application/json')
      .set('content-encoding', 'gzip')
      .send(gzipSync(JSON.stringify({ grant_type: 'password' })));
    expect(compressed.status).toBe(415);
    const identity = await request(server()).post('/oauth2/token').set('content-encoding', 'identity').send({ grant_type: 'password' });
    expect(identity.body.errors[0].code).toBe('H250');
  });

  it('answers a long URL with 414 H637 without echoing it, whether in a path parameter or the query', async () => {
    const marker = 'x'.repeat(300);
    const longParam = await request(server()).get(`/recipients/opt-out/${marker}`);
    expect(longParam.status).toBe(414);
    expect(longParam.body).toEqual({ errors: [{ code: 'H637', message: 'İstek adresi (URL) izin verilen uzunluğu aşıyor.' }] });
    const longQuery = await request(server()).get(`/health?pad=${'y'.repeat(9000)}`);
    expect(longQuery.status).toBe(414);
    expect(longQuery.body.errors[0].code).toBe('H637');
    expect(longQuery.text).not.toContain('yyyy');
  });

  it('refuses a NUL byte anywhere in the path or query with 400 H603, before any route sees it', async () => {
    for (const target of ['/recipients/me/complaints/checks/%00/rejection', '/recipients/opt-out/ab%00cd', '/health?x=%00', '/sps/1/brands/1/consents/changes?after=%00']) {
      const response = await request(server()).post(target).send({});
      expect([response.status, response.body.errors?.[0]?.code]).toEqual([400, 'H603']);
    }
  });

  it('answers headers over 16 KB with 431 H638', async () => {
    const response = await request(server()).get('/health').set('x-padding', 'z'.repeat(17 * 1024));
    expect(response.status).toBe(431);
    expect(response.body).toEqual({ errors: [{ code: 'H638', message: 'İstek başlıkları izin verilen boyutu aşıyor.' }] });
  });

  it('answers a known path called with another method with 405 H604 and Allow; an unknown path stays 404 H600', async () => {
    const wrong = await request(server()).get('/oauth2/token');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.allow).toBe('POST');
    expect(wrong.body).toEqual({ errors: [{ code: 'H604', message: 'Bu yol için HTTP yöntemi desteklenmiyor.' }] });
    const parameterised = await request(server()).delete('/sps/1/brands/2/consents');
    expect(parameterised.status).toBe(405);
    expect(parameterised.headers.allow).toBe('POST');
    const unknown = await request(server()).get('/sps/1/brands/2/nothing');
    expect(unknown.status).toBe(404);
    expect(unknown.body.errors[0].code).toBe('H600');
  });

  it('logs none of these refusals as an error, and no stack', () => {
    expect(captured.lines.length).toBeGreaterThan(0);
    expect(captured.lines.filter((line) => (line.level as number) >= 50)).toEqual([]);
    expect(captured.lines.filter((line) => JSON.stringify(line).includes('    at '))).toEqual([]);
    expect(captured.lines.filter((line) => JSON.stringify(line).includes('x'.repeat(300)))).toEqual([]);
  });
});

describe('the HTTP edge: slow and greedy clients', () => {
  let slow: TestApp;
  let capped: TestApp;
  let slowPort: number;
  let cappedPort: number;
  const captured = capturingLogger();

  async function listen(app: TestApp): Promise<number> {
    if (!app.app.getHttpServer().listening) await app.app.listen({ port: 0, host: '127.0.0.1' });
    return (app.app.getHttpServer().address() as net.AddressInfo).port;
  }

  beforeAll(async () => {
    // Tiny timeouts keep the test fast; the behaviour, not the duration, is what is checked.
    slow = await startTestApp(
      { IYS_HTTP_HEADERS_TIMEOUT_MS: '200', IYS_HTTP_REQUEST_TIMEOUT_MS: '300', IYS_HTTP_KEEP_ALIVE_TIMEOUT_MS: '200' },
      { logger: captured.logger },
    );
    capped = await startTestApp({ IYS_HTTP_MAX_CONNECTIONS_PER_CLIENT: '3' });
    slowPort = await listen(slow);
    cappedPort = await listen(capped);
  });
  afterAll(async () => {
    await slow.close();
    await capped.close();
  });

  it('cuts off a client whose body never arrives with 408 H636', async () => {
    const raw = await rawExchange(
      slowPort,
      'POST /oauth2/token HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"grant',
    );
    expect(raw.startsWith('HTTP/1.1 408')).toBe(true);
    expect(bodyOf(raw)).toEqual({ errors: [{ code: 'H636', message: 'İstek zamanında tamamlanmadı.' }] });
  });

  it('cuts off a client whose headers never end with 408 H636', async () => {
    const raw = await rawExchange(slowPort, 'GET /health HTTP/1.1\r\nHost: localhost\r\nX-Slow: ');
    expect(raw.startsWith('HTTP/1.1 408')).toBe(true);
    expect(bodyOf(raw)).toMatchObject({ errors: [{ code: 'H636' }] });
  });

  it('serves a client that sends its request at once, then closes the idle keep-alive connection', async () => {
    const raw = await rawExchange(slowPort, 'GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n');
    expect(raw.startsWith('HTTP/1.1 200')).toBe(true);
    expect(raw).not.toContain('H636');
    const body = await request(slow.app.getHttpServer()).post('/oauth2/token').send({ grant_type: 'password' });
    expect(body.body.errors[0].code).toBe('H250');
  });

  it('logs a timed-out client without an error or a stack', () => {
    expect(captured.lines.some((line) => line.clientError === 'ERR_HTTP_REQUEST_TIMEOUT')).toBe(true);
    expect(captured.lines.filter((line) => (line.level as number) >= 50)).toEqual([]);
    expect(captured.lines.filter((line) => JSON.stringify(line).includes('    at '))).toEqual([]);
  });

  it('refuses the connection over the per-address cap with 429 H645, and takes a new one once a slot frees', async () => {
    const held = await Promise.all(
      [0, 1, 2].map(
        () =>
          new Promise<net.Socket>((resolve, reject) => {
            const socket = net.connect(cappedPort, '127.0.0.1', () => resolve(socket));
            socket.on('error', reject);
          }),
      ),
    );
    try {
      const raw = await rawExchange(cappedPort, 'GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n');
      expect(raw.startsWith('HTTP/1.1 429')).toBe(true);
      expect(bodyOf(raw)).toMatchObject({ errors: [{ code: 'H645' }] });
    } finally {
      await Promise.all(held.map((socket) => new Promise<void>((resolve) => socket.end(() => resolve()))));
    }
    // The server sees the held sockets close a moment later: probe until a slot is free.
    const after = await waitUntil(
      () => rawExchange(cappedPort, 'GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n'),
      (raw) => !raw.startsWith('HTTP/1.1 429'),
      { description: 'a free connection slot' },
    );
    expect(after.startsWith('HTTP/1.1 200')).toBe(true);
  });
});
