import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { startPrimaryWithStandby, waitUntil, type PrimaryWithStandby } from '@iys/platform/testing';
import { createPool } from '../pg-pool.js';
import { readContext } from './read-context.js';
import { ReadRouter } from './read-router.js';

const asReplicaRead = <T>(read: () => Promise<T>) => readContext.run({ replicaRead: true }, read);

/** A real embedded primary and a streaming standby of it (ADR 0047). */
describe('ReadRouter on an embedded primary and standby', () => {
  let servers: PrimaryWithStandby;
  let primary: pg.Pool;
  let router: ReadRouter;
  const standbyName = () => router.status()[0].name;

  beforeAll(async () => {
    servers = await startPrimaryWithStandby();
    primary = createPool({ url: servers.primaryUrl, size: 4 });
    await primary.query('CREATE TABLE counter (id int PRIMARY KEY, value int NOT NULL)');
    await primary.query('INSERT INTO counter VALUES (1, 0)');
    router = new ReadRouter({ primary, replicaUrls: [servers.standby.url], checkIntervalMs: 20 });
    await router.start();
    // In rotation once it has replayed everything the primary had flushed (lag 0), the table included.
    await waitUntil(async () => (await router.checkNow(), router.status()[0].lagMs), (lag) => lag === 0, { description: 'standby caught up' });
  });

  afterAll(async () => {
    await router?.close();
    await primary?.end();
    await servers?.stop();
  });

  it('answers reads from the standby: a write the standby has not replayed is not seen', async () => {
    const standby = new pg.Client({ connectionString: servers.standby.url });
    await standby.connect();
    try {
      await standby.query('SELECT pg_wal_replay_pause()');
      await primary.query('UPDATE counter SET value = -1 WHERE id = 1');
      const before = router.counts().replicas[standbyName()];
      const { rows } = await asReplicaRead(() => router.reads.query<{ value: number }>('SELECT value FROM counter WHERE id = 1'));
      expect(rows[0].value).toBe(0);
      expect(router.counts().replicas[standbyName()]).toBe(before + 1);
      // Outside a replica-read route (a command, a background job) the same executor reads the primary.
      const outside = await router.reads.query<{ value: number }>('SELECT value FROM counter WHERE id = 1');
      expect(outside.rows[0].value).toBe(-1);
    } finally {
      await standby.query('SELECT pg_wal_replay_resume()');
      await standby.end();
    }
    await primary.query('UPDATE counter SET value = 0 WHERE id = 1');
  });

  it('reads its own writes: 10 000 write-then-read rounds of one session, 0 stale reads', async () => {
    const session = 'session-a';
    let stale = 0;
    const start = router.counts();
    for (let i = 1; i <= 10_000; i += 1) {
      await primary.query('UPDATE counter SET value = $1 WHERE id = 1', [i]);
      await router.recordCommit(session);
      const { rows } = await readContext.run({ session, replicaRead: true }, () => router.reads.query<{ value: number }>('SELECT value FROM counter WHERE id = 1'));
      if (rows[0].value !== i) stale += 1;
    }
    const end = router.counts();
    expect(stale).toBe(0);
    // The standby answered some of them: the guarantee is not the primary answering everything.
    expect(end.replicas[standbyName()]).toBeGreaterThan(start.replicas[standbyName()]);
    // 30 000 round trips: on a busy shared machine this outlasts the default minute.
  }, 300_000);

  it('takes a lagging standby out of rotation and puts it back once it has caught up', async () => {
    const lagging = new ReadRouter({ primary, replicaUrls: [servers.standby.url], maxLagMs: 50 });
    const standby = new pg.Client({ connectionString: servers.standby.url });
    await standby.connect();
    try {
      await lagging.checkNow();
      expect(lagging.status()[0]).toMatchObject({ inRotation: true, lagMs: 0 });
      await standby.query('SELECT pg_wal_replay_pause()');
      await primary.query('UPDATE counter SET value = value + 1 WHERE id = 1');
      await waitUntil(async () => (await lagging.checkNow(), lagging.status()[0].reason), (reason) => reason === 'lagging', { description: 'standby evicted for lag' });
      const before = lagging.counts().primary;
      await asReplicaRead(() => lagging.reads.query('SELECT 1'));
      expect(lagging.counts().primary).toBe(before + 1);
      await standby.query('SELECT pg_wal_replay_resume()');
      await waitUntil(async () => (await lagging.checkNow(), lagging.status()[0].inRotation), Boolean, { description: 'standby back in rotation' });
    } finally {
      await standby.query('SELECT pg_wal_replay_resume()').catch(() => undefined);
      await standby.end();
      await lagging.close();
    }
  });

  it('keeps answering when the standby is killed under load, and uses it again once it is back', async () => {
    let errors = 0;
    let reads = 0;
    let stop = false;
    const reader = async () => {
      while (!stop) {
        await asReplicaRead(() => router.reads.query('SELECT value FROM counter WHERE id = 1')).then(
          () => (reads += 1),
          () => (errors += 1),
        );
      }
    };
    const readers = [reader(), reader(), reader(), reader()];
    await waitUntil(async () => router.counts().replicas[standbyName()], (n) => n > 0);
    const servedBefore = reads;
    await servers.standby.kill();
    await waitUntil(async () => reads, (n) => n > servedBefore + 200, { description: 'reads after the kill' });
    expect(router.status()[0]).toMatchObject({ inRotation: false, reason: 'unreachable' });

    await servers.standby.restart();
    await waitUntil(async () => (await router.checkNow(), router.status()[0].inRotation), Boolean, { timeoutMs: 30_000, description: 'standby back in rotation' });
    const atReturn = router.counts().replicas[standbyName()];
    await waitUntil(async () => router.counts().replicas[standbyName()], (n) => n > atReturn + 50, { description: 'standby used again' });
    stop = true;
    await Promise.all(readers);
    expect(errors).toBe(0);
  });
});
