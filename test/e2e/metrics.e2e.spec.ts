import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { formatIysDateTime } from '@iys/platform/building-blocks';
import { startTestApp, type TestApp } from './app-harness.js';
import { adminToken, onboardProvider } from './service-provider-flow.js';

/** One sample's value from Prometheus' text format, by metric name and exact label set. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([a-z_]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = match[2] ? match[2].split(/,(?=[a-z_]+=")/) : [];
    if (wanted.length === present.length && wanted.every((pair) => present.includes(pair))) return Number(match[3]);
  }
  return undefined;
}

describe('GET /metrics (Prometheus)', () => {
  const token = randomBytes(32).toString('base64url');
  let harness: TestApp;
  const server = () => harness.app.getHttpServer();
  const scrape = async () => (await request(server()).get('/metrics').set('authorization', `Bearer ${token}`).expect(200)).text;

  beforeAll(async () => {
    harness = await startTestApp({ IYS_METRICS_TOKEN: token });
  });
  afterAll(() => harness.close());

  it('answers only the configured bearer token, in the İYS envelope otherwise', async () => {
    for (const authorization of [undefined, 'Bearer wrong', `Bearer ${token}x`, token, `Basic ${token}`]) {
      const call = request(server()).get('/metrics');
      const response = await (authorization ? call.set('authorization', authorization) : call).expect(401);
      expect(response.body).toEqual({ errors: [{ code: 'H605', message: expect.any(String) }] });
    }
    const answer = await request(server()).get('/metrics').set('authorization', `Bearer ${token}`).expect(200);
    expect(answer.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it('counts requests per route template and status with a latency histogram, and events appended', async () => {
    const admin = (await adminToken(harness.app)).access;
    const provider = await onboardProvider(harness.app, admin);
    await request(server()).get(`/sps/${provider.iysCode}/brands`).set('authorization', `Bearer ${provider.access}`).expect(200);
    await request(server()).get('/sps/1/nothing-here').expect(404);
    const before = await scrape();
    const appendedBefore = sample(before, 'iys_event_store_appended_events_total')!;
    await request(server())
      .post(`/sps/${provider.iysCode}/brands/${provider.brands[0]!.brandCode}/consents`)
      .set('authorization', `Bearer ${provider.access}`)
      .send({ recipient: '+905321110001', recipientType: 'BIREYSEL', type: 'MESAJ', status: 'ONAY', source: 'HS_WEB', consentDate: formatIysDateTime(new Date(Date.now() - 3_600_000)) })
      .expect(200);
    const text = await scrape();

    const brands = { method: 'GET', route: '/sps/:iysCode/brands', status: '200' };
    expect(sample(text, 'iys_http_requests_total', brands)).toBe(1);
    expect(sample(text, 'iys_http_request_duration_seconds_count', brands)).toBe(1);
    expect(sample(text, 'iys_http_request_duration_seconds_bucket', { ...brands, le: '+Inf' })).toBe(1);
    expect(sample(text, 'iys_http_requests_total', { method: 'POST', route: '/admin/applications/:applicationId/approve', status: '200' })).toBe(1);
    expect(sample(text, 'iys_http_requests_total', { method: 'GET', route: 'unmatched', status: '404' })).toBe(1);
    // Never a concrete path: an iysCode or a recipient would make one series per value.
    expect(text).not.toContain(`/sps/${provider.iysCode}`);
    expect(text).not.toContain('5321110001');
    expect(appendedBefore).toBeGreaterThan(0);
    expect(sample(text, 'iys_event_store_appended_events_total')).toBeGreaterThan(appendedBefore);
  });

  it('reports projection lag, the batch queue, the outbox backlog and dead letters, and the pool', async () => {
    await harness.db.pool.query(
      `INSERT INTO outbox.messages (id, channel, recipient_id, recipient, template, params, created_at, next_attempt_at, status, dead_at)
       VALUES ($1, 'email', $2, '{}', 't.email', '{}', now(), now(), 'dead', now())`,
      [randomUUID(), randomUUID()],
    );
    const text = await scrape();
    expect(sample(text, 'iys_database_up')).toBe(1);
    expect(sample(text, 'iys_outbox_dead_letters', { channel: 'email' })).toBe(1);
    expect(sample(text, 'iys_outbox_dead_letters', { channel: 'sms' })).toBe(0);
    expect(sample(text, 'iys_outbox_backlog', { channel: 'sms' })).toEqual(expect.any(Number));
    expect(sample(text, 'iys_batch_queue_requests', { kind: 'consent' })).toBe(0);
    expect(sample(text, 'iys_batch_queue_items', { kind: 'retailer-access' })).toBe(0);
    const lagLines = text.split('\n').filter((line) => line.startsWith('iys_projection_lag_events{projection="'));
    expect(lagLines.length).toBeGreaterThan(0);
    for (const state of ['total', 'idle', 'waiting', 'max']) expect(sample(text, 'iys_db_pool_connections', { state })).toEqual(expect.any(Number));
    expect(sample(text, 'iys_db_pool_connections', { state: 'max' })).toBeGreaterThan(0);
  });
});
