import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { formatIysDateTime, type Principal } from '@iys/platform/building-blocks';
import { waitUntil } from '@iys/platform/testing';
import { consentUploadResultCsv, GetConsentUploadQuery, readConsentUpload, StageConsentUploadCommand, SubmitConsentUploadCommand } from '@iys/consent';
import { startTestApp, type TestApp } from './app-harness.js';
import { hoursAgo, uploadSheet } from './consent-upload-flow.js';
import { adminToken, onboardProvider } from './service-provider-flow.js';

describe('bulk upload: a 1 000-row sheet previewed with C3’s own codes, submitted as C3 batches, each row’s outcome', () => {
  let harness: TestApp;
  let provider: Awaited<ReturnType<typeof onboardProvider>>;
  let principal: Principal;
  let brandCode: number;
  const commands = () => harness.app.get(CommandBus);
  const queries = () => harness.app.get(QueryBus);

  beforeAll(async () => {
    harness = await startTestApp();
    provider = await onboardProvider(harness.app, (await adminToken(harness.app)).access);
    brandCode = provider.brands[0].brandCode;
    principal = { userId: randomUUID(), role: 'provider', iysCode: provider.iysCode, sessionId: randomUUID() };
  });
  afterAll(() => harness.close());

  it('previews exactly the 7 bad rows, submits the rest, and the result file fails exactly those 7', async () => {
    const { content, bad } = await uploadSheet(1000, '533');
    const rows = await readConsentUpload(content, 'xlsx');
    expect(rows).toHaveLength(1000);
    const staged = await commands().execute(new StageConsentUploadCommand(provider.iysCode, brandCode, rows, principal));
    expect(staged.problems.map((p) => [p.row, p.code])).toEqual([...bad]);
    expect(staged.problems.every((p) => p.message.length > 0 && !p.message.includes('+90555') && !p.message.includes('ayse@'))).toBe(true);

    await commands().execute(new SubmitConsentUploadCommand(provider.iysCode, brandCode, staged.uploadId, principal));
    const view = await waitUntil(
      () => queries().execute(new GetConsentUploadQuery(provider.iysCode, brandCode, staged.uploadId)),
      (v) => v.progress.done,
      { timeoutMs: 30_000, description: 'every row decided' },
    );
    expect(view.progress).toEqual({ succeeded: 993, failed: 0, refused: 7, pending: 0, done: true });
    const csv = consentUploadResultCsv(view.outcomes).trim().split('\r\n').slice(1);
    expect(csv).toHaveLength(1000);
    const failed = csv.filter((line) => !line.split(',')[1]!.startsWith('success')).map((line) => [Number(line.split(',')[0]), line.split(',')[2]]);
    expect(failed).toEqual([...bad]);

    // A second submit sends nothing twice; another brand cannot see the upload.
    await expect(commands().execute(new SubmitConsentUploadCommand(provider.iysCode, brandCode, staged.uploadId, principal))).rejects.toMatchObject({ code: 'H821' });
    await expect(queries().execute(new GetConsentUploadQuery(provider.iysCode, provider.brands[1].brandCode, staged.uploadId))).rejects.toMatchObject({ code: 'H820' });
  }, 60_000);

  it('reads the same rows from CSV, with ; as separator and a header in any order', async () => {
    const csv = `status;recipient;type;recipientType;source;consentDate\nONAY;+905340000001;MESAJ;BIREYSEL;HS_WEB;${hoursAgo(1)}\nRET;+90534;MESAJ;BIREYSEL;HS_WEB;${hoursAgo(1)}\n`;
    const rows = await readConsentUpload(Buffer.from(csv), 'csv');
    const staged = await commands().execute(new StageConsentUploadCommand(provider.iysCode, brandCode, rows, principal));
    expect(staged.problems.map((p) => [p.row, p.code])).toEqual([[2, 'H121']]);
    await expect(readConsentUpload(Buffer.from('not,a,table\n'), 'csv')).rejects.toMatchObject({ code: 'H822' });
    await expect(readConsentUpload(Buffer.from('garbage'), 'xlsx')).rejects.toMatchObject({ code: 'H822' });
  });
});
