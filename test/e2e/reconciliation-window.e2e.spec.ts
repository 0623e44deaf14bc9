import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { addCalendarDays, FixedClock, istanbulDay, parseIysDateTime } from '@iys/platform/building-blocks';
import { expectStatus, iysClient } from '../support/iys-client.js';
import { startTestApp, type TestApp } from './app-harness.js';
import { adminToken, onboardProvider, tokenFor } from './service-provider-flow.js';

const at = (text: string) => parseIysDateTime(text)!;
const HEADER = 'creationDate,transactionId,recipient,recipientType,type,status,consentDate,source\r\n';

/**
 * The movement-file window (M4) is a setting, IYS_MOVEMENT_FILE_WINDOW_DAYS (İYS: 7). With 3, today−3
 * is served and today−4 is H650, whose message names the configured window; M1 and M2 keep taking any
 * completed day. "Today" is D on an injected clock; a movement is recorded on D−3 first.
 */
describe('reconciliation: a configured movement-file window (IYS_MOVEMENT_FILE_WINDOW_DAYS=3)', () => {
  const D = addCalendarDays(istanbulDay(new Date()), -1);
  const oldestServed = addCalendarDays(D, -3);
  const tooOld = addCalendarDays(D, -4);
  const clock = new FixedClock(at(`${oldestServed} 11:00:00`));
  let harness: TestApp;
  let provider: Awaited<ReturnType<typeof onboardProvider>>;
  let transactionId: string;
  const server = () => harness.app.getHttpServer();
  const path = (rest: string) => `/sps/${provider.iysCode}/brands/${provider.brands[0].brandCode}${rest}`;
  const get = (rest: string) => request(server()).get(path(rest)).set({ authorization: `Bearer ${provider.access}` });

  beforeAll(async () => {
    harness = await startTestApp({ IYS_MOVEMENT_FILE_WINDOW_DAYS: '3' }, { clock });
    provider = await onboardProvider(harness.app, (await adminToken(harness.app)).access);
    const client = await iysClient(harness.app, provider.access);
    const brand = { iysCode: provider.iysCode, brandCode: provider.brands[0].brandCode };
    const consent = { recipient: '+905334440001', recipientType: 'BIREYSEL', type: 'MESAJ', status: 'ONAY', source: 'HS_WEB', consentDate: `${oldestServed} 10:00:00` } as const;
    transactionId = expectStatus(await client.POST('/sps/{iysCode}/brands/{brandCode}/consents', { params: { path: brand }, body: consent }), 200).transactionId;
    clock.set(at(`${D} 10:00:00`));
    provider = { ...provider, ...(await tokenFor(harness.app, provider.username, provider.password)) };
  });
  afterAll(() => harness.close());

  it('serves the file of today−3, the oldest day of the window', async () => {
    const response = await get(`/changes/${oldestServed}/file`).expect(200);
    expect(response.text).toBe(
      `${HEADER}${oldestServed} 11:00:00,${transactionId},+905334440001,BIREYSEL,MESAJ,ONAY,${oldestServed} 10:00:00,HS_WEB\r\n`,
    );
    expect((await get(`/changes/${addCalendarDays(D, -1)}/file`).expect(200)).text).toBe(HEADER);
  });

  it('refuses today−4 with H650, naming the configured window', async () => {
    const response = await get(`/changes/${tooOld}/file`).expect(422);
    expect(response.body.errors).toEqual([{ code: 'H650', message: 'Hareket dosyası yalnızca son 3 gün için alınabilir.', location: ['reportDate'] }]);
  });

  it('keeps M1 and M2 open for any completed day, and today closed (H502)', async () => {
    await get(`/changes/${tooOld}/recipients/BIREYSEL`).expect(200);
    await get(`/agreements/${tooOld}`).expect(200);
    expect((await get(`/changes/${D}/file`).expect(422)).body.errors[0].code).toBe('H502');
  });
});
