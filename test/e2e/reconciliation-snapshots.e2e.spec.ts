import { createHash, createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { addCalendarDays, FixedClock, istanbulDay, parseIysDateTime } from '@iys/platform/building-blocks';
import { PostgresEventStore, ProjectionRunner } from '@iys/platform/event-store';
import { eraseSubject, PiiVault } from '@iys/platform/pii';
import { ProjectionRegistry } from '@iys/platform/nest';
import {
  DailySnapshotService,
  snapshotSignedMessage,
} from '../../libs/contexts/reconciliation/src/snapshots/application/daily-snapshot.service.js';
import { MovementFileSource } from '../../libs/contexts/reconciliation/src/reports/application/movement-file.source.js';
import { SealedMovementFiles } from '../../libs/contexts/reconciliation/src/reports/infrastructure/read-models/postgres-sealed-movement-files.js';
import { merkleRoot } from '../../libs/contexts/reconciliation/src/snapshots/domain/merkle/merkle-tree.js';
import { expectStatus, iysClient } from '../support/iys-client.js';
import { startTestApp, type TestApp } from './app-harness.js';
import { adminToken, onboardProvider, tokenFor } from './service-provider-flow.js';

const at = (text: string) => parseIysDateTime(text)!;
let phoneSequence = 0;
const nextPhone = () => `+90533${String(3000000 + ++phoneSequence).padStart(7, '0')}`;

/**
 * The signed daily snapshot (Merkle roots over the day's event hashes, the movement files' SHA-256,
 * an Ed25519 signature over the registry root) end to end. Runs against the wired module when the
 * app provides it, otherwise builds the snapshot classes by hand on the app's pool (same behaviour).
 */
describe('reconciliation: signed daily snapshots', () => {
  const D = addCalendarDays(istanbulDay(new Date()), -3);
  const D1 = addCalendarDays(D, 1);
  const D2 = addCalendarDays(D, 2);
  const clock = new FixedClock(at(`${D} 12:00:00`));
  const { privateKey } = generateKeyPairSync('ed25519');
  const signingKeyBase64 = privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
  const dataDir = mkdtempSync(join(tmpdir(), 'iys-snapshots-'));
  let harness: TestApp;
  let service: DailySnapshotService;
  let providers: Awaited<ReturnType<typeof onboardProvider>>[] = [];
  const server = () => harness.app.getHttpServer();

  /** The M4 bytes of the provider's first brand for `day`, as a client downloads them. */
  async function movementFile(provider: (typeof providers)[number], day: string): Promise<Buffer> {
    const file = await request(server())
      .get(`/sps/${provider.iysCode}/brands/${provider.brands[0].brandCode}/changes/${day}/file`)
      .set({ authorization: `Bearer ${provider.access}` })
      .buffer(true)
      .parse((res, callback) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => callback(null, Buffer.concat(chunks)));
      })
      .expect(200);
    return file.body as Buffer;
  }

  /** The published endpoints, over HTTP. */
  async function published(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await request(server()).get(url);
    return { status: response.status, body: response.body as Record<string, unknown> };
  }

  async function addConsent(provider: (typeof providers)[number], recipient: string, status: 'ONAY' | 'RET', time = '11:00:00'): Promise<string> {
    const client = await iysClient(harness.app, provider.access);
    const brand = { iysCode: provider.iysCode, brandCode: provider.brands[0].brandCode };
    const body = { recipient, recipientType: 'BIREYSEL', type: 'MESAJ', status, source: 'HS_WEB', consentDate: `${D} ${time}` } as const;
    return expectStatus(await client.POST('/sps/{iysCode}/brands/{brandCode}/consents', { params: { path: brand }, body }), 200).transactionId;
  }

  /** The brand's day root recomputed from the event log alone, as a third party would. */
  async function recomputedBrandRoot(brandCode: number, day: string): Promise<Buffer> {
    const { rows } = await harness.db.pool.query<{ hash: Buffer; recorded_at: Date }>(
      `SELECT hash, recorded_at FROM event_store.events
        WHERE event_type IN ('consent.ConsentApproved', 'consent.ConsentRejected') AND (data->>'brandCode')::int = $1
        ORDER BY transaction_id, global_position`,
      [brandCode],
    );
    return merkleRoot(rows.filter((row) => istanbulDay(row.recorded_at) === day).map((row) => row.hash));
  }

  const rowCounts = async () =>
    (
      await harness.db.pool.query<{ days: string; brands: string }>(
        'SELECT (SELECT count(*) FROM reconciliation.daily_snapshots) AS days, (SELECT count(*) FROM reconciliation.brand_snapshots) AS brands',
      )
    ).rows[0];

  beforeAll(async () => {
    harness = await startTestApp({ IYS_SIGNING_KEY: signingKeyBase64, IYS_DATA_DIR: dataDir }, { clock });
    service = harness.app.get(DailySnapshotService, { strict: false });

    const admin = (await adminToken(harness.app)).access;
    providers = [await onboardProvider(harness.app, admin), await onboardProvider(harness.app, admin)];
    // Day D: three movements of the first brand, one of the second. D+1: none.
    const [r1, r2, r3] = [nextPhone(), nextPhone(), nextPhone()];
    await addConsent(providers[0], r1, 'ONAY');
    await addConsent(providers[1], r3, 'ONAY');
    await addConsent(providers[0], r2, 'ONAY');
    await addConsent(providers[0], r1, 'RET', '11:30:00');
    clock.set(at(`${D2} 10:00:00`));
    providers = await Promise.all(providers.map(async (p) => ({ ...p, ...(await tokenFor(harness.app, p.username, p.password)) })));
    const daily = harness.app.get(ProjectionRegistry).all().find((p) => p.name === 'reconciliation.daily-movements')!;
    await harness.app.get(ProjectionRunner).waitUntilCaughtUp(daily, { timeoutMs: 15_000 });
  });
  afterAll(async () => {
    await harness.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('has no snapshot before it is taken (404 H651) and refuses today and malformed days', async () => {
    const missing = await published(`/reconciliation/snapshots/${D}`);
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ errors: [expect.objectContaining({ code: 'H651' })] });
    await expect(service.snapshotDay(D2)).rejects.toMatchObject({ code: 'H502' });
    await expect(service.snapshotDay(addCalendarDays(D2, 5))).rejects.toMatchObject({ code: 'H502' });
    await expect(service.snapshotDay('2024-02-30')).rejects.toMatchObject({ code: 'H501' });
  });

  it('takes the day once: stored, then the same snapshot again without new rows', async () => {
    const progress: string[] = [];
    const first = await service.snapshotDay(D, (p) => progress.push(p.kind));
    expect(first.created).toBe(true);
    expect(progress).toEqual(['day-started', 'brand-done', 'brand-done', 'day-done']);
    expect(first.snapshot).toMatchObject({ day: D, brandCount: 2, eventCount: 4 });
    expect(first.snapshot.brands.map((b) => [b.brandCode, b.eventCount])).toEqual(
      [
        [providers[0].brands[0].brandCode, 3],
        [providers[1].brands[0].brandCode, 1],
      ].sort((a, b) => a[0] - b[0]),
    );
    const counts = await rowCounts();
    const second = await service.snapshotDay(D);
    expect(second.created).toBe(false);
    expect(second.snapshot).toEqual(first.snapshot);
    expect(await rowCounts()).toEqual(counts);
  });

  it('stores, per brand, the SHA-256 of exactly the M4 file and of M2', async () => {
    for (const provider of providers) {
      const brandCode = provider.brands[0].brandCode;
      const auth = { authorization: `Bearer ${provider.access}` };
      const expected = createHash('sha256').update(await movementFile(provider, D)).digest('hex');
      const agreement = await request(server()).get(`/sps/${provider.iysCode}/brands/${brandCode}/agreements/${D}`).set(auth).expect(200);
      expect(agreement.body.hashValue).toBe(expected);
      const snapshot = await published(`/reconciliation/snapshots/${D}`);
      const brands = snapshot.body.brands as { brandCode: number; fileSha256: string }[];
      expect(brands.find((b) => b.brandCode === brandCode)!.fileSha256).toBe(expected);
    }
  });

  it('publishes a signature anyone can verify with the published key, and roots anyone can recompute', async () => {
    const { status, body } = await published(`/reconciliation/snapshots/${D}`);
    expect(status).toBe(200);
    const key = await published('/reconciliation/signing-key');
    expect(key.body.publicKeyId).toBe(body.publicKeyId);
    expect(key.body.publicKey).toBe(body.publicKey);
    const publicKey = createPublicKey(key.body.publicKey as string);
    expect(body.publicKeyId).toBe(createHash('sha256').update(publicKey.export({ format: 'der', type: 'spki' })).digest('hex').slice(0, 16));
    const registryRoot = Buffer.from(body.registryRoot as string, 'hex');
    expect(body.signedMessage).toBe(snapshotSignedMessage(D, registryRoot).toString('utf8'));
    expect(verify(null, Buffer.from(body.signedMessage as string, 'utf8'), publicKey, Buffer.from(body.signature as string, 'base64'))).toBe(true);
    // The signature is bound to the day and the root.
    expect(verify(null, snapshotSignedMessage(D1, registryRoot), publicKey, Buffer.from(body.signature as string, 'base64'))).toBe(false);

    const brands = body.brands as { brandCode: number; merkleRoot: string; eventCount: number }[];
    expect(brands.map((b) => b.brandCode)).toEqual([...brands.map((b) => b.brandCode)].sort((a, b) => a - b));
    for (const brand of brands) expect((await recomputedBrandRoot(brand.brandCode, D)).toString('hex')).toBe(brand.merkleRoot);
    expect(merkleRoot(brands.map((b) => Buffer.from(b.merkleRoot, 'hex'))).toString('hex')).toBe(body.registryRoot);
  });

  it('catches up every missed day up to yesterday, an empty day included, and changes nothing on a rerun', async () => {
    const created = await service.catchUp(clock.now());
    expect(created).toEqual([D1]);
    const empty = await published(`/reconciliation/snapshots/${D1}`);
    expect(empty.status).toBe(200);
    expect(empty.body).toMatchObject({ day: D1, registryRoot: createHash('sha256').digest('hex'), brands: [], eventCount: 0 });
    const publicKey = createPublicKey(empty.body.publicKey as string);
    expect(verify(null, Buffer.from(empty.body.signedMessage as string, 'utf8'), publicKey, Buffer.from(empty.body.signature as string, 'base64'))).toBe(true);
    const counts = await rowCounts();
    expect(await service.catchUp(clock.now())).toEqual([]);
    expect(await rowCounts()).toEqual(counts);
    expect((await published(`/reconciliation/snapshots/${D2}`)).status).toBe(404);
  });

  it('exposes a tampered event: the recomputed root no longer matches the signed one', async () => {
    const brandCode = providers[0].brands[0].brandCode;
    const { body } = await published(`/reconciliation/snapshots/${D}`);
    const signed = (body.brands as { brandCode: number; merkleRoot: string }[]).find((b) => b.brandCode === brandCode)!.merkleRoot;
    expect((await recomputedBrandRoot(brandCode, D)).toString('hex')).toBe(signed);
    // A superuser rewrites one event and its chain hash, bypassing the append-only trigger.
    const { rows } = await harness.db.pool.query<{ event_id: string }>(
      `SELECT event_id FROM event_store.events WHERE event_type = 'consent.ConsentApproved' AND (data->>'brandCode')::int = $1
        ORDER BY transaction_id, global_position LIMIT 1`,
      [brandCode],
    );
    await harness.db.adminQuery(
      `BEGIN; SET LOCAL session_replication_role = replica;
       UPDATE event_store.events SET data = jsonb_set(data, '{source}', '"HS_FAKE"'), hash = sha256(hash || convert_to('tampered', 'UTF8'))
        WHERE event_id = '${rows[0].event_id}'; COMMIT;`,
    );
    expect((await recomputedBrandRoot(brandCode, D)).toString('hex')).not.toBe(signed);
    // The stored, signed snapshot is unchanged: the difference is the evidence.
    expect((await published(`/reconciliation/snapshots/${D}`)).body).toEqual(body);
    const fresh = await service.brandRoot(D, brandCode, providers[0].iysCode);
    expect(fresh.root.toString('hex')).not.toBe(signed);
  });

  it('keeps the day file sealed from the snapshot: M4 and M2 read it, it holds no address in clear, and an erasure drops it', async () => {
    const provider = providers[0];
    const scope = { iysCode: provider.iysCode, brandCode: provider.brands[0].brandCode, day: D };
    const sealedFiles = harness.app.get(SealedMovementFiles, { strict: false });
    const files = harness.app.get(MovementFileSource, { strict: false });
    const sealed = await sealedFiles.find(scope);
    expect(sealed).toBeDefined();
    const computed: Buffer[] = [];
    for await (const chunk of files.computedChunks(scope)) computed.push(chunk);
    const served = await movementFile(provider, D);
    expect(served.equals(Buffer.concat(computed))).toBe(true);
    expect(createHash('sha256').update(served).digest('hex')).toBe(sealed!.sha256);

    const { rows: movements } = await harness.db.pool.query<{ recipient_id: string }>(
      'SELECT DISTINCT recipient_id FROM reconciliation.daily_movements WHERE brand_code = $1 AND day = $2::date ORDER BY recipient_id',
      [scope.brandCode, D],
    );
    const numbers = [...served.toString('utf8').matchAll(/\+90\d{10}/g)].map((m) => m[0]);
    expect(numbers.length).toBeGreaterThan(0);
    const { rows: chunks } = await harness.db.pool.query<{ sealed: Buffer }>('SELECT sealed FROM reconciliation.sealed_movement_file_chunks WHERE brand_code = $1', [scope.brandCode]);
    for (const chunk of chunks) for (const number of numbers) expect(chunk.sealed.includes(Buffer.from(number))).toBe(false);

    // One of the day's recipients is erased: the sealed file goes with their rows, and M4/M2 no longer name them.
    const erased = movements[0].recipient_id;
    const { rows: erasedNumbers } = await harness.db.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM reconciliation.daily_movements WHERE recipient_id = $1 AND day = $2::date',
      [erased, D],
    );
    expect(erasedNumbers[0].n).toBeGreaterThan(0);
    await eraseSubject({ vault: harness.app.get(PiiVault), store: harness.app.get(PostgresEventStore) }, erased, 'recipient-request');
    const daily = harness.app.get(ProjectionRegistry).all().find((p) => p.name === 'reconciliation.daily-movements')!;
    await harness.app.get(ProjectionRunner).waitUntilCaughtUp(daily, { timeoutMs: 15_000 });
    expect(await sealedFiles.find(scope)).toBeUndefined();
    const after = await movementFile(provider, D);
    expect(after.toString('utf8').split('\r\n').length).toBeLessThan(served.toString('utf8').split('\r\n').length);
    const agreement = await request(server()).get(`/sps/${provider.iysCode}/brands/${scope.brandCode}/agreements/${D}`).set({ authorization: `Bearer ${provider.access}` }).expect(200);
    expect(agreement.body.hashValue).toBe(createHash('sha256').update(after).digest('hex'));
    expect(agreement.body.hashValue).not.toBe(sealed!.sha256);
  });

  it('refuses a tampered sealed chunk (its GCM tag) and prunes files older than the M4 window', async () => {
    const provider = providers[1];
    const scope = { iysCode: provider.iysCode, brandCode: provider.brands[0].brandCode, day: D };
    const sealedFiles = harness.app.get(SealedMovementFiles, { strict: false });
    const file = (await sealedFiles.find(scope))!;
    expect(file).toBeDefined();
    await harness.db.pool.query(
      `UPDATE reconciliation.sealed_movement_file_chunks SET sealed = set_byte(sealed, 0, get_byte(sealed, 0) # 1) WHERE brand_code = $1 AND day = $2::date AND chunk_no = 0`,
      [scope.brandCode, D],
    );
    const read = async () => {
      for await (const _chunk of sealedFiles.chunks(scope, file)) void _chunk;
    };
    await expect(read()).rejects.toThrow();

    expect(await sealedFiles.pruneBefore(addCalendarDays(D, 1))).toBeGreaterThan(0);
    expect(await sealedFiles.find(scope)).toBeUndefined();
    // Without its sealed copy the day is computed again, the same bytes as the snapshot hashed.
    const { body } = await published(`/reconciliation/snapshots/${D}`);
    const signed = (body.brands as { brandCode: number; fileSha256: string }[]).find((b) => b.brandCode === scope.brandCode)!.fileSha256;
    expect(createHash('sha256').update(await movementFile(provider, D)).digest('hex')).toBe(signed);
  });
});
