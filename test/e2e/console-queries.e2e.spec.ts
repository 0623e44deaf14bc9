import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { QueryBus } from '@nestjs/cqrs';
import { addCalendarDays, DomainError, FixedClock, istanbulDay, type Principal } from '@iys/platform/building-blocks';
import { GetComplaintChartsQuery } from '@iys/complaint';
import { ListApiUsersQuery } from '@iys/identity-access';
import { AuditNumberHistoryQuery, type NumberHistory } from '@iys/reconciliation';
import { ListServiceProvidersQuery } from '@iys/service-provider';
import { at, fileComplaint, providerRecords, smsComplaint, snapshot, startComplaintWorld, type ComplaintWorld } from './complaint-flow.js';
import { signInRecipient } from './recipient-flow.js';

const D = addCalendarDays(istanbulDay(new Date()), -3);
const D1 = addCalendarDays(D, 1);
const D2 = addCalendarDays(D, 2);
const HEADER = 'KONSOLTEST';
const phone = '+905357770001';
const complainant = '+905357770002';

/**
 * The queries the authority and admin consoles read, through the QueryBus of the real app on its own
 * PostgreSQL: an address's number history with per-event chain verdicts and snapshot inclusion, as
 * of a moment; complaint counts for charts within the caller's scope; the users and providers lists.
 */
