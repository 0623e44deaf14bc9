import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ServiceProviderContracts } from '@iys/contracts';
import { FixedClock, formatIysDateTime, istanbulDay, uuidGenerator } from '@iys/platform/building-blocks';
import { eventStoreMigrations, PostgresEventStore, ProjectionRunner, ReadModelWatermark } from '@iys/platform/event-store';
import { outboxMigrations } from '@iys/platform/outbox';
import { piiMigrations, PiiVault } from '@iys/platform/pii';
import { createTestDatabase, type TestDatabase } from '@iys/platform/testing';
import { consentMigrations } from '../../index.js';
import { SubmitScrubJobCommand } from '../commands/submit-scrub-job/submit-scrub-job.command.js';
import { SubmitScrubJobHandler } from '../commands/submit-scrub-job/submit-scrub-job.handler.js';
import { registerConsentCodes } from '../consent-codes.js';
import { PostgresScrubJobRecords } from '../../infrastructure/read-models/postgres-scrub-job-records.js';
import { ConsentBrandDirectory } from '../consent-brand-directory.js';
import { PostgresConsentBrandRecords } from '../../infrastructure/read-models/postgres-consent-brand-records.js';
import { ConsentRegistrar } from '../consent-registrar.js';
import { DeliveryChecker } from '../gate/delivery-checker.js';
import { GateRecords } from '../gate/gate-records.js';
import { CONSENT_BRANDS_CHANNEL, consentBrandsProjection } from '../projections/consent-brands.projection.js';
import { currentConsentProjection } from '../projections/current-consent.projection.js';
import { scrubJobsProjection } from '../projections/scrub-jobs.projection.js';
import { operatorGateProjection } from '../projections/operator-gate.projection.js';
import { PostgresGateFacts } from '../../infrastructure/read-models/postgres-gate-facts.js';
import { PostgresGateRecordStore } from '../../infrastructure/read-models/postgres-gate-record-store.js';
import { GetScrubJobHandler } from '../queries/get-scrub-job/get-scrub-job.handler.js';
import { GetScrubJobQuery } from '../queries/get-scrub-job/get-scrub-job.query.js';
import { GetScrubJobResultHandler } from '../queries/get-scrub-job-result/get-scrub-job-result.handler.js';
import { GetScrubJobResultQuery } from '../queries/get-scrub-job-result/get-scrub-job-result.query.js';
import { ScrubJobWorker } from './scrub-job.worker.js';
import { NotifiedCache } from '@iys/platform/database';

const IYS = 720001;
const BRAND = 720002;
const OPERATOR = 51;
const LIST_SIZE = 100_000;

/** A worker "killed" in the middle of its n-th chunk: the check throws before the chunk is written. */
class Crash extends Error {}

