import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { addCalendarDays, FixedClock, istanbulDay, parseIysDateTime } from '@iys/platform/building-blocks';
import { PostgresEventStore, ProjectionRunner, type JsonObject } from '@iys/platform/event-store';
import { ProjectionRegistry } from '@iys/platform/nest';
import { eraseSubject, PiiVault } from '@iys/platform/pii';
import { MovementFileSource } from '../../libs/contexts/reconciliation/src/reports/application/movement-file.source.js';
import { startTestApp, type TestApp } from './app-harness.js';
import { adminToken, onboardProvider, tokenFor } from './service-provider-flow.js';

/** An instant from Istanbul wall time. */
const at = (text: string) => parseIysDateTime(text)!;
const HEADER = 'creationDate,transactionId,recipient,recipientType,type,status,consentDate,source\r\n';
let phoneSequence = 0;
const nextPhone = () => `+90533${String(2000000 + ++phoneSequence).padStart(7, '0')}`;

interface Movement {
  recipient: string;
  recipientType: 'BIREYSEL' | 'TACIR';
  type: 'ARAMA' | 'MESAJ' | 'EPOSTA';
  status: 'ONAY' | 'RET';
  consentDate: string;
  source: string;
}

/**
 * Reconciliation (İYS M1–M4) end to end. Movements are bucketed by the Istanbul day the registry
 * RECORDED them and today is never reportable, so the app runs on a FixedClock: movements are made
 * at D 23:59:59 and D+1 00:00:00, then the clock moves to D+2 and D, D+1 are reported.
 */
