import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ServiceProviderContracts } from '@iys/contracts';
import { FixedClock, formatIysDateTime, istanbulDay } from '@iys/platform/building-blocks';
import { eventStoreMigrations, PostgresEventStore, ProjectionRunner, ReadModelWatermark } from '@iys/platform/event-store';
import { outboxMigrations } from '@iys/platform/outbox';
import { eraseSubject, piiMigrations, PiiVault } from '@iys/platform/pii';
import { createTestDatabase, statementsOnThePath, type TestDatabase } from '@iys/platform/testing';
import type { ConsentStatus, RecipientType } from '../../../domain/consent.events.js';
import { consentMigrations } from '../../../index.js';
import { registerConsentCodes } from '../../consent-codes.js';
import { ConsentBrandDirectory } from '../../consent-brand-directory.js';
import { PostgresConsentBrandRecords } from '../../../infrastructure/read-models/postgres-consent-brand-records.js';
import { ConsentRegistrar } from '../../consent-registrar.js';
import { DeliveryChecker, type DeliveryCheck } from '../../gate/delivery-checker.js';
import { GateRecords } from '../../gate/gate-records.js';
import { CONSENT_BRANDS_CHANNEL, consentBrandsProjection } from '../../projections/consent-brands.projection.js';
import { currentConsentProjection } from '../../projections/current-consent.projection.js';
import { gateDenialsErasureProjection, operatorGateProjection } from '../../projections/operator-gate.projection.js';
import { PostgresGateFacts } from '../../../infrastructure/read-models/postgres-gate-facts.js';
import { PostgresGateRecordStore } from '../../../infrastructure/read-models/postgres-gate-record-store.js';
import { CheckDeliveriesHandler } from './check-deliveries.handler.js';
import { CheckDeliveriesQuery } from './check-deliveries.query.js';
import { NotifiedCache } from '@iys/platform/database';

const IYS = 710001;
const BRAND = 710002;
const PASSIVE_BRAND = 710003;
const LATE_IYS = 710011;
const LATE_BRAND = 710012;
const LATER_PASSIVE_BRAND = 710004;
const OPERATOR = 41;
const meta = { actorKind: 'admin' as const, actorId: 'admin-1', channel: 'api' };