describe('scrub jobs: durable, resumable, the same result after a crash (real PostgreSQL)', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let vault: PiiVault;
  let checker: DeliveryChecker;
  let submit: SubmitScrubJobHandler;
  const clock = new FixedClock(new Date('2026-12-03T09:00:00.000Z'));
  const list = Array.from({ length: LIST_SIZE }, (_, i) => (i % 997 === 0 ? `not-a-number-${i}` : `+90537${String(1_000_000 + i)}`));
  // Every 50th address of the list holds an ONAY.
  const approved = list.filter((recipient, i) => i % 50 === 1 && recipient.startsWith('+'));
  const APPROVED = approved.length;
  const worker = (check: DeliveryChecker['check'] = (items) => checker.check(items)) =>
    new ScrubJobWorker(db.pool, new PostgresScrubJobRecords(db.pool), { check }, store, vault, new GateRecords(new PostgresGateRecordStore(db.pool), clock), clock, false);
  const resultOf = async (jobId: string, format: 'allowed' | 'decisions') => {
    let text = '';
    for await (const part of await new GetScrubJobResultHandler(new PostgresScrubJobRecords(db.pool), vault, clock).execute(new GetScrubJobResultQuery(OPERATOR, jobId, format))) text += part;
    return text;
  };
  const progress = (jobId: string, operatorCode = OPERATOR) => new GetScrubJobHandler(new PostgresScrubJobRecords(db.pool), clock).execute(new GetScrubJobQuery(operatorCode, jobId));
  const invalid = list.filter((recipient) => !recipient.startsWith('+')).length;
  const counted = async () => {
    const rows = await new GateRecords(new PostgresGateRecordStore(db.pool), clock).counters(istanbulDay(clock.now()), { operatorCode: OPERATOR, brandCode: BRAND });
    return Object.fromEntries([['total', rows.reduce((sum, row) => sum + row.count, 0)], ...rows.map((row) => [row.reason, row.count])]);
  };
  const newJob = async () =>
    (await submit.execute(new SubmitScrubJobCommand(OPERATOR, { iysCode: IYS, brandCode: BRAND }, 'MESAJ', 'TICARI', list))).jobId;

  beforeAll(async () => {
    registerConsentCodes();
    db = await createTestDatabase([...eventStoreMigrations, ...piiMigrations, ...outboxMigrations, ...consentMigrations]);
    vault = new PiiVault({ pool: db.pool, masterKey: randomBytes(32), hmacKey: randomBytes(32), clock });
    store = new PostgresEventStore({ pool: db.pool, clock, inlineProjections: [currentConsentProjection, scrubJobsProjection] });
    // The directory read models async, as the module registers them: the gate catches them up itself.
    const runner = new ProjectionRunner(db.pool, store);
    for (const definition of [consentBrandsProjection, operatorGateProjection]) await runner.register(definition);
    checker = new DeliveryChecker(new PostgresGateFacts(db.pool), vault, store, clock, new ReadModelWatermark(runner, [consentBrandsProjection, operatorGateProjection]));
    submit = new SubmitScrubJobHandler(store, new PostgresScrubJobRecords(db.pool), vault, clock, uuidGenerator, { IYS_SCRUB_RESULT_DAYS: 7 });
    await store.append({
      streamId: `serviceProvider-${randomUUID()}`,
      expectedVersion: 'no_stream',
      events: [
        {
          type: ServiceProviderContracts.PROVIDER_APPROVED,
          data: { applicationId: randomUUID(), iysCode: IYS, brands: [{ brandCode: BRAND, name: 'Kahveci', master: true }], activationDate: '2026-01-01T00:00:00.000Z' },
          metadata: { actorKind: 'admin', actorId: 'admin-1', channel: 'api' },
        },
      ],
    });
    const registrar = new ConsentRegistrar(store, vault, new ConsentBrandDirectory(new PostgresConsentBrandRecords(db.pool), new NotifiedCache<string>(db.pool, CONSENT_BRANDS_CHANNEL), runner), clock);
    for (let i = 0; i < approved.length; i += 1000) {
      const outcomes = await registrar.register(
        approved.slice(i, i + 1000).map((recipient) => ({ recipient, recipientType: 'BIREYSEL' as const, type: 'MESAJ' as const, status: 'ONAY' as const, consentDate: formatIysDateTime(clock.now()), source: 'HS_WEB' as const })),
        { iysCode: IYS, brandCode: BRAND, origin: 'HS', actorKind: 'service-provider', actorId: 'p', channel: 'api' },
      );
      expect(outcomes.every((o) => o.ok)).toBe(true);
    }
  }, 120_000);
  afterAll(async () => db?.drop());

  it(`scrubs ${LIST_SIZE} recipients; a worker killed mid-way is resumed by another and the result file is byte for byte the uninterrupted one`, async () => {
    const uninterrupted = await newJob();
    expect(await worker().drain()).toBe(1);
    const expected = await resultOf(uninterrupted, 'decisions');
    expect(expected.split('\r\n').filter(Boolean)).toHaveLength(LIST_SIZE + 1);
    const allowed = (await resultOf(uninterrupted, 'allowed')).split('\r\n').filter(Boolean);
    expect(allowed).toHaveLength(APPROVED);
    expect(allowed[0]).toBe(list[1]);
    expect(await progress(uninterrupted)).toMatchObject({ status: 'completed', total: LIST_SIZE, processed: LIST_SIZE, allowed: APPROVED });
    // Counted like live checks: per operator, brand, day, decision and reason, every line once.
    expect(await counted()).toEqual({ total: LIST_SIZE, ONAY: APPROVED, INVALID_RECIPIENT: invalid, UNKNOWN_RECIPIENT: LIST_SIZE - APPROVED - invalid });

    const interrupted = await newJob();
    let calls = 0;
    const dying = worker(async (items) => {
      if (++calls === 4) throw new Crash('killed');
      return checker.check(items);
    });
    await expect(dying.drain()).rejects.toBeInstanceOf(Crash);
    // Whole chunks were kept: three done, the fourth not written at all.
    expect(await progress(interrupted)).toMatchObject({ status: 'running', processed: 30_000 });
    await expect(resultOf(interrupted, 'decisions')).rejects.toMatchObject({ code: 'H738' });
    // A new worker (another process, after a restart) picks the job up where it stopped.
    expect(await worker().drain()).toBe(1);
    expect(await resultOf(interrupted, 'decisions')).toBe(expected);
    expect(await worker().drain()).toBe(0); // nothing left, nothing done twice
    // The resumed job counted each line once: exactly twice the uninterrupted job's counts now.
    expect(await counted()).toEqual({ total: 2 * LIST_SIZE, ONAY: 2 * APPROVED, INVALID_RECIPIENT: 2 * invalid, UNKNOWN_RECIPIENT: 2 * (LIST_SIZE - APPROVED - invalid) });
  }, 180_000);

  it('shows a job only to the operator that submitted it, keeps the list sealed, and lets it go after its retention', async () => {
    const jobId = (await submit.execute(new SubmitScrubJobCommand(OPERATOR, { senderId: 'KAHVECI' }, 'MESAJ', 'TICARI', ['+905370000001', '+905370000002']))).jobId;
    await expect(progress(jobId, OPERATOR + 1)).rejects.toMatchObject({ code: 'H736' });
    const { rows } = await db.pool.query(`SELECT input::text FROM consent.scrub_job_chunks WHERE job_id = $1`, [jobId]);
    expect(rows[0].input).not.toContain('905370000001');
    await worker().drain();
    expect(await resultOf(jobId, 'decisions')).toBe('recipient,decision,reason\r\n+905370000001,DENY,UNKNOWN_SENDER\r\n+905370000002,DENY,UNKNOWN_SENDER\r\n');
    clock.advance(7 * 86_400_000 + 1);
    await expect(progress(jobId)).rejects.toMatchObject({ code: 'H739' });
  });
});
