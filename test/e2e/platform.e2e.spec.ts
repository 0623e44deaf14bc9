import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import net from 'node:net';
import request from 'supertest';
import { listenOrExplain } from '../../apps/api/src/http-app.js';
import { startTestApp, type TestApp } from './app-harness.js';

describe('the API platform over HTTP', () => {
  let harness: TestApp;
  const server = () => harness.app.getHttpServer();

  beforeAll(async () => {
    harness = await startTestApp();
  });
  afterAll(() => harness.close());

  it('reports the database and projection lag on /health once, with the version and the uptime', async () => {
    const response = await request(server()).get('/health').expect(200);
    expect(Object.keys(response.body).sort()).toEqual(['details', 'status', 'uptimeSeconds', 'version']);
    expect(response.body).toMatchObject({ status: 'ok', version: '0.1.0', uptimeSeconds: expect.any(Number) });
    expect(response.body.details.database).toEqual({ status: 'up' });
    expect(response.body.details.projections).toMatchObject({ status: 'up', lag: {} });
  });

  it('answers the Kubernetes probes: live without the database, ready when migrated', async () => {
    expect((await request(server()).get('/health/live').expect(200)).body).toEqual({ status: 'ok' });
    expect((await request(server()).get('/health/ready').expect(200)).body).toEqual({ status: 'ok', details: { database: { status: 'up', migrations: 'applied' } } });
  });

  it('is not ready while a migration of this build is missing', async () => {
    const { rows } = await harness.db.pool.query<{ id: number; timestamp: string; name: string }>('DELETE FROM schema_migrations WHERE id = (SELECT max(id) FROM schema_migrations) RETURNING id, timestamp, name');
    try {
      const response = await request(server()).get('/health/ready').expect(503);
      expect(response.body).toEqual({ status: 'error', details: { database: { status: 'down', migrations: 'pending', pending: 1 } } });
      await request(server()).get('/health/live').expect(200);
    } finally {
      await harness.db.pool.query('INSERT INTO schema_migrations (id, timestamp, name) VALUES ($1, $2, $3)', [rows[0]!.id, rows[0]!.timestamp, rows[0]!.name]);
    }
    await request(server()).get('/health/ready').expect(200);
  });

  it('serves the OpenAPI document and its UI at /docs', async () => {
    const document = await request(server()).get('/docs/openapi.json').expect(200);
    expect(document.body.openapi).toMatch(/^3\./);
    expect(Object.keys(document.body.paths)).toContain('/health');
    const ui = await request(server()).get('/docs').expect(200);
    expect(ui.text).toContain('swagger');
  });

  it('answers unknown routes with the İYS error envelope', async () => {
    const response = await request(server()).get('/sps/1/nothing-here').expect(404);
    expect(response.body).toEqual({ errors: [{ code: 'H600', message: 'İstenen kaynak bulunamadı.' }] });
  });

  it('gives every response a request id, keeping a well-formed one from the caller', async () => {
    const generated = await request(server()).get('/health');
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await request(server()).get('/health').set('x-request-id', 'gateway-42');
    expect(kept.headers['x-request-id']).toBe('gateway-42');
    const replaced = await request(server()).get('/health').set('x-request-id', 'bad id with spaces');
    expect(replaced.headers['x-request-id']).not.toBe('bad id with spaces');
  });

  it('explains a taken port in one sentence', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    const second = await startTestApp();
    try {
      await expect(listenOrExplain(second.app, port, '127.0.0.1')).rejects.toThrow(
        `Cannot listen on 127.0.0.1:${port}: the port is already in use (set PORT to a free port).`,
      );
    } finally {
      await second.close();
      blocker.close();
    }
  });
});
