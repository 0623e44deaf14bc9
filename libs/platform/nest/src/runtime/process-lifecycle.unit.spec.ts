import { afterEach, describe, expect, it } from '@jest/globals';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError } from '@iys/platform/config';
import { drainHttpServer, startFailureLine } from './process-lifecycle.js';

describe('drainHttpServer', () => {
  const servers: http.Server[] = [];
  // Keep-alive, as browsers and gateways connect: an idle kept connection must not hold the drain.
  const agent = new http.Agent({ keepAlive: true });
  afterEach(() => {
    servers.splice(0).forEach((server) => server.closeAllConnections());
    agent.destroy();
  });

  /** A server whose one route answers when the test says so; `entered` resolves once a request is inside. */
  const holdingServer = async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const server = http.createServer((_request, response) => {
      entered();
      void released.then(() => response.end('done'));
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { server, port: (server.address() as AddressInfo).port, release, inside };
  };
  const get = (port: number) =>
    new Promise<string>((resolve, reject) => {
      http.get({ port, host: '127.0.0.1', agent }, (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve(body));
      }).on('error', reject);
    });

  it('stops accepting at once, lets the request in flight finish, then resolves', async () => {
    const { server, port, release, inside } = await holdingServer();
    const inFlight = get(port);
    await inside;
    let drained = false;
    const draining = drainHttpServer(server, 60_000).then(() => (drained = true));
    await expect(get(port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(drained).toBe(false);
    release();
    await expect(inFlight).resolves.toBe('done');
    await draining;
    expect(server.listening).toBe(false);
  });

  it('closes what still runs when the grace period is over', async () => {
    const { server, port, inside } = await holdingServer();
    const inFlight = get(port);
    await inside;
    await drainHttpServer(server, 50);
    await expect(inFlight).rejects.toMatchObject({ code: 'ECONNRESET' });
  });
});

describe('startFailureLine', () => {
  it('is one line, however many settings are wrong', () => {
    const line = startFailureLine(new ConfigError(['PORT must be an integer number', 'DATABASE_URL must start with postgres://']));
    expect(line).toBe('Invalid configuration: PORT must be an integer number; DATABASE_URL must start with postgres://');
    expect(startFailureLine(new Error('first\n  second'))).toBe('İYS could not start: first second');
  });
});