describe('reconciliation: daily summary, movement file, hash and agreement (İYS M1–M4)', () => {
  // D is two days before the real today, so every date the consent rules see is an ordinary one.
  const D = addCalendarDays(istanbulDay(new Date()), -2);
  const D1 = addCalendarDays(D, 1);
  const D2 = addCalendarDays(D, 2);
  const clock = new FixedClock(at(`${D} 23:59:00`));
  let harness: TestApp;
  let provider: Awaited<ReturnType<typeof onboardProvider>>;
  let other: Awaited<ReturnType<typeof onboardProvider>>;
  let brandCode: number;
  /** What each movement (by transactionId) must read as in the file. */
  const movements = new Map<string, Movement>();
  const recipients: Record<string, string> = {};
  const server = () => harness.app.getHttpServer();
  const auth = () => ({ authorization: `Bearer ${provider.access}` });
  const path = (rest: string, iysCode = provider.iysCode, brand = brandCode) => `/sps/${iysCode}/brands/${brand}${rest}`;

  const dailyMovements = () => harness.app.get(ProjectionRegistry).all().find((p) => p.name === 'reconciliation.daily-movements')!;
  /** The caught-up probe of the daily-movement projection (async). */
  const movementsCaughtUp = () => harness.app.get(ProjectionRunner).waitUntilCaughtUp(dailyMovements(), { timeoutMs: 15_000 });

  async function download(url: string): Promise<{ status: number; headers: Record<string, string>; bytes: Buffer }> {
    const response = await request(server())
      .get(url)
      .set(auth())
      .buffer(true)
      .parse((res, callback) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => callback(null, Buffer.concat(chunks)));
      });
    return { status: response.status, headers: response.headers as Record<string, string>, bytes: response.body as Buffer };
  }

  async function addConsent(movement: Omit<Movement, 'consentDate' | 'source'> & { consentDate?: string; source?: string }): Promise<string> {
    const response = await request(server()).post(path('/consents')).set(auth()).send(movement).expect(200);
    const transactionId: string = response.body.transactionId;
    movements.set(transactionId, {
      ...movement,
      consentDate: movement.consentDate ?? response.body.creationDate,
      source: movement.source ?? 'HS_EORTAM',
    });
    return transactionId;
  }

  /** The day's file as it must read: the registry's own commit order, from the event log. */
  async function expectedFile(day: string): Promise<string> {
    const { rows } = await harness.db.pool.query<{ event_id: string; recorded_at: Date }>(
      `SELECT event_id, recorded_at FROM event_store.events
        WHERE event_type IN ('consent.ConsentApproved', 'consent.ConsentRejected') AND (data->>'brandCode')::int = $1
        ORDER BY transaction_id, global_position`,
      [brandCode],
    );
    const lines = rows
      .filter((row) => istanbulDay(row.recorded_at) === day && movements.has(row.event_id))
      .map((row) => {
        const m = movements.get(row.event_id)!;
        const creation = day === D ? `${D} 23:59:59` : `${D1} 00:00:00`;
        return `${creation},${row.event_id},${m.recipient},${m.recipientType},${m.type},${m.status},${m.consentDate},${m.source}\r\n`;
      });
    return HEADER + lines.join('');
  }

  beforeAll(async () => {
    harness = await startTestApp({}, { clock });
    const admin = (await adminToken(harness.app)).access;
    provider = await onboardProvider(harness.app, admin);
    other = await onboardProvider(harness.app, admin);
    brandCode = provider.brands[0].brandCode;

    // Day D, the last second: single adds (C1), a batch (C3) and a change a recipient made through the registry.
    clock.set(at(`${D} 23:59:59`));
    for (const name of ['r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7']) recipients[name] = nextPhone();
    recipients.mail = 'ayse.yilmaz@ornek.com.tr';
    await addConsent({ recipient: recipients.r1, recipientType: 'BIREYSEL', type: 'MESAJ', status: 'ONAY', source: 'HS_WEB', consentDate: `${D} 23:00:00` });
    await addConsent({ recipient: recipients.r2, recipientType: 'BIREYSEL', type: 'MESAJ', status: 'ONAY', source: 'HS_WEB', consentDate: `${D} 22:00:00` });
    await addConsent({ recipient: recipients.r2, recipientType: 'BIREYSEL', type: 'MESAJ', status: 'RET', source: 'HS_WEB', consentDate: `${D} 23:30:00` });
    await addConsent({ recipient: recipients.r1, recipientType: 'BIREYSEL', type: 'ARAMA', status: 'ONAY', source: 'HS_CAGRI_MERKEZI', consentDate: `${D} 21:00:00` });
    await addConsent({ recipient: recipients.r3, recipientType: 'TACIR', type: 'MESAJ', status: 'ONAY' });
    await addConsent({ recipient: recipients.mail, recipientType: 'BIREYSEL', type: 'EPOSTA', status: 'ONAY', source: 'HS_WEB', consentDate: `${D} 23:59:59` });

    const batch: Movement[] = [
      { recipient: recipients.r4, recipientType: 'BIREYSEL', type: 'MESAJ', status: 'ONAY', source: 'HS_MOBIL', consentDate: `${D} 20:00:00` },
      { recipient: recipients.r5, recipientType: 'BIREYSEL', type: 'ARAMA', status: 'ONAY', source: 'HS_MOBIL', consentDate: `${D} 20:00:00` },
    ];
    const accepted = await request(server()).post(path('/consents/request')).set(auth()).send(batch).expect(200);
    let items: { index: number; status: string; transactionId?: string }[] = [];
    const deadline = Date.now() + 15_000;
    do {
      if (items.length > 0) await new Promise((resolve) => setTimeout(resolve, 25)); // polling C4, as a client does
      items = (await request(server()).get(path(`/consents/request/${accepted.body.requestId}`)).set(auth()).expect(200)).body;
    } while (items.some((item) => item.status === 'enqueue') && Date.now() < deadline);
    expect(items.map((item) => item.status)).toEqual(['success', 'success']);
    for (const item of items) movements.set(item.transactionId!, batch[item.index - 1]);

    // C8 (consent through the registry) is not built yet: the event it will write is appended as is.
    const vault = harness.app.get(PiiVault);
    const { recipientId } = await vault.resolveRecipientId(recipients.r6);
    const sealed = await vault.encrypt(recipientId, recipients.r6);
    const viaRegistry = await harness.app.get(PostgresEventStore).append({
      streamId: `consent-${recipientId}.${brandCode}.MESAJ.BIREYSEL`,
      expectedVersion: 'no_stream',
      events: [
        {
          type: 'consent.ConsentApproved',
          data: {
            iysCode: provider.iysCode,
            brandCode,
            recipientId,
            recipient: sealed as unknown as JsonObject,
            recipientType: 'BIREYSEL',
            type: 'MESAJ',
            consentDate: at(`${D} 23:58:00`).toISOString(),
            source: 'IYS_WEB',
            origin: 'IYS',
            retailerCode: null,
            retailerAccess: [],
          },
          metadata: { actorKind: 'recipient', actorId: recipientId, channel: 'web' },
        },
      ],
    });
    movements.set(viaRegistry.eventIds[0], { recipient: recipients.r6, recipientType: 'BIREYSEL', type: 'MESAJ', status: 'ONAY', consentDate: `${D} 23:58:00`, source: 'IYS_WEB' });

    // Midnight: the next day's first second. Its consent is dated before midnight, but recorded after.
    clock.set(at(`${D1} 00:00:00`));
    await addConsent({ recipient: recipients.r7, recipientType: 'BIREYSEL', type: 'MESAJ', status: 'ONAY', source: 'HS_WEB', consentDate: `${D} 23:50:00` });

    // Two days on: D and D+1 are reportable. The tokens of D have expired.
    clock.set(at(`${D2} 10:00:00`));
    provider = { ...provider, ...(await tokenFor(harness.app, provider.username, provider.password)) };
    other = { ...other, ...(await tokenFor(harness.app, other.username, other.password)) };
    await movementsCaughtUp();
  });
  afterAll(() => harness.close());

  it('counts a day’s movements by type and by who made them (M1)', async () => {
    const bireysel = await request(server()).get(path(`/changes/${D}/recipients/BIREYSEL`)).set(auth()).expect(200);
    expect(bireysel.body).toEqual({
      changeStats: [
        { type: 'ARAMA', consents: [{ source: 'HS', total: 2, approval: 2, rejection: 0 }] },
        {
          type: 'MESAJ',
          consents: [
            { source: 'HS', total: 4, approval: 3, rejection: 1 },
            { source: 'IYS', total: 1, approval: 1, rejection: 0 },
          ],
        },
        { type: 'EPOSTA', consents: [{ source: 'HS', total: 1, approval: 1, rejection: 0 }] },
      ],
    });
    const tacir = await request(server()).get(path(`/changes/${D}/recipients/TACIR`)).set(auth()).expect(200);
    expect(tacir.body).toEqual({ changeStats: [{ type: 'MESAJ', consents: [{ source: 'HS', total: 1, approval: 1, rejection: 0 }] }] });
    const nextDay = await request(server()).get(path(`/changes/${D1}/recipients/BIREYSEL`)).set(auth()).expect(200);
    expect(nextDay.body).toEqual({ changeStats: [{ type: 'MESAJ', consents: [{ source: 'HS', total: 1, approval: 1, rejection: 0 }] }] });
    const quiet = await request(server()).get(path(`/changes/${addCalendarDays(D, -1)}/recipients/BIREYSEL`)).set(auth()).expect(200);
    expect(quiet.body).toEqual({ changeStats: [] });
  });

  it('serves the day’s movement file: exact header and rows, in commit order, as UTF-8 CSV (M4)', async () => {
    const file = await download(path(`/changes/${D}/file`));
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(file.headers['content-disposition']).toBe(`attachment; filename="${provider.iysCode}_${brandCode}_${D}.csv"`);
    const text = file.bytes.toString('utf8');
    expect(text.startsWith(HEADER)).toBe(true);
    expect(text).toBe(await expectedFile(D));
    // 9 movements of D, every one of them (the one at 00:00:00 is not here)
    expect(text.split('\r\n').filter(Boolean)).toHaveLength(1 + 9);
    expect(text).not.toContain(recipients.r7);
    // the first single adds appear in the order they were made, r2's ONAY before its RET
    const r2Lines = text.split('\r\n').filter((line) => line.includes(recipients.r2));
    expect(r2Lines.map((line) => line.split(',')[5])).toEqual(['ONAY', 'RET']);
    expect(text).toContain(`,${recipients.r6},BIREYSEL,MESAJ,ONAY,${D} 23:58:00,IYS_WEB\r\n`);
    expect(text).toContain(`${D} 23:59:59,`);
  });

  it('puts a movement recorded at 23:59:59 in that day and one recorded at 00:00:00 in the next', async () => {
    const file = await download(path(`/changes/${D1}/file`));
    const text = file.bytes.toString('utf8');
    expect(text).toBe(await expectedFile(D1));
    const rows = text.split('\r\n').filter(Boolean).slice(1);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatch(new RegExp(`^${D1} 00:00:00,[0-9a-f-]{36},\\${recipients.r7},BIREYSEL,MESAJ,ONAY,${D} 23:50:00,HS_WEB$`));
  });

  it('keeps the daily table in commit order: seq follows the log’s (transaction, position) order', async () => {
    const { rows } = await harness.db.pool.query<{ out_of_order: number }>(
      `SELECT count(*)::int AS out_of_order FROM (
         SELECT (log_transaction_id, global_position) < lag((log_transaction_id, global_position)) OVER (ORDER BY seq) AS behind
           FROM reconciliation.daily_movements) AS t WHERE behind`,
    );
    expect(rows[0].out_of_order).toBe(0);
  });

  it('hashes exactly the bytes of the file (M2), and reruns give identical bytes', async () => {
    const first = await download(path(`/changes/${D}/file`));
    const agreement = await request(server()).get(path(`/agreements/${D}`)).set(auth()).expect(200);
    expect(agreement.body).toEqual({
      processStatus: 'completed',
      hashValue: createHash('sha256').update(first.bytes).digest('hex'),
      hashMethod: 'SHA-256',
      agreementStatus: false,
    });
    const again = await download(path(`/changes/${D}/file`));
    expect(again.bytes.equals(first.bytes)).toBe(true);
    expect((await request(server()).get(path(`/agreements/${D}`)).set(auth()).expect(200)).body.hashValue).toBe(agreement.body.hashValue);
    const empty = await request(server()).get(path(`/agreements/${addCalendarDays(D, -1)}`)).set(auth()).expect(200);
    expect(empty.body.hashValue).toBe(createHash('sha256').update(HEADER).digest('hex'));
  });

  it('produces the same bytes however the day is paged and decrypted', async () => {
    const served = await download(path(`/changes/${D}/file`));
    const chunks: Buffer[] = [];
    for await (const chunk of harness.app.get(MovementFileSource).chunks({ iysCode: provider.iysCode, brandCode, day: D }, { pageSize: 2, decryptChunk: 1 })) chunks.push(chunk);
    expect(chunks.length).toBe(1 + 9); // header, then 9 rows opened one per vault call (pages of 2), one buffer per call, in order
    expect(Buffer.concat(chunks).equals(served.bytes)).toBe(true);
  });

  it('captures the agreement once, as an event, and M2 then reports it (M3)', async () => {
    const refused = await request(server()).put(path(`/agreements/${D}`)).set(auth()).send({ agreementStatus: false }).expect(422);
    expect(refused.body.errors).toEqual([
      { code: 'H512', message: 'false kabul edilemedi. İstek gövdesinde bulunabilecek değerler: true', location: ['agreementStatus'] },
    ]);
    expect((await request(server()).put(path(`/agreements/${D}`)).set(auth()).send({}).expect(422)).body.errors[0].code).toBe('H512');
    expect((await request(server()).put(path(`/agreements/${D}`)).set(auth()).send({ agreementStatus: 'true' }).expect(422)).body.errors[0].code).toBe('H512');
    expect((await request(server()).put(path(`/agreements/${D}`)).set(auth()).send({ agreementStatus: true, note: 'x' }).expect(422)).body.errors[0].code).toBe('H118');

    const hashValue = (await request(server()).get(path(`/agreements/${D}`)).set(auth()).expect(200)).body.hashValue;
    expect((await request(server()).put(path(`/agreements/${D}`)).set(auth()).send({ agreementStatus: true }).expect(200)).body).toEqual({ agreementCaptured: true });
    expect((await request(server()).get(path(`/agreements/${D}`)).set(auth()).expect(200)).body).toEqual({
      processStatus: 'completed',
      hashValue,
      hashMethod: 'SHA-256',
      agreementStatus: true,
    });
    expect((await request(server()).put(path(`/agreements/${D}`)).set(auth()).send({ agreementStatus: true }).expect(200)).body).toEqual({ agreementCaptured: true });

    const stream = `reconciliation-${provider.iysCode}.${brandCode}.${D.replace(/-/g, '')}`;
    const { rows } = await harness.db.pool.query<{ event_type: string; data: Record<string, unknown> }>(
      'SELECT event_type, data FROM event_store.events WHERE stream_id = $1 ORDER BY stream_position',
      [stream],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].event_type).toBe('reconciliation.AgreementCaptured');
    expect(rows[0].data).toEqual({ iysCode: provider.iysCode, brandCode, reportDate: D, hashValue, capturedBy: expect.any(String) });
    expect((await request(server()).get(path(`/agreements/${D1}`)).set(auth()).expect(200)).body.agreementStatus).toBe(false);
  });

  it('reports only finished days: today and the future are H502, a file older than 7 days H650', async () => {
    const D3 = addCalendarDays(D, 3);
    for (const day of [D2, D3]) {
      for (const call of [
        request(server()).get(path(`/changes/${day}/recipients/BIREYSEL`)),
        request(server()).get(path(`/changes/${day}/file`)),
        request(server()).get(path(`/agreements/${day}`)),
        request(server()).put(path(`/agreements/${day}`)).send({ agreementStatus: true }),
      ]) {
        const response = await call.set(auth()).expect(422);
        expect(response.body.errors).toEqual([{ code: 'H502', message: 'reportDate alanı dün veya daha eski bir tarih olmalıdır.', location: ['reportDate'] }]);
      }
    }
    // today is D+2: the file covers D+1 back to D−5
    const oldest = await download(path(`/changes/${addCalendarDays(D2, -7)}/file`));
    expect(oldest.status).toBe(200);
    expect(oldest.bytes.toString('utf8')).toBe(HEADER);
    const tooOld = await request(server()).get(path(`/changes/${addCalendarDays(D2, -8)}/file`)).set(auth()).expect(422);
    expect(tooOld.body.errors).toEqual([{ code: 'H650', message: 'Hareket dosyası yalnızca son 7 gün için alınabilir.', location: ['reportDate'] }]);
    // the summary and the hash have no such limit
    await request(server()).get(path(`/changes/${addCalendarDays(D2, -8)}/recipients/BIREYSEL`)).set(auth()).expect(200);
    await request(server()).get(path(`/agreements/${addCalendarDays(D2, -8)}`)).set(auth()).expect(200);
  });

  it('answers a malformed date with H501 and a bad recipient type with H503, together', async () => {
    for (const bad of ['02-11-2020', '2024-02-30', '20241028']) {
      for (const url of [path(`/changes/${bad}/file`), path(`/agreements/${bad}`), path(`/changes/${bad}/recipients/TACIR`)]) {
        const response = await request(server()).get(url).set(auth()).expect(422);
        expect(response.body.errors).toEqual([{ code: 'H501', message: 'Tarih formatı yyyy-mm-dd olmalıdır.', location: ['reportDate'] }]);
      }
    }
    const badType = await request(server()).get(path(`/changes/${D}/recipients/BIREYSELL`)).set(auth()).expect(422);
    expect(badType.body.errors).toEqual([
      { code: 'H503', message: 'BIREYSELL kabul edilemedi. İstek gövdesinde bulunabilecek değerler: BIREYSEL, TACIR', location: ['recipientType'] },
    ]);
    const both = await request(server()).get(path('/changes/02-11-2020/recipients/X')).set(auth()).expect(422);
    expect(both.body.errors.map((e: { code: string }) => e.code)).toEqual(['H501', 'H503']);
    expect((await request(server()).get(`/sps/${provider.iysCode}/brands/abc/agreements/${D}`).set(auth()).expect(422)).body.errors[0].code).toBe('H191');
  });

  it('keeps other providers out, and a provider out of brands that are not its own', async () => {
    for (const url of [path(`/changes/${D}/file`), path(`/agreements/${D}`), path(`/changes/${D}/recipients/BIREYSEL`)]) {
      const response = await request(server()).get(url).set('authorization', `Bearer ${other.access}`).expect(403);
      expect(response.body.errors[0].code).toBe('H363');
    }
    await request(server()).put(path(`/agreements/${D1}`)).set('authorization', `Bearer ${other.access}`).send({ agreementStatus: true }).expect(403);
    for (const brand of [other.brands[0].brandCode, 999999999]) {
      const response = await request(server()).get(path(`/changes/${D}/file`, provider.iysCode, brand)).set(auth()).expect(403);
      expect(response.body.errors).toEqual([{ code: 'H195', message: 'Marka bilgisi için sunucuda arama yapılamadı.', location: ['brandCode'] }]);
    }
    const foreign = await request(server()).put(path(`/agreements/${D}`, provider.iysCode, other.brands[0].brandCode)).set(auth()).send({ agreementStatus: true }).expect(403);
    expect(foreign.body.errors[0].code).toBe('H195');
    // the other provider reconciles its own brand: an empty day
    const own = await request(server()).get(path(`/changes/${D}/recipients/BIREYSEL`, other.iysCode, other.brands[0].brandCode)).set('authorization', `Bearer ${other.access}`).expect(200);
    expect(own.body).toEqual({ changeStats: [] });
  });

  it('rebuilds the daily table from the log to the same rows and the same file bytes', async () => {
    const snapshot = async () =>
      (await harness.db.pool.query(`SELECT * FROM reconciliation.daily_movements ORDER BY seq`)).rows.map(({ seq: _seq, ...row }) => row);
    const before = await snapshot();
    const fileBefore = (await download(path(`/changes/${D}/file`))).bytes;
    await harness.app.get(ProjectionRunner).rebuild(dailyMovements());
    await movementsCaughtUp();
    expect(await snapshot()).toEqual(before);
    expect((await download(path(`/changes/${D}/file`))).bytes.equals(fileBefore)).toBe(true);
  });

  it('drops an erased subject’s movements from the day', async () => {
    const { rows } = await harness.db.pool.query<{ recipient_id: string }>(
      `SELECT DISTINCT recipient_id FROM reconciliation.daily_movements WHERE event_id = ANY($1::uuid[])`,
      [[...movements].filter(([, m]) => m.recipient === recipients.r2).map(([id]) => id)],
    );
    expect(rows).toHaveLength(1);
    await eraseSubject({ vault: harness.app.get(PiiVault), store: harness.app.get(PostgresEventStore) }, rows[0].recipient_id, 'recipient-request');
    await movementsCaughtUp();
    const text = (await download(path(`/changes/${D}/file`))).bytes.toString('utf8');
    expect(text).not.toContain(recipients.r2);
    expect(text).not.toContain('***');
    expect(text.split('\r\n').filter(Boolean)).toHaveLength(1 + 7);
    const stats = await request(server()).get(path(`/changes/${D}/recipients/BIREYSEL`)).set(auth()).expect(200);
    expect(stats.body.changeStats[1]).toEqual({
      type: 'MESAJ',
      consents: [
        { source: 'HS', total: 2, approval: 2, rejection: 0 },
        { source: 'IYS', total: 1, approval: 1, rejection: 0 },
      ],
    });
  });
});