describe('CheckDeliveries: the operator gate over the registry’s read models (real PostgreSQL)', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let vault: PiiVault;
  let registrar: ConsentRegistrar;
  let gate: CheckDeliveriesHandler;
  let records: GateRecords;
  let runner: ProjectionRunner;
  const clock = new FixedClock(new Date('2026-12-03T09:00:00.000Z'));
  let serial = 0;
  const nextPhone = () => `+90535${String(1_000_000 + serial++)}`;

  const publish = (streamId: string, type: string, data: object) =>
    store.append({ streamId, expectedVersion: 'any', events: [{ type, data: { ...data }, metadata: meta }] });

  /** An exemption as the service-provider context publishes it (from 2026, open-ended unless said); returns its id. */
  async function grantExemption(
    grant: Pick<ServiceProviderContracts.SenderExemptionGranted, 'organisation' | 'kind' | 'registrationNumber' | 'senders'> &
      Partial<ServiceProviderContracts.SenderExemptionGranted>,
  ): Promise<string> {
    const exemptionId = randomUUID();
    await publish(`senderExemption-${exemptionId}`, ServiceProviderContracts.SENDER_EXEMPTION_GRANTED, {
      validFrom: '2026-01-01T00:00:00.000Z',
      validTo: null,
      legalBasis: 'Kanun',
      ...grant,
      exemptionId,
    } satisfies ServiceProviderContracts.SenderExemptionGranted);
    return exemptionId;
  }

  beforeAll(async () => {
    registerConsentCodes();
    db = await createTestDatabase([...eventStoreMigrations, ...piiMigrations, ...outboxMigrations, ...consentMigrations]);
    vault = new PiiVault({ pool: db.pool, masterKey: randomBytes(32), hmacKey: randomBytes(32), clock });
    // As registered by the module: the directory read models async (no daemon runs here: the gate's
    // watermark catches them up itself), current consent and the DENY log's erasure inline.
    store = new PostgresEventStore({ pool: db.pool, clock, inlineProjections: [currentConsentProjection, gateDenialsErasureProjection] });
    runner = new ProjectionRunner(db.pool, store);
    for (const definition of [consentBrandsProjection, operatorGateProjection]) await runner.register(definition);
    registrar = new ConsentRegistrar(store, vault, new ConsentBrandDirectory(new PostgresConsentBrandRecords(db.pool), new NotifiedCache<string>(db.pool, CONSENT_BRANDS_CHANNEL), runner), clock);
    records = new GateRecords(new PostgresGateRecordStore(db.pool), clock);
    gate = new CheckDeliveriesHandler(new DeliveryChecker(new PostgresGateFacts(db.pool), vault, store, clock, new ReadModelWatermark(runner, [consentBrandsProjection, operatorGateProjection])), records);
    const approve = (iysCode: number, brands: number[], activationDate: string) =>
      publish(`serviceProvider-${randomUUID()}`, ServiceProviderContracts.PROVIDER_APPROVED, {
        applicationId: randomUUID(),
        iysCode,
        brands: brands.map((brandCode, i) => ({ brandCode, name: `Marka ${brandCode}`, master: i === 0 })),
        activationDate,
      } satisfies ServiceProviderContracts.ProviderApproved);
    await approve(IYS, [BRAND, PASSIVE_BRAND, LATER_PASSIVE_BRAND], '2026-01-01T00:00:00.000Z');
    await approve(LATE_IYS, [LATE_BRAND], '2027-06-01T00:00:00.000Z');
    await publish(`serviceProvider-${randomUUID()}`, ServiceProviderContracts.BRAND_DEACTIVATED, { iysCode: IYS, brandCode: PASSIVE_BRAND });
    // The brand's registered identities, as the service-provider context publishes them.
    for (const [channel, senderId] of [['MESAJ', 'KAHVECI'], ['EPOSTA', 'kahveci.com.tr']] as const) {
      await publish(`senderIdentity-${BRAND}`, ServiceProviderContracts.SENDER_REGISTERED, { iysCode: IYS, brandCode: BRAND, channel, senderId } satisfies ServiceProviderContracts.SenderRegistered);
    }
    await grantExemption({
      organisation: 'Yardım Derneği',
      kind: 'ASSOCIATION',
      registrationNumber: { scheme: 'VKN', value: '1234567890' },
      senders: [{ channel: 'MESAJ', senderId: 'YARDIM' }],
      validTo: '2026-12-31T21:00:00.000Z',
      legalBasis: 'Yönetmelik md. 6',
    });
  });
  afterAll(async () => {
    await records?.onApplicationShutdown();
    await db?.drop();
  });

  async function consent(phone: string, recipientType: RecipientType, status: ConsentStatus, brandCode = BRAND): Promise<void> {
    const [outcome] = await registrar.register(
      [{ recipient: phone, recipientType, type: 'MESAJ', status, consentDate: formatIysDateTime(clock.now()), source: 'HS_WEB' }],
      { iysCode: IYS, brandCode, origin: 'HS', actorKind: 'service-provider', actorId: 'provider-user', channel: 'api' },
    );
    if (!outcome.ok) throw outcome.error;
  }
  /** A RET on record: a first record may not be a RET, so an ONAY comes first. */
  async function rejected(phone: string, recipientType: RecipientType): Promise<void> {
    await consent(phone, recipientType, 'ONAY');
    clock.advance(1000);
    await consent(phone, recipientType, 'RET');
  }
  const check = (recipient: string, overrides: Partial<DeliveryCheck> = {}): DeliveryCheck => ({
    sender: { iysCode: IYS, brandCode: BRAND },
    recipient,
    type: 'MESAJ',
    category: 'TICARI',
    ...overrides,
  });
  const run = (...checks: DeliveryCheck[]) => gate.execute(new CheckDeliveriesQuery(OPERATOR, checks));

  it('answers a mixed batch in order, each item with its decision, reason, recipient type and brand', async () => {
    const onay = nextPhone(), ret = nextPhone(), absent = nextPhone(), tacir = nextPhone(), tacirRet = nextPhone(), erased = nextPhone();
    await consent(onay, 'BIREYSEL', 'ONAY');
    await rejected(ret, 'BIREYSEL');
    await consent(absent, 'BIREYSEL', 'ONAY'); // a MESAJ consent: the ARAMA check below finds none
    await consent(tacir, 'TACIR', 'ONAY');
    await rejected(tacirRet, 'TACIR');
    await consent(erased, 'BIREYSEL', 'ONAY');
    await eraseSubject({ vault, store }, (await vault.findRecipientId(erased))!, 'recipient-request');

    const results = await run(
      check(onay),
      check(ret),
      check(absent, { type: 'ARAMA' }),
      check(tacir),
      check(tacirRet),
      check(nextPhone()),
      check(onay, { sender: { senderId: 'Kahveci' } }),
      check(onay, { sender: { senderId: 'BILINMEZ' } }),
      check(ret, { sender: { senderId: 'yardim' } }),
      check(ret, { category: 'BILGILENDIRME' }),
      check(onay, { sender: { iysCode: IYS, brandCode: 999_999 } }),
      check(onay, { sender: { iysCode: LATE_IYS, brandCode: BRAND } }),
      check(onay, { sender: { iysCode: IYS, brandCode: PASSIVE_BRAND } }),
      check(onay, { sender: { iysCode: LATE_IYS, brandCode: LATE_BRAND } }),
      check(erased),
      check('not-an-address'),
    );
    expect(results.map(({ decision, reason, recipientType, brandCode }) => [decision, reason, recipientType, brandCode])).toEqual([
      ['ALLOW', 'ONAY', 'BIREYSEL', BRAND],
      ['DENY', 'RET', 'BIREYSEL', BRAND],
      ['DENY', 'NO_CONSENT', null, BRAND],
      ['ALLOW', 'TACIR_REGISTERED', 'TACIR', BRAND],
      ['DENY', 'RET', 'TACIR', BRAND],
      ['DENY', 'UNKNOWN_RECIPIENT', null, BRAND],
      ['ALLOW', 'ONAY', 'BIREYSEL', BRAND],
      ['DENY', 'UNKNOWN_SENDER', null, null],
      ['ALLOW', 'EXEMPT', null, null],
      ['ALLOW', 'TRANSACTIONAL', null, BRAND],
      ['DENY', 'UNKNOWN_BRAND', null, null],
      ['DENY', 'UNKNOWN_BRAND', null, null],
      ['DENY', 'BRAND_PASSIVE', null, PASSIVE_BRAND],
      ['DENY', 'PROVIDER_NOT_ACTIVE', null, LATE_BRAND],
      ['DENY', 'UNKNOWN_RECIPIENT', null, BRAND],
      ['DENY', 'INVALID_RECIPIENT', null, BRAND],
    ]);
  });

  it('reads its own writes: a RET recorded a moment ago denies the very next check', async () => {
    const phone = nextPhone();
    await consent(phone, 'BIREYSEL', 'ONAY');
    expect((await run(check(phone)))[0]).toMatchObject({ decision: 'ALLOW', reason: 'ONAY' });
    clock.advance(1000);
    await consent(phone, 'BIREYSEL', 'RET');
    expect((await run(check(phone)))[0]).toMatchObject({ decision: 'DENY', reason: 'RET' });
  });

  it('sees a brand deactivated, a provider activation moved, a sender registered and an exemption ended at the very next check, in one statement while nothing changed', async () => {
    const phone = nextPhone();
    await consent(phone, 'BIREYSEL', 'ONAY');
    const exemptionId = await grantExemption({
      organisation: 'Belediye',
      kind: 'PUBLIC_BODY',
      registrationNumber: { scheme: 'VKN', value: '0987654321' },
      senders: [{ channel: 'MESAJ', senderId: 'BELEDIYE' }],
    });
    const calls = [check(phone), check(phone, { sender: { senderId: 'BELEDIYE' } }), check(phone, { sender: { senderId: 'SONRAKI' } })];
    expect((await run(...calls)).map((r) => r.reason)).toEqual(['ONAY', 'EXEMPT', 'UNKNOWN_SENDER']);
    // Nothing changed since: the whole call is one statement (directory from memory, watermark in it).
    const statements = await statementsOnThePath(() => run(...calls));
    expect(statements.filter((text) => !text.startsWith('WITH counted AS'))).toHaveLength(1);

    await publish(`senderIdentity-${BRAND}`, ServiceProviderContracts.SENDER_REGISTERED, { iysCode: IYS, brandCode: BRAND, channel: 'MESAJ', senderId: 'SONRAKI' } satisfies ServiceProviderContracts.SenderRegistered);
    await publish(`senderExemption-${exemptionId}`, ServiceProviderContracts.SENDER_EXEMPTION_ENDED, { exemptionId, endedAt: clock.now().toISOString() } as ServiceProviderContracts.SenderExemptionEnded);
    expect((await run(...calls)).map((r) => r.reason)).toEqual(['ONAY', 'UNKNOWN_SENDER', 'ONAY']);

    await publish(`serviceProvider-${randomUUID()}`, ServiceProviderContracts.ACTIVATION_DATE_SET, { iysCode: IYS, activationDate: '2027-01-01T00:00:00.000Z' } as ServiceProviderContracts.ActivationDateSet);
    expect((await run(check(phone)))[0]).toMatchObject({ decision: 'DENY', reason: 'PROVIDER_NOT_ACTIVE' });
    await publish(`serviceProvider-${randomUUID()}`, ServiceProviderContracts.ACTIVATION_DATE_SET, { iysCode: IYS, activationDate: '2026-01-01T00:00:00.000Z' } as ServiceProviderContracts.ActivationDateSet);
    expect((await run(check(phone)))[0]).toMatchObject({ decision: 'ALLOW', reason: 'ONAY' });
  });

  it('sees a change the daemon projects between a fresh process reading its directory and its first statement', async () => {
    await grantExemption({
      organisation: 'Acil Yardım',
      kind: 'NGO',
      registrationNumber: { scheme: 'VKN', value: '1122334455' },
      senders: [{ channel: 'MESAJ', senderId: 'ACILYARDIM' }],
    });
    // The directory is read before the projection has the exemption; the daemon catches up right after.
    class DaemonInBetween extends PostgresGateFacts {
      override async directory(...args: Parameters<PostgresGateFacts['directory']>) {
        const slice = await super.directory(...args);
        for (const projection of [consentBrandsProjection, operatorGateProjection]) await runner.waitUntilCaughtUp(projection, { drive: true, timeoutMs: 5_000 });
        return slice;
      }
    }
    const fresh = new CheckDeliveriesHandler(
      new DeliveryChecker(new DaemonInBetween(db.pool), vault, store, clock, new ReadModelWatermark(runner, [consentBrandsProjection, operatorGateProjection])),
      records,
    );
    const [answer] = await fresh.execute(new CheckDeliveriesQuery(OPERATOR, [check(nextPhone(), { sender: { senderId: 'ACILYARDIM' } })]));
    expect(answer).toMatchObject({ decision: 'ALLOW', reason: 'EXEMPT' });
  });

  it('answers a past delivery from history: before the RET was recorded it was allowed', async () => {
    const phone = nextPhone();
    await consent(phone, 'BIREYSEL', 'ONAY');
    const beforeRet = new Date(clock.now().getTime() + 500);
    clock.advance(1000);
    await consent(phone, 'BIREYSEL', 'RET');
    const [then, now] = await run(check(phone, { at: beforeRet }), check(phone));
    expect(then).toMatchObject({ decision: 'ALLOW', reason: 'ONAY' });
    expect(now).toMatchObject({ decision: 'DENY', reason: 'RET' });
    // Before any consent was recorded, there was none.
    const [earlier] = await run(check(phone, { at: new Date(beforeRet.getTime() - 10_000) }));
    expect(earlier).toMatchObject({ decision: 'DENY', reason: 'NO_CONSENT' });
  });

  it('stops counting an exemption at its end date and a removed sender at its removal', async () => {
    const phone = nextPhone();
    const [during, after] = await run(
      check(phone, { sender: { senderId: 'YARDIM' } }),
      check(phone, { sender: { senderId: 'YARDIM' }, at: new Date('2027-01-01T00:00:00.000Z') }),
    );
    expect(during).toMatchObject({ decision: 'ALLOW', reason: 'EXEMPT' });
    expect(after).toMatchObject({ decision: 'DENY', reason: 'UNKNOWN_SENDER' });

    await publish(`senderIdentity-${BRAND}`, ServiceProviderContracts.SENDER_REMOVED, { iysCode: IYS, brandCode: BRAND, channel: 'EPOSTA', senderId: 'kahveci.com.tr' });
    const [mail] = await run(check('ali@example.com.tr', { type: 'EPOSTA', sender: { senderId: 'kampanya@kahveci.com.tr' } }));
    expect(mail).toMatchObject({ decision: 'DENY', reason: 'UNKNOWN_SENDER' });
  });

  it('judges a past delivery by the brand and the sender registrations as they were at `at`, not as they are now', async () => {
    const phone = nextPhone();
    await consent(phone, 'BIREYSEL', 'ONAY');
    await consent(phone, 'BIREYSEL', 'ONAY', LATER_PASSIVE_BRAND);
    const then = new Date(clock.now().getTime() + 500);
    clock.advance(1000);
    // After `at`: the brand is deactivated, a header is registered, another is removed.
    await publish(`serviceProvider-${randomUUID()}`, ServiceProviderContracts.BRAND_DEACTIVATED, { iysCode: IYS, brandCode: LATER_PASSIVE_BRAND });
    await publish(`senderIdentity-${BRAND}`, ServiceProviderContracts.SENDER_REGISTERED, { iysCode: IYS, brandCode: BRAND, channel: 'MESAJ', senderId: 'YENIBASLIK' });
    await publish(`senderIdentity-${BRAND}`, ServiceProviderContracts.SENDER_REGISTERED, { iysCode: IYS, brandCode: BRAND, channel: 'MESAJ', senderId: 'ESKIBASLIK' });
    const registered = new Date(clock.now().getTime() + 500);
    clock.advance(1000);
    await publish(`senderIdentity-${BRAND}`, ServiceProviderContracts.SENDER_REMOVED, { iysCode: IYS, brandCode: BRAND, channel: 'MESAJ', senderId: 'ESKIBASLIK' });
    const passive = { sender: { iysCode: IYS, brandCode: LATER_PASSIVE_BRAND } };
    const answers = await run(
      check(phone, { ...passive, at: then }),
      check(phone, passive),
      check(phone, { sender: { senderId: 'YENIBASLIK' }, at: then }),
      check(phone, { sender: { senderId: 'YENIBASLIK' } }),
      check(phone, { sender: { senderId: 'ESKIBASLIK' }, at: registered }),
      check(phone, { sender: { senderId: 'ESKIBASLIK' } }),
    );
    expect(answers.map(({ decision, reason }) => `${decision} ${reason}`)).toEqual([
      'ALLOW ONAY', // the brand was still active then
      'DENY BRAND_PASSIVE',
      'DENY UNKNOWN_SENDER', // the header was registered after `at`
      'ALLOW ONAY',
      'ALLOW ONAY', // the header was registered then, removed since
      'DENY UNKNOWN_SENDER',
    ]);
  });

  it('counts every answer per operator, brand, day, decision and reason, and logs DENYs with opaque ids only', async () => {
    const day = istanbulDay(clock.now());
    const before = await records.counters(day, { operatorCode: OPERATOR, brandCode: BRAND });
    const phone = nextPhone();
    await rejected(phone, 'BIREYSEL');
    const recipientId = (await vault.findRecipientId(phone))!;
    await gate.execute(new CheckDeliveriesQuery(OPERATOR, [check(phone), check(phone), check(phone, { category: 'BILGILENDIRME' })]));
    // Buffered: the check wrote nothing; the flush (every second, and at shutdown) writes it all.
    const denialsOf = async () => (await db.pool.query(`SELECT 1 FROM consent.gate_denials WHERE recipient_id = $1`, [recipientId])).rowCount;
    expect(await denialsOf()).toBe(0);
    await records.onApplicationShutdown();
    expect(await denialsOf()).toBe(2);
    const after = await records.counters(day, { operatorCode: OPERATOR, brandCode: BRAND });
    const count = (rows: typeof after, reason: string) => rows.find((r) => r.reason === reason)?.count ?? 0;
    expect(count(after, 'RET') - count(before, 'RET')).toBe(2);
    expect(count(after, 'TRANSACTIONAL') - count(before, 'TRANSACTIONAL')).toBe(1);
    const { rows } = await db.pool.query(`SELECT * FROM consent.gate_denials WHERE recipient_id = $1`, [recipientId]);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ operator_code: OPERATOR, brand_code: BRAND, iys_code: IYS, type: 'MESAJ', reason: 'RET' });
    expect(JSON.stringify(rows)).not.toContain(phone.slice(1));
    // Another operator's counters are its own.
    expect(await records.counters(day, { operatorCode: OPERATOR + 1 })).toEqual([]);
    // The log forgets an erased recipient with everything else.
    await eraseSubject({ vault, store }, recipientId, 'recipient-request');
    expect((await db.pool.query(`SELECT 1 FROM consent.gate_denials WHERE recipient_id = $1`, [recipientId])).rowCount).toBe(0);
  });

  it('leaves no DENY row behind for a recipient erased between the check and the flush', async () => {
    const phone = nextPhone();
    await rejected(phone, 'BIREYSEL');
    const recipientId = (await vault.findRecipientId(phone))!;
    await gate.execute(new CheckDeliveriesQuery(OPERATOR, [check(phone)]));
    await eraseSubject({ vault, store }, recipientId, 'recipient-request');
    await records.flush();
    expect((await db.pool.query(`SELECT 1 FROM consent.gate_denials WHERE recipient_id = $1`, [recipientId])).rowCount).toBe(0);
  });

  it('prunes DENY rows older than the retention period', async () => {
    const phone = nextPhone();
    await run(check(phone));
    clock.advance(31 * 86_400_000);
    await run(check(phone));
    await records.flush();
    expect(await records.pruneDenials(30)).toBeGreaterThan(0);
    const { rows } = await db.pool.query<{ oldest: Date }>('SELECT min(checked_at) AS oldest FROM consent.gate_denials');
    expect(rows[0].oldest.getTime()).toBeGreaterThanOrEqual(clock.now().getTime() - 30 * 86_400_000);
  });
});
