import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { istanbulDay } from '@iys/platform/building-blocks';
import { buildServerForTests, killLeftovers, listeningPort, logLines, runEntryPoint, type ServerRun } from '../support/server-process.js';

const ADMIN = { username: 'procs-admin', password: 'a long enough admin password' };
/** The per-address hourly allowance of token requests: small, so that the test uses it up across both processes. */
const TOKEN_REQUESTS_PER_HOUR = 4;

interface Answer {
  status: number;
  body: { errors?: { code: string }[]; access_token?: string };
  /** The pid of the API process that answered (from its request log line). */
  pid: number;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * `npm start` with IYS_API_PROCESSES=2 (docs/adr/0058): the real entry point, a primary with two API
 * processes sharing the port and a background worker, on the embedded database. Each client below
 * keeps one keep-alive connection, so it talks to one process; which one is read from the request's
 * log line (pino writes the pid).
 */
describe('the API as two processes sharing the port', () => {
  let build: string;
  let dataDir: string;
  let server: ServerRun;
  let port: number;
  let members: { role: string; pid: number }[];
  let sequence = 0;

  const pidOf = async (requestId: string): Promise<number> => {
    for (;;) {
      const line = logLines(server.stdout()).find((entry) => entry.reqId === requestId && typeof entry.pid === 'number');
      if (line) return line.pid as number;
      if (server.child.exitCode !== null) throw new Error(`the server exited: ${server.stderr()}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  const call = (agent: http.Agent, method: string, url: string, { token, body }: { token?: string; body?: unknown } = {}): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const requestId = `procs-${(sequence += 1)}`;
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const request = http.request(
        {
          host: '127.0.0.1',
          port,
          method,
          path: url,
          agent,
          headers: {
            'x-request-id': requestId,
            ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
        },
        (response) => {
          let text = '';
          response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
          response.on('end', () => {
            pidOf(requestId).then((pid) => resolve({ status: response.statusCode ?? 0, body: text ? JSON.parse(text) : {}, pid }), reject);
          });
        },
      );
      request.on('error', reject);
      request.end(payload);
    });

  /** Two clients, each on its one connection to a different API process. */
  let clients: { agent: http.Agent; pid: number }[];

  beforeAll(async () => {
    build = buildServerForTests();
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'iys-procs-'));
    chmodSync(dataDir, 0o755);
    server = runEntryPoint(build, 'api', {
      IYS_DATA_DIR: dataDir,
      PORT: '0',
      IYS_API_PROCESSES: '2',
      IYS_ADMIN_USERNAME: ADMIN.username,
      IYS_ADMIN_PASSWORD: ADMIN.password,
      IYS_TOKEN_REQUESTS_PER_HOUR: String(TOKEN_REQUESTS_PER_HOUR),
      // The longest the perimeter may remember a session: only the revocation's broadcast can refuse it in time.
      IYS_SESSION_CACHE_MS: '5000',
    });
    port = await listeningPort(server);
    members = (logLines(server.stdout()).find((line) => line.msg.startsWith('İYS API listening on '))!.processes as { role: string; pid: number }[]) ?? [];
    clients = [];
    for (let attempt = 0; clients.length < 2 && attempt < 8; attempt++) {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      const { pid } = await call(agent, 'GET', '/health/live');
      if (clients.some((client) => client.pid === pid)) agent.destroy();
      else clients.push({ agent, pid });
    }
  }, 240_000);

  afterAll(async () => {
    for (const client of clients ?? []) client.agent.destroy();
    await killLeftovers();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts a primary, two API processes and one background worker, prints its start-up line once, and is ready through each API process', async () => {
    expect(members.map((member) => member.role).sort()).toEqual(['api', 'api', 'background']);
    expect(logLines(server.stdout()).filter((line) => line.msg.startsWith('İYS API listening on '))).toHaveLength(1);
    expect(clients.map((client) => client.pid).sort()).toEqual(members.filter((member) => member.role === 'api').map((member) => member.pid).sort());
    for (const client of clients) {
      const ready = await call(client.agent, 'GET', '/health/ready');
      expect({ status: ready.status, pid: ready.pid }).toEqual({ status: 200, pid: client.pid });
    }
  });

  it('answers /metrics for every API process: each process counted one /health/ready, the scrape shows two', async () => {
    const text = await new Promise<string>((resolve, reject) => {
      http.get({ host: '127.0.0.1', port, path: '/metrics', agent: clients[0]!.agent }, (response) => {
        let body = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk)).on('end', () => resolve(body));
      }).on('error', reject);
    });
    expect(text).toMatch(/^iys_http_requests_total\{method="GET",route="\/health\/ready",status="200"\} 2$/m);
  });

  it('refuses a session revoked through one process in the other at once, though the other had it remembered', async () => {
    const [a, b] = clients;
    const login = await call(a!.agent, 'POST', '/oauth2/token', { body: { grant_type: 'password', ...ADMIN } });
    expect(login.status).toBe(200);
    const token = login.body.access_token!;
    expect((await call(b!.agent, 'GET', '/admin/applications', { token })).status).toBe(200); // b remembers the session
    expect((await call(a!.agent, 'POST', '/oauth2/revoke', { token })).status).toBe(200);
    const after = await call(b!.agent, 'GET', '/admin/applications', { token });
    expect({ status: after.status, pid: after.pid }).toEqual({ status: 401, pid: b!.pid });
  });

  it("counts the gate's checks made through one process in the counters read through the other at once", async () => {
    const [a, b] = clients;
    const login = await call(a!.agent, 'POST', '/oauth2/token', { body: { grant_type: 'password', ...ADMIN } });
    const token = login.body.access_token!;
    const items = ['+905321110001', '+905321110002', '+905321110003'].map((recipient) => ({ sender: { iysCode: 999001, brandCode: 999002 }, recipient, type: 'MESAJ', category: 'TICARI' }));
    const checked = await call(a!.agent, 'POST', '/operators/91/checks', { token, body: { items } });
    expect(checked.status).toBe(200);
    // a buffers its counters for up to a second (ADR 0041); reading through b has a write its buffer first.
    const stats = await call(b!.agent, 'GET', `/operators/91/gate-stats/${istanbulDay(new Date())}`, { token });
    expect({ status: stats.status, pid: stats.pid }).toEqual({ status: 200, pid: b!.pid });
    const counters = (stats.body as unknown as { counters: { count: number }[] }).counters;
    expect(counters.reduce((sum, counter) => sum + counter.count, 0)).toBe(3);
  });

  it('counts one hourly allowance of token requests per client address over both processes', async () => {
    // Two token requests were made above (through a); the rest of the allowance goes, alternating processes.
    const answers: Answer[] = [];
    for (let i = 0; i < 6; i++) {
      const client = clients[(i + 1) % 2]!;
      answers.push(await call(client.agent, 'POST', '/oauth2/token', { body: { grant_type: 'password', username: `nobody-${i}`, password: 'not a password' } }));
    }
    expect(answers.map((answer) => answer.status)).toEqual([401, 401, 429, 429, 429, 429]);
    const refusedBy = new Set(answers.filter((answer) => answer.status === 429).map((answer) => answer.pid));
    expect(refusedBy.size).toBe(2);
    expect(answers.filter((answer) => answer.status === 429).every((answer) => answer.body.errors?.[0]?.code === 'H084')).toBe(true);
  });

  it('stops every process of the tree and the database on SIGTERM, exit 0', async () => {
    const postgresPid = Number(readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
    const pids = [server.child.pid!, postgresPid, ...members.map((member) => member.pid)];
    expect(pids.every(alive)).toBe(true);
    for (const client of clients) client.agent.destroy();
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(pids.filter(alive)).toEqual([]);
    expect(logLines(server.stdout()).filter((line) => line.level >= 50)).toEqual([]);
  });

  it('leaves no API process behind when its primary is killed outright', async () => {
    const again = runEntryPoint(build, 'api', { IYS_DATA_DIR: dataDir, PORT: '0', IYS_API_PROCESSES: '2', IYS_ADMIN_USERNAME: ADMIN.username, IYS_ADMIN_PASSWORD: ADMIN.password });
    await listeningPort(again);
    const started = logLines(again.stdout()).find((line) => line.msg.startsWith('İYS API listening on '))!.processes as { pid: number }[];
    const postgresPid = Number(readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
    again.child.kill('SIGKILL');
    await again.exited;
    // Each member sees its channel to the primary close and shuts itself down in order.
    for (const { pid } of started) {
      while (alive(pid)) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(started.map(({ pid }) => pid).filter(alive)).toEqual([]);
    // The embedded PostgreSQL of a killed primary is stopped by the next start (ADR 0027); here, by the test.
    if (alive(postgresPid)) process.kill(postgresPid, 'SIGINT');
  }, 240_000);
});
