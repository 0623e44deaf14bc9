import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { addBusinessDays, FixedClock, formatIysDateTime } from '@iys/platform/building-blocks';
import { MAX_COMPLAINTS_PER_DAY } from '../../libs/contexts/complaint/src/application/commands/file-complaint/file-complaint.handler.js';
import { bearer, inboundSms, nthMessageTo, signInRecipient } from './recipient-flow.js';
import { at, fileComplaint, PNG, providerRecords, recipientRejects, smsComplaint, startComplaintWorld, upload, type ComplaintWorld } from './complaint-flow.js';

const HEADER = 'VARYANT';
const D = '2026-03-02';
const DAY_MS = 86_400_000;

/**
 * The variants: consent ONAY at the message time; a RET 1 business day before (legal grace); an
 * unknown sender resolved later by the authority; withdrawal; a late provider answer refused; and
 * bad input for every field of a complaint.
 */
describe('complaints: variants and refusals', () => {
  const clock = new FixedClock(at(`${D} 09:00:00`));
  let world: ComplaintWorld;
  const approved = '+905352220001';
  const graced = '+905352220002';
  const unknownSender = '+905352220003';
  const filer = '+905352220004';
  const messageDay = addBusinessDays(D, 2);
  const filingTime = `${addBusinessDays(D, 3)} 10:00:00`;
  // Sign-in codes are limited per address (H661): one token per address, the clock staying within its lifetime.
  const tokens = new Map<string, string>();
  const tokenOf = async (phone: string) => tokens.get(phone) ?? tokens.set(phone, await signInRecipient(world.harness.app, phone)).get(phone)!;
  /** Files as `phone` and expects 201. */
  const file = async (phone: string, patch: Record<string, unknown> = {}, time = `${messageDay} 14:00:00`) =>
    fileComplaint(world, await tokenOf(phone), smsComplaint(phone, HEADER, at(time), patch)).expect(201);
  const istanbul = () => world.authority('istanbul');

  beforeAll(async () => {
    world = await startComplaintWorld(clock, HEADER);
    await providerRecords(world, approved, 'ONAY', `${D} 10:00:00`);
    await providerRecords(world, graced, 'ONAY', `${D} 10:00:00`);
    await recipientRejects(world, graced, `${addBusinessDays(D, 1)} 11:00:00`);
    await providerRecords(world, unknownSender, 'ONAY', `${D} 10:00:00`);
    await providerRecords(world, unknownSender, 'RET', `${D} 10:30:00`);
    await providerRecords(world, filer, 'ONAY', `${D} 10:00:00`);
    clock.set(at(filingTime));
  }, 240_000);
  afterAll(() => world.harness.close());

  it('answers SIKAYET <BRAND> on the short number with a link to the complaint form, preset to the brand', async () => {
    const brand = world.provider.brands[0];
    await inboundSms(world.harness.app, { messageId: 'sikayet-1', from: approved, text: `şikayet ${brand.name.toLowerCase()}` }, { at: clock.now().getTime() }).expect(200);
    const reply = await nthMessageTo(world.harness.app, approved, 'recipient.sms-reply.sms');
    expect(reply.text).toBe(`İYS: ${brand.name} hakkındaki şikayetinizi tamamlamak için: https://iys.example/sikayet?marka=${brand.brandCode}`);
  });

  it('ONAY at the message time: consent exists', async () => {
    const filed = await file(approved);
    expect(filed.body).toMatchObject({ resolved: true, assessment: 'CONSENT_EXISTS' });
  });

  it('RET one business day before the message: within the legal grace', async () => {
    const filed = await file(graced);
    expect(filed.body).toMatchObject({ resolved: true, assessment: 'WITHIN_GRACE' });
  });

  it('an unknown sender stays unresolved until the authority ties it to a brand; then it is assessed', async () => {
    const filed = await file(unknownSender, { sender: 'BILINMEYEN' });
    expect(filed.body).toMatchObject({ resolved: false, assessment: null });
    const id = filed.body.complaintId;
    const authority = await istanbul();
    const refused = await request(world.server()).post(`/complaints/${id}/defense-request`).set(bearer(authority)).send({}).expect(409);
    expect(refused.body.errors[0].code).toBe('H780');
    expect((await request(world.server()).get('/complaints?assessment=WITHIN_GRACE').set(bearer(authority)).expect(200)).body.complaints.map((c: { complaintId: string }) => c.complaintId)).not.toContain(id);
    const unknownBrand = await request(world.server()).post(`/complaints/${id}/sender`).set(bearer(authority)).send({ brandCode: 999999 }).expect(422);
    expect(unknownBrand.body.errors[0].code).toBe('H789');
    const resolved = await request(world.server()).post(`/complaints/${id}/sender`).set(bearer(authority)).send({ brandCode: world.provider.brands[0].brandCode }).expect(200);
    // Rejected on D, the message 2 business days later: within the grace, now that the brand is known.
    expect(resolved.body).toEqual({ complaintId: id, iysCode: world.provider.iysCode, brandCode: world.provider.brands[0].brandCode, assessment: 'WITHIN_GRACE' });
    const detail = (await request(world.server()).get(`/complaints/${id}`).set(bearer(authority)).expect(200)).body;
    expect(detail.consentAsOf).toMatchObject({ state: 'RET' });
    expect((await request(world.server()).post(`/complaints/${id}/sender`).set(bearer(authority)).send({ brandCode: world.provider.brands[0].brandCode }).expect(409)).body.errors[0].code).toBe('H788');
    // The provider sees it only once it is tied to its brand.
    const list = await request(world.server()).get(`/sps/${world.provider.iysCode}/complaints`).set(bearer(await world.providerToken())).expect(200);
    expect(list.body.complaints.map((c: { complaintId: string }) => c.complaintId)).toContain(id);
  });

  it('the complainant withdraws before a decision; nothing can be decided after it', async () => {
    const token = await tokenOf(filer);
    const filed = await fileComplaint(world, token, smsComplaint(filer, HEADER, at(`${messageDay} 15:00:00`))).expect(201);
    const id = filed.body.complaintId;
    // Another recipient cannot withdraw it (not theirs: 404).
    const stranger = await tokenOf(approved);
    expect((await request(world.server()).post(`/recipients/me/complaints/${id}/withdrawal`).set(bearer(stranger)).expect(404)).body.errors[0].code).toBe('H774');
    expect((await request(world.server()).post(`/recipients/me/complaints/${id}/withdrawal`).set(bearer(token)).expect(200)).body).toEqual({ complaintId: id, status: 'WITHDRAWN' });
    const decided = await request(world.server()).post(`/complaints/${id}/decision`).set(bearer(await istanbul())).send({ outcome: 'UNJUSTIFIED', justification: 'x' }).expect(409);
    expect(decided.body.errors[0].code).toBe('H778');
    // Withdrawn, the same message may be complained about again.
    await fileComplaint(world, token, smsComplaint(filer, HEADER, at(`${messageDay} 15:00:00`))).expect(201);
  });

  it('refuses a provider answer after the deadline (H781), and its attachments too', async () => {
    const filed = await file(filer, {}, `${messageDay} 16:00:00`);
    const id = filed.body.complaintId;
    await request(world.server()).post(`/complaints/${id}/defense-request`).set(bearer(await istanbul())).send({ deadlineDays: 1 }).expect(200);
    clock.advance(DAY_MS + 1000);
    const providerToken = await world.providerToken();
    const base = `/sps/${world.provider.iysCode}/complaints/${id}`;
    const late = await request(world.server()).post(`${base}/defense`).set(bearer(providerToken)).send({ text: 'Geç savunma' }).expect(422);
    expect(late.body.errors[0].code).toBe('H781');
    expect((await upload(world, `${base}/defense/attachments`, providerToken, PNG).expect(422)).body.errors[0].code).toBe('H781');
    clock.set(at(filingTime));
  });

  it('refuses bad input field by field, never echoing personal data', async () => {
    const token = await tokenOf(filer);
    const codeOf = async (patch: Record<string, unknown>, status = 422) => {
      const response = await fileComplaint(world, token, smsComplaint(filer, HEADER, at(`${messageDay} 17:00:00`), patch)).expect(status);
      expect(JSON.stringify(response.body)).not.toContain(filer);
      return response.body.errors.map((e: { code: string }) => e.code);
    };
    const future = formatIysDateTime(new Date(clock.now().getTime() + 3600_000));
    expect(await codeOf({ messageDate: future })).toEqual(['H765']);
    expect(await codeOf({ messageDate: '2026-02-30 10:00:00' })).toEqual(['H765']);
    expect(await codeOf({ messageDate: '2024-01-01 10:00:00' })).toEqual(['H765']);
    expect(await codeOf({ province: 82 })).toEqual(['H769']);
    expect(await codeOf({ province: 0 })).toEqual(['H769']);
    expect(await codeOf({ channel: 'FAKS' })).toEqual(['H761']);
    expect(await codeOf({ channel: 'EPOSTA' })).toEqual(['H762']);
    expect(await codeOf({ recipient: '+905359999999' })).toEqual(['H762']);
    expect(await codeOf({ recipientType: 'KURUM' })).toEqual(['H763']);
    expect(await codeOf({ recipientType: 'TACIR' })).toEqual(['H764']);
    expect(await codeOf({ mersis: '123' })).toEqual(['H764']);
    expect(await codeOf({ sender: 'A' })).toEqual(['H766']);
    expect(await codeOf({ sender: 'x'.repeat(255) })).toEqual(['H766']);
    expect(await codeOf({ content: '' })).toEqual(['H767']);
    expect(await codeOf({ content: 'x'.repeat(5001) })).toEqual(['H767']);
    expect(await codeOf({ gsmOperator: undefined })).toEqual(['H768']);
    expect(await codeOf({ gsmOperator: 'AVEA' })).toEqual(['H768']);
    expect(await codeOf({ subjects: [] })).toEqual(['H770']);
    expect(await codeOf({ subjects: ['SPAM'] })).toEqual(['H770']);
    expect(await codeOf({ brandCode: 999999 })).toEqual(['H771']);
    expect(await codeOf({ nationalId: '10000000147' })).toEqual(['H785']);
    expect(await codeOf({ checkId: 'not-a-uuid' })).toEqual(['H786']);
    expect(await codeOf({ extra: true })).toEqual(['H118']);
    const notJson = await request(world.server()).post('/recipients/me/complaints').set(bearer(token)).set('content-type', 'application/json').send('[1]').expect(400);
    expect(notJson.body.errors[0].code).toBe('H760');
  });

  it('refuses oversized, mislabelled and surplus attachments', async () => {
    const token = await tokenOf(approved);
    const list = (await request(world.server()).get('/recipients/me/complaints').set(bearer(token)).expect(200)).body.complaints;
    const path = `/recipients/me/complaints/${list[0].complaintId}/attachments`;
    const oversized = Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024 - PNG.length + 1)]);
    expect((await upload(world, path, token, oversized).expect(413)).body.errors[0].code).toBe('H775');
    // A text file named like a screenshot is what it is: not an image.
    const mislabelled = await request(world.server()).post(path).set(bearer(token)).set('content-type', 'application/octet-stream').set('x-file-name', 'ekran.png').send(Buffer.from('not really a png')).expect(415);
    expect(mislabelled.body.errors[0].code).toBe('H776');
    expect((await request(world.server()).post(path).set(bearer(token)).send({ file: 'base64' }).expect(415)).body.errors[0].code).toBe('H776');
    // The file parser serves the attachment routes only: elsewhere the registry speaks JSON.
    const elsewhere = await request(world.server()).post('/recipients/me/complaints').set(bearer(token)).set('content-type', 'application/octet-stream').send(PNG).expect(415);
    expect(elsewhere.body.errors[0].code).toBe('H601');
    for (let n = 0; n < 3; n++) await upload(world, path, token, PNG).expect(201);
    expect((await upload(world, path, token, PNG).expect(422)).body.errors[0].code).toBe('H777');
  });

  it('refuses a duplicate (same sender, time and address) and too many complaints in a day', async () => {
    const token = await tokenOf(approved);
    const duplicate = await fileComplaint(world, token, smsComplaint(approved, HEADER, at(`${messageDay} 14:00:00`))).expect(409);
    expect(duplicate.body.errors[0].code).toBe('H773');
    const { rows } = await world.harness.db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM complaint.complaints c JOIN complaint.complaints d ON d.account_id = c.account_id WHERE c.complaint_id = $1`,
      [(await request(world.server()).get('/recipients/me/complaints').set(bearer(token)).expect(200)).body.complaints[0].complaintId],
    );
    for (let n = rows[0].n; n < MAX_COMPLAINTS_PER_DAY; n++) {
      await fileComplaint(world, token, smsComplaint(approved, HEADER, at(`${messageDay} 09:${String(n).padStart(2, '0')}:00`))).expect(201);
    }
    const tooMany = await fileComplaint(world, token, smsComplaint(approved, HEADER, at(`${messageDay} 08:00:00`))).expect(429);
    expect(tooMany.body.errors[0].code).toBe('H772');
  });
});
