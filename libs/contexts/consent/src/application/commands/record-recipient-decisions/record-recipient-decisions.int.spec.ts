import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ConsentContracts, ServiceProviderContracts } from '@iys/contracts';
import { FixedClock, formatIysDateTime } from '@iys/platform/building-blocks';
import { eventStoreMigrations, PostgresEventStore, toDomainEvent } from '@iys/platform/event-store';
import { outboxMigrations } from '@iys/platform/outbox';
import { eraseSubject, piiMigrations, PiiVault } from '@iys/platform/pii';
import { createTestDatabase, type TestDatabase } from '@iys/platform/testing';
import { consentStreamId } from '../../../domain/consent.decider.js';
import type { ConsentStatusEvent as ConsentEvent } from '../../../domain/consent.events.js';
import { consentMigrations } from '../../../index.js';
import { registerConsentCodes } from '../../consent-codes.js';
import { ConsentBrandDirectory } from '../../consent-brand-directory.js';
import { PostgresConsentBrandRecords } from '../../../infrastructure/read-models/postgres-consent-brand-records.js';
import { ConsentRegistrar } from '../../consent-registrar.js';
import { CONSENT_BRANDS_CHANNEL, consentBrandsProjection } from '../../projections/consent-brands.projection.js';
import { RecordRecipientDecisionsCommand } from './record-recipient-decisions.command.js';
import { RecordRecipientDecisionsHandler } from './record-recipient-decisions.handler.js';
import { NotifiedCache } from '@iys/platform/database';

const IYS_CODE = 700001;
const BRAND = 700002;
const ACCOUNT = '5d0c1b2a-0000-4000-8000-000000000001';

