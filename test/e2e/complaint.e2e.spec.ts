import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { addBusinessDays, FixedClock } from '@iys/platform/building-blocks';
import { bearer, nthMessageTo, signInRecipient } from './recipient-flow.js';
import {
  at,
  fileComplaint,
  PDF,
  PNG,
  providerRecords,
  recipientRejects,
  signingKey,
  smsComplaint,
  snapshot,
  startComplaintWorld,
  upload,
  type ComplaintWorld,
} from './complaint-flow.js';
import { verifyProof, type Included } from './inclusion-proof.js';

const HEADER = 'ORNEKMARKA';
/** D: a Monday; the recipient rejects on D, the message comes 5 business days later, the complaint the next day. */
const D = '2026-03-02';
const MESSAGE_DAY = addBusinessDays(D, 5);
const FILING_DAY = addBusinessDays(D, 6);
const phone = '+905351110001';

/**
 * The main flow over HTTP: check → SMS complaint with a screenshot against a brand rejected
 * 5 business days before the message → likely violation with an independently verifiable proof →
 * routed to the province → the provincial authority sees it, another province's does not → defense
 * requested → the provider answers with an attachment → decided with a fine → the recipient sees the
 * decision and is notified → statistics count it.
 */
describe('complaints: from the check step to a decision with a fine', () => {
  const clock = new FixedClock(at(`${D} 09:00:00`));
  let world: ComplaintWorld;
  let token: string;
  let complaintId: string;

  beforeAll(async () => {
    world = await startComplaintWorld(clock, HEADER);
    await providerRecords(world, phone, 'ONAY', `${D} 10:00:00`);
    await recipientRejects(world, phone, `${D} 11:00:00`);
    clock.set(at(`${FILING_DAY} 10:00:00`));
    await snapshot(world, D);
    token = await signInRecipient(world.harness.app, phone);
  }, 240_000);
  afterAll(() => world.harness.close());

  it('checks first: shows the consents held for the address on the channel, with a checkId', async () => {
    const check = await request(world.server()).post('/recipients/me/complaints/check').set(bearer(token)).send({ channel: 'MESAJ' }).expect(200);
    expect(check.body.checkId).toMatch(/^[0-9a-f-]{36}$/);
    expect(check.body.consents).toEqual([
      expect.objectContaining({ recipient: phone, iysCode: world.provider.iysCode, brandCode: world.provider.brands[0].brandCode, type: 'MESAJ', status: 'RET', source: 'IYS_WEB' }),
    ]);
    expect((await request(world.server()).post('/recipients/me/complaints/check').set(bearer(token)).send({ channel: 'ARAMA' }).expect(200)).body.consents).toEqual([]);

    const filed = await fileComplaint(world, token, smsComplaint(phone, 'OrnekMarka', at(`${MESSAGE_DAY} 14:00:00`), { checkId: check.body.checkId })).expect(201);
    expect(filed.body).toEqual({ complaintId: expect.stringMatching(/^[0-9a-f-]{36}$/), status: 'RECEIVED', province: 34, resolved: true, assessment: 'LIKELY_VIOLATION' });
    complaintId = filed.body.complaintId;
    const screenshot = await upload(world, `/recipients/me/complaints/${complaintId}/attachments`, token, PNG).expect(201);
    expect(screenshot.body).toMatchObject({ contentType: 'image/png', size: PNG.length });
  });

  it('routes it to the province of residence: Istanbul and the ministry see it, Ankara does not', async () => {
    const istanbul = await world.authority('istanbul');
    const queue = await request(world.server()).get('/complaints').set(bearer(istanbul)).expect(200);
    expect(queue.body).toMatchObject({ more: false, complaints: [{ complaintId, province: 34, status: 'RECEIVED', assessment: 'LIKELY_VIOLATION', checkedFirst: true, iysCode: world.provider.iysCode }] });
    expect((await request(world.server()).get('/complaints').set(bearer(await world.authority('ministry'))).expect(200)).body.complaints).toHaveLength(1);

    const ankara = await world.authority('ankara');
    expect((await request(world.server()).get('/complaints').set(bearer(ankara)).expect(200)).body).toMatchObject({ more: false, complaints: [] });
    // Asking Ankara's queue for Istanbul's province changes nothing: the scope is not the caller's to widen.
    expect((await request(world.server()).get('/complaints?province=34').set(bearer(ankara)).expect(200)).body.complaints).toHaveLength(0);
    const hidden = await request(world.server()).get(`/complaints/${complaintId}`).set(bearer(ankara)).expect(404);
    expect(hidden.body.errors[0].code).toBe('H774');
    await request(world.server()).post(`/complaints/${complaintId}/defense-request`).set(bearer(ankara)).send({}).expect(404);
  });

  it('shows the authority the consent as of the message time, each event proven against the signed snapshot', async () => {
    const detail = (await request(world.server()).get(`/complaints/${complaintId}`).set(bearer(await world.authority('istanbul'))).expect(200)).body;
    expect(detail).toMatchObject({
      recipient: phone,
      content: expect.stringContaining('%50 indirim'),
      nationalId: '10000000146',
      residence: expect.stringContaining('Kadıköy'),
      assessment: 'LIKELY_VIOLATION',
      assessmentDetail: { hint: 'LIKELY_VIOLATION', rule: 'RET_OLDER_THAN_GRACE', article: expect.stringContaining('m.8/2') },
      attachments: [{ owner: 'recipient', contentType: 'image/png', size: PNG.length }],
    });
    const asOf = detail.consentAsOf;
    expect(asOf.state).toBe('RET');
    expect(asOf.proof.map((e: { status: string }) => e.status)).toEqual(['ONAY', 'RET']);
    expect(asOf.chain).toEqual({ ok: true, eventsChecked: 2 });
    const key = await signingKey(world);
    for (const [index, entry] of (asOf.inclusionProofs as { inclusion: Included }[]).entries()) {
      expect(entry.inclusion.status).toBe('included');
      expect(verifyProof(asOf.proof[index].hash, entry.inclusion, key)).toBe(true);
    }
    // A tampered event hash no longer verifies: the check is real.
    const flipped = (asOf.proof[1].hash[0] === '0' ? '1' : '0') + asOf.proof[1].hash.slice(1);
    expect(verifyProof(flipped, asOf.inclusionProofs[1].inclusion, key)).toBe(false);
    expect(detail.history.map((h: { type: string }) => h.type)).toEqual([
      'complaint.ComplaintFiled',
      'complaint.SenderResolved',
      'complaint.ConsentEvidenceRecorded',
      'complaint.AttachmentAdded',
    ]);
    const file = await request(world.server()).get(`/complaints/${complaintId}/attachments/${detail.attachments[0].attachmentId}`).set(bearer(await world.authority('istanbul'))).expect(200);
    expect(Buffer.from(file.body)).toEqual(PNG);
  });

  it('asks the provider for a defense; the provider sees what it needs, never residence, national id or the complainant’s files', async () => {
    const istanbul = await world.authority('istanbul');
    const requested = await request(world.server()).post(`/complaints/${complaintId}/defense-request`).set(bearer(istanbul)).send({}).expect(200);
    expect(requested.body).toEqual({ complaintId, status: 'DEFENSE_REQUESTED', deadline: `${FILING_DAY.slice(0, 8)}${String(Number(FILING_DAY.slice(8)) + 15).padStart(2, '0')} 10:00:00` });

    const providerToken = await world.providerToken();
    const base = `/sps/${world.provider.iysCode}/complaints`;
    const list = await request(world.server()).get(base).set(bearer(providerToken)).expect(200);
    expect(list.body.complaints.map((c: { complaintId: string }) => c.complaintId)).toEqual([complaintId]);
    const seen = (await request(world.server()).get(`${base}/${complaintId}`).set(bearer(providerToken)).expect(200)).body;
    expect(seen).toMatchObject({ recipient: phone, channel: 'MESAJ', sender: HEADER, content: expect.stringContaining('%50'), status: 'DEFENSE_REQUESTED', attachments: [] });
    for (const field of ['residence', 'nationalId', 'mersis', 'consentAsOf', 'history']) expect(seen).not.toHaveProperty(field);
    expect(JSON.stringify(seen)).not.toContain('Kadıköy');

    const form = await upload(world, `${base}/${complaintId}/defense/attachments`, providerToken, PDF).expect(201);
    expect(form.body.contentType).toBe('application/pdf');
    const answered = await request(world.server()).post(`${base}/${complaintId}/defense`).set(bearer(providerToken)).send({ text: 'Islak imzalı onay formu ektedir.' }).expect(200);
    expect(answered.body).toEqual({ complaintId, status: 'DEFENSE_SUBMITTED' });
    const again = await request(world.server()).post(`${base}/${complaintId}/defense`).set(bearer(providerToken)).send({ text: 'Tekrar' }).expect(409);
    expect(again.body.errors[0].code).toBe('H780');
  });

  it('records the decision with the fine and its legal basis; the recipient sees it and is notified', async () => {
    const istanbul = await world.authority('istanbul');
    const decision = { outcome: 'JUSTIFIED', fineAmount: 50000, legalBasis: '6563 sayılı Kanun m.12/1-a', justification: 'Ret bildiriminden 5 iş günü sonra ileti gönderilmiştir.' };
    expect((await request(world.server()).post(`/complaints/${complaintId}/decision`).set(bearer(istanbul)).send(decision).expect(200)).body).toEqual({
      complaintId,
      status: 'DECIDED',
      outcome: 'JUSTIFIED',
    });
    const detail = (await request(world.server()).get(`/complaints/${complaintId}`).set(bearer(istanbul)).expect(200)).body;
    expect(detail.defense).toMatchObject({ text: 'Islak imzalı onay formu ektedir.', attachmentIds: [detail.attachments[1].attachmentId] });
    expect(detail.attachments.map((a: { owner: string }) => a.owner)).toEqual(['recipient', 'provider']);

    token = await signInRecipient(world.harness.app, phone);
    const mine = await request(world.server()).get(`/recipients/me/complaints/${complaintId}`).set(bearer(token)).expect(200);
    expect(mine.body).toMatchObject({ status: 'DECIDED', decision: { outcome: 'JUSTIFIED', fineAmount: 50000, legalBasis: decision.legalBasis, justification: decision.justification } });
    // The complainant sees their own screenshot, not the provider's files.
    expect(mine.body.attachments.map((a: { owner: string }) => a.owner)).toEqual(['recipient']);
    const list = await request(world.server()).get('/recipients/me/complaints').set(bearer(token)).expect(200);
    expect(list.body.complaints).toEqual([expect.objectContaining({ complaintId, status: 'DECIDED', outcome: 'JUSTIFIED' })]);
    const notice = await nthMessageTo(world.harness.app, phone, 'complaint.decided.sms');
    expect(notice.text).toContain('haklı bulundu');
    const withdraw = await request(world.server()).post(`/recipients/me/complaints/${complaintId}/withdrawal`).set(bearer(token)).expect(409);
    expect(withdraw.body.errors[0].code).toBe('H778');
  });

  it('counts it in the statistics (JSON and CSV)', async () => {
    const ministry = await world.authority('ministry');
    const stats = (await request(world.server()).get('/complaints/stats').set(bearer(ministry)).expect(200)).body;
    expect(stats.rows).toEqual([
      { month: FILING_DAY.slice(0, 7), iysCode: world.provider.iysCode, brandCode: world.provider.brands[0].brandCode, complaints: 1, decided: 1, justified: 1, justifiedShare: 1, medianDaysToDecision: 0 },
    ]);
    expect(stats.checks).toEqual({ total: 2, followedByComplaint: 1, deflectionRate: 0.5 });
    const csv = await request(world.server()).get('/complaints/stats?format=csv').set(bearer(ministry)).expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text.split('\r\n')[1]).toBe(`${FILING_DAY.slice(0, 7)},${world.provider.iysCode},${world.provider.brands[0].brandCode},1,1,1,1,0`);
  });
});