describe('console queries (real app, real PostgreSQL)', () => {
  const clock = new FixedClock(at(`${D} 09:00:00`));
  let world: ComplaintWorld;
  let bus: QueryBus;
  const authority = (name: 'istanbul' | 'ankara' | 'ministry'): Principal => ({ userId: world.authorities[name].userId, role: 'authority', sessionId: 'console-test' });
  const history = (at?: string) => bus.execute(new AuditNumberHistoryQuery(phone, at)) as Promise<NumberHistory>;

  beforeAll(async () => {
    world = await startComplaintWorld(clock, HEADER);
    bus = world.harness.app.get(QueryBus);
    const [brand1, brand2] = world.provider.brands.map((b) => b.brandCode);
    await providerRecords(world, phone, 'ONAY', `${D} 10:00:00`);
    await providerRecords(world, phone, 'RET', `${D} 11:00:00`);
    await providerRecords(world, phone, 'ONAY', `${D} 12:00:00`, brand2);
    await providerRecords(world, phone, 'ONAY', `${D1} 10:00:00`, brand1);
    clock.set(at(`${D2} 10:00:00`));
    await snapshot(world, D);
    const token = await signInRecipient(world.harness.app, complainant);
    await fileComplaint(world, token, smsComplaint(complainant, HEADER, at(`${D1} 14:00:00`))).expect(201);
    await fileComplaint(world, token, smsComplaint(complainant, HEADER, at(`${D1} 15:00:00`), { province: 6 })).expect(201);
  }, 240_000);
  afterAll(() => world.harness.close());

  it('gives every consent of the address with each event’s chain verdict and its snapshot inclusion', async () => {
    const answer = await history();
    expect(answer.at).toBeNull();
    expect(answer.consents.map((c) => [c.brandCode, c.state, c.eventsAfter])).toEqual([
      [world.provider.brands[0].brandCode, 'ONAY', 0],
      [world.provider.brands[1].brandCode, 'ONAY', 0],
    ]);
    const [first] = answer.consents;
    expect(first.chain).toEqual({ ok: true, eventsChecked: 3 });
    expect(first.events.map((e) => [e.position, e.status, e.chainCheck, e.inclusion.status])).toEqual([
      [1, 'ONAY', 'intact', 'included'],
      [2, 'RET', 'intact', 'included'],
      [3, 'ONAY', 'intact', 'pending-snapshot'],
    ]);
    expect(first.events[0].hash).toMatch(/^[0-9a-f]{64}$/);
    expect(answer.summary).toEqual({ consents: 2, events: 4, brokenChains: 0, included: 3, pendingSnapshot: 1, unverifiable: 0 });
  });

  it('shows only what was recorded by a moment, with the state then and how much came later', async () => {
    const answer = await history(`${D} 11:30:00`);
    expect(answer.at).toBe(`${D} 11:30:00`);
    expect(answer.consents).toHaveLength(1);
    expect(answer.consents[0]).toMatchObject({ state: 'RET', eventsAfter: 1 });
    expect(answer.consents[0].events.map((e) => e.status)).toEqual(['ONAY', 'RET']);
    expect((await history(`${D} 09:59:59`)).consents).toEqual([]);
  });

  it('refuses an impossible moment (H157) and a malformed address with the consent codes', async () => {
    await expect(history('2026-02-30 10:00:00')).rejects.toMatchObject({ code: 'H157' });
    await expect(bus.execute(new AuditNumberHistoryQuery('+90123'))).rejects.toBeInstanceOf(DomainError);
  });

  it('flags the tampered event as broken and every later one as unchecked', async () => {
    const { rows } = await world.harness.db.pool.query<{ stream_id: string }>(
      `SELECT stream_id FROM event_store.events WHERE event_id = $1`,
      [(await history()).consents[0].events[1].transactionId],
    );
    await world.harness.db.adminQuery(
      `BEGIN; SET LOCAL session_replication_role = replica;
       UPDATE event_store.events SET data = jsonb_set(data, '{source}', '"HS_ISLAK_IMZA"') WHERE stream_id = '${rows[0].stream_id}' AND stream_position = 2;
       COMMIT;`,
    );
    const answer = await history();
    expect(answer.consents[0].chain).toEqual({ ok: false, eventsChecked: 1, firstBroken: { position: 2, reason: 'hash-mismatch' } });
    expect(answer.consents[0].events.map((e) => e.chainCheck)).toEqual(['intact', 'broken', 'unchecked']);
    expect(answer.consents[1].events.map((e) => e.chainCheck)).toEqual(['intact']);
    expect(answer.summary.brokenChains).toBe(1);
    // Also as of a moment before the altered row was recorded: the stream is tainted all the same.
    expect((await history(`${D} 10:30:00`)).consents[0].chain.ok).toBe(false);
  });

  it('counts complaints for charts within the caller’s scope', async () => {
    const ministry = await bus.execute(new GetComplaintChartsQuery(authority('ministry')));
    expect(ministry.province).toBeNull();
    expect(ministry.total).toBe(2);
    expect(ministry.byProvince).toEqual(expect.arrayContaining([{ province: 34, complaints: 1 }, { province: 6, complaints: 1 }]));
    expect(ministry.byStatus).toEqual([{ status: 'RECEIVED', complaints: 2 }]);
    expect(ministry.byWeek).toHaveLength(12);
    expect(ministry.byWeek.reduce((sum, week) => sum + week.filed, 0)).toBe(2);
    expect(ministry.byWeek.every((week) => /^\d{4}-\d{2}-\d{2}$/.test(week.weekStart))).toBe(true);

    const istanbul = await bus.execute(new GetComplaintChartsQuery(authority('istanbul'), 4));
    expect(istanbul).toMatchObject({ province: 34, total: 1, byProvince: [{ province: 34, complaints: 1 }] });
    expect(istanbul.byWeek).toHaveLength(4);
  });

  it('lists users without their password hashes, by role and a page at a time', async () => {
    const all = await bus.execute(new ListApiUsersQuery({ offset: 0, limit: 50 }));
    expect(all.items.map((u) => u.username)).toEqual(expect.arrayContaining(['authority-ankara', world.provider.username]));
    expect(JSON.stringify(all)).not.toMatch(/password|\$argon|\$scrypt/i);
    const authorities = await bus.execute(new ListApiUsersQuery({ role: 'authority', offset: 0, limit: 2 }));
    expect(authorities).toMatchObject({ offset: 0, limit: 2, more: true });
    expect(authorities.items.map((u) => u.username)).toEqual(['authority-ankara', 'authority-istanbul']);
    const rest = await bus.execute(new ListApiUsersQuery({ role: 'authority', offset: 2, limit: 2 }));
    expect(rest).toMatchObject({ more: false, items: [{ username: 'authority-ministry', role: 'authority', disabled: false }] });
  });

  it('lists providers with their activation dates', async () => {
    const page = await bus.execute(new ListServiceProvidersQuery(0, 50));
    expect(page.items).toEqual([
      { iysCode: world.provider.iysCode, title: expect.any(String), activationDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/), activeBrands: 2 },
    ]);
    expect(page.more).toBe(false);
  });
});