describe('RecordRecipientDecisions: a recipient decides through the registry (real PostgreSQL)', () => {
  let db: TestDatabase;
  let vault: PiiVault;
  let store: PostgresEventStore;
  let registrar: ConsentRegistrar;
  let handler: RecordRecipientDecisionsHandler;
  // On the second, as the provider's `YYYY-MM-DD HH:mm:ss` consentDate is.
  const clock = new FixedClock(new Date('2026-11-23T07:00:00.000Z'));
  let serial = 0;
  const nextPhone = () => `+90534${String(5_000_000 + serial++)}`;

  beforeAll(async () => {
    registerConsentCodes();
    db = await createTestDatabase([...eventStoreMigrations, ...piiMigrations, ...outboxMigrations, ...consentMigrations]);
    vault = new PiiVault({ pool: db.pool, masterKey: randomBytes(32), hmacKey: randomBytes(32), clock });
    store = new PostgresEventStore({ pool: db.pool, clock, inlineProjections: [consentBrandsProjection] });
    registrar = new ConsentRegistrar(store, vault, new ConsentBrandDirectory(new PostgresConsentBrandRecords(db.pool), new NotifiedCache<string>(db.pool, CONSENT_BRANDS_CHANNEL)), clock);
    handler = new RecordRecipientDecisionsHandler(registrar, store, vault);
    // The brand directory learns the brand the way it does in the application: from the provider's approval.
    const approved: ServiceProviderContracts.ProviderApproved = {
      applicationId: randomUUID(),
      iysCode: IYS_CODE,
      brands: [{ brandCode: BRAND, name: 'Kahve Dünyası', master: true }],
      activationDate: '2026-01-01T00:00:00.000Z',
    };
    await store.append({
      streamId: `serviceProvider-${approved.applicationId}`,
      expectedVersion: 'no_stream',
      events: [{ type: ServiceProviderContracts.PROVIDER_APPROVED, data: { ...approved }, metadata: { actorKind: 'admin', actorId: 'admin-1', channel: 'api' } }],
    });
  });
  afterAll(async () => db?.drop());

  /** The provider registers an ONAY now (C1), dated this very second. */
  async function providerApproves(): Promise<{ phone: string; recipientId: string; consentDate: string }> {
    const phone = nextPhone();
    const [outcome] = await registrar.register(
      [{ recipient: phone, recipientType: 'BIREYSEL', type: 'MESAJ', status: 'ONAY', consentDate: formatIysDateTime(clock.now()), source: 'HS_WEB' }],
      { iysCode: IYS_CODE, brandCode: BRAND, origin: 'HS', actorKind: 'service-provider', actorId: 'provider-user', channel: 'api' },
    );
    if (!outcome.ok) throw outcome.error;
    return { phone, recipientId: (await vault.findRecipientId(phone))!, consentDate: clock.now().toISOString() };
  }

  const decision = (recipientId: string, overrides: Partial<ConsentContracts.RecipientDecision> = {}): ConsentContracts.RecipientDecision => ({
    recipientId,
    brandCode: BRAND,
    type: 'MESAJ',
    recipientType: 'BIREYSEL',
    status: 'RET',
    source: 'IYS_WEB',
    actor: { kind: 'recipient', id: ACCOUNT, channel: 'web' },
    commandId: `recipient-decision:${randomUUID()}`,
    ...overrides,
  });
  const decide = (...decisions: ConsentContracts.RecipientDecision[]) => handler.execute(new RecordRecipientDecisionsCommand(decisions));
  const historyOf = async (recipientId: string) =>
    (await store.readStream(consentStreamId(recipientId, BRAND, 'MESAJ', 'BIREYSEL'))).map((recorded) => ({
      event: toDomainEvent<ConsentEvent>(recorded),
      eventId: recorded.eventId,
      metadata: recorded.metadata,
    }));

  it('accepts an opt-out in the same millisecond as the provider’s consent, dated 1 ms after it', async () => {
    const { phone, recipientId, consentDate } = await providerApproves();
    // A provider's own RET at that instant is refused as not newer than the stored consent …
    const [providers] = await registrar.register(
      [{ recipient: phone, recipientType: 'BIREYSEL', type: 'MESAJ', status: 'RET', consentDate: formatIysDateTime(clock.now()), source: 'HS_KARAR' }],
      { iysCode: IYS_CODE, brandCode: BRAND, origin: 'HS', actorKind: 'service-provider', actorId: 'provider-user', channel: 'api' },
    );
    expect(providers).toMatchObject({ ok: false, error: { code: 'H178' } });

    // … but the recipient's own decision is made after that consent existed: neither H178 nor H162.
    const [outcome] = await decide(decision(recipientId));
    expect(outcome).toEqual({ ok: true, transactionId: expect.stringMatching(/^[0-9a-f-]{36}$/), creationDate: formatIysDateTime(clock.now()) });
    const history = await historyOf(recipientId);
    expect(history).toHaveLength(2);
    expect(history[1].eventId).toBe((outcome as { transactionId: string }).transactionId);
    expect(history[1].event).toMatchObject({
      type: 'consent.ConsentRejected',
      data: { consentDate: new Date(Date.parse(consentDate) + 1).toISOString(), source: 'IYS_WEB', origin: 'IYS', iysCode: IYS_CODE },
    });
    expect(history[1].metadata).toMatchObject({ actorKind: 'recipient', actorId: ACCOUNT, channel: 'web' });
    // The sealed address is the consent's own, carried over: the recipient context never handled it.
    expect(history[1].event.data.recipient).toEqual(history[0].event.data.recipient);
  });

  it('dates a later decision at the registry’s clock', async () => {
    const { recipientId } = await providerApproves();
    clock.advance(90_000);
    const [outcome] = await decide(decision(recipientId, { source: 'IYS_CM', actor: { kind: 'call-centre-agent', id: 'agent-7', channel: 'call-centre' } }));
    expect(outcome.ok).toBe(true);
    const [, rejected] = await historyOf(recipientId);
    expect(rejected.event.data).toMatchObject({ consentDate: clock.now().toISOString(), source: 'IYS_CM', origin: 'IYS' });
    expect(rejected.metadata).toMatchObject({ actorKind: 'call-centre-agent', actorId: 'agent-7', channel: 'call-centre' });
  });

  it('answers H641 for a key the registry does not hold, without failing the others of the request', async () => {
    const { recipientId } = await providerApproves();
    const unknown = randomUUID();
    const outcomes = await decide(decision(unknown), decision(recipientId), decision(recipientId, { type: 'ARAMA' }));
    expect(outcomes).toEqual([
      { ok: false, code: 'H641', message: expect.any(String) },
      { ok: true, transactionId: expect.any(String), creationDate: expect.any(String) },
      { ok: false, code: 'H641', message: expect.any(String) },
    ]);
    expect(await store.readStream(consentStreamId(unknown, BRAND, 'MESAJ', 'BIREYSEL'))).toEqual([]);
  });

  it('answers H641 for the consent of an erased subject and writes nothing: its stream remains, the registry no longer holds it', async () => {
    const { recipientId } = await providerApproves();
    const other = await providerApproves();
    await eraseSubject({ vault, store }, recipientId, 'recipient-request');
    clock.advance(1_000);
    const outcomes = await decide(decision(recipientId), decision(other.recipientId));
    expect(outcomes).toEqual([
      { ok: false, code: 'H641', message: expect.any(String) },
      { ok: true, transactionId: expect.any(String), creationDate: expect.any(String) },
    ]);
    expect(await historyOf(recipientId)).toHaveLength(1);
  });

  it('writes a retried decision once and answers it with the first transaction id', async () => {
    const { recipientId } = await providerApproves();
    clock.advance(1_000);
    const retried = decision(recipientId, { commandId: 'sms:gateway-msg-1:consent' });
    const [first] = await decide(retried);
    clock.advance(5_000);
    const [again] = await decide(retried);
    expect(first.ok).toBe(true);
    expect(again).toEqual(first);
    expect(await historyOf(recipientId)).toHaveLength(2);
    // A new decision with its own id is judged on the state: already RET.
    const [fresh] = await decide(decision(recipientId));
    expect(fresh).toMatchObject({ ok: false, code: 'H174' });
    expect(await historyOf(recipientId)).toHaveLength(2);
  });

  it('refuses, as a bug, a decision that names a provider source or no registry source', async () => {
    const { recipientId } = await providerApproves();
    await expect(decide(decision(recipientId, { source: 'HS_WEB' }))).rejects.toThrow(/registry source/);
    await expect(decide(decision(recipientId, { source: 'WEB' }))).rejects.toThrow(/registry source/);
    const [only] = await historyOf(recipientId);
    expect(await historyOf(recipientId)).toEqual([only]);
  });
});
