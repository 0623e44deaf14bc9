import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CommandBus } from '@nestjs/cqrs';
import request from 'supertest';
import { addBusinessDays, FixedClock } from '@iys/platform/building-blocks';
import { APP_CONFIG } from '@iys/platform/nest';
import { ComplaintScheduler } from '../../libs/contexts/complaint/src/application/complaint.scheduler.js';
import { ExecuteDueErasuresCommand } from '../../libs/contexts/recipient/src/application/commands/execute-due-erasures/execute-due-erasures.command.js';
import { COMPLAINT_RETENTION_DAYS } from '../../libs/contexts/complaint/src/domain/complaint.decider.js';
import { bearer, myConsents, nthMessageTo, signInRecipient } from './recipient-flow.js';
import { at, fileComplaint, PDF, PNG, providerRecords, recipientRejects, smsComplaint, snapshot, startComplaintWorld, upload, type ComplaintWorld } from './complaint-flow.js';

const HEADER = 'TAKIPMARKA';
/** The provider's signatory (test/e2e/service-provider-flow.ts): complaint notices reach the provider at its e-mail address. */
const SIGNATORY_MOBILE = '+905321234567';
const D = '2026-03-02';
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * What follows a filing: the scheduled reminders and overdue marking of defense requests, closing a
 * decided complaint, the other decisions (MERGED, NOT_COMPETENT) and inspector assignment.
 */
describe('complaints: deadlines, closing and the other decisions', () => {
  const clock = new FixedClock(at(`${D} 09:00:00`));
  let world: ComplaintWorld;
  const phones = ['+905353330001', '+905353330002', '+905353330003', '+905353330004'];
  const tokens = new Map<string, string>();
  const tokenOf = async (phone: string) => tokens.get(phone) ?? tokens.set(phone, await signInRecipient(world.harness.app, phone)).get(phone)!;
  const messageDay = addBusinessDays(D, 5);
  const filingTime = `${addBusinessDays(D, 6)} 10:00:00`;
  const file = async (phone: string, time = `${messageDay} 14:00:00`, patch: Record<string, unknown> = {}) => {
    const filed = await fileComplaint(world, await tokenOf(phone), smsComplaint(phone, HEADER, at(time), patch));
    expect([filed.status, filed.body]).toEqual([201, expect.objectContaining({ complaintId: expect.any(String) })]);
    return filed.body.complaintId as string;
  };
  const istanbul = () => world.authority('istanbul');
  const sweep = () => world.harness.app.get(ComplaintScheduler, { strict: false }).defenseDeadlines();
  const detail = async (id: string) => (await request(world.server()).get(`/complaints/${id}`).set(bearer(await istanbul())).expect(200)).body;

  // The registry's clock only moves forward here: token and code limits count on it.
  beforeAll(async () => {
    world = await startComplaintWorld(clock, HEADER);
    for (const phone of phones) {
      await providerRecords(world, phone, 'ONAY', `${D} 10:00:00`);
      await recipientRejects(world, phone, `${D} 11:00:00`);
    }
    clock.set(at(filingTime));
    // The day of the consents is signed: the evidence taken at filing carries their inclusion proofs.
    await snapshot(world, D);
  }, 240_000);
  afterAll(() => world.harness.close());

  it('reminds the provider once two days before the deadline, then marks the defense overdue; a late answer is still refused (H781)', async () => {
    const id = await file(phones[0]);
    const requested = await request(world.server()).post(`/complaints/${id}/defense-request`).set(bearer(await istanbul())).send({ deadlineDays: 5 }).expect(200);
    expect(requested.body.status).toBe('DEFENSE_REQUESTED');
    const asked = await nthMessageTo(world.harness.app, SIGNATORY_MOBILE, 'complaint.defense-requested.email');
    expect(asked).toMatchObject({ channel: 'email', subject: 'İYS: şikayet için savunmanız isteniyor' });
    expect(asked.text).toContain(`Son gün: ${requested.body.deadline}`);
    expect(asked.text).toContain(`/sps/${world.provider.iysCode}/complaints/${id}`);
    // Nothing is due yet.
    expect(await sweep()).toEqual({ reminded: 0, overdue: 0 });
    clock.advance(3 * DAY_MS + HOUR_MS);
    expect(await sweep()).toEqual({ reminded: 1, overdue: 0 });
    expect(await sweep()).toEqual({ reminded: 0, overdue: 0 });
    expect((await nthMessageTo(world.harness.app, SIGNATORY_MOBILE, 'complaint.defense-reminder.email')).text).toContain(`${requested.body.deadline} tarihinde doluyor`);
    expect(await detail(id)).toMatchObject({ status: 'DEFENSE_REQUESTED', overdue: false });
    clock.advance(2 * DAY_MS);
    expect(await sweep()).toEqual({ reminded: 0, overdue: 1 });
    expect(await sweep()).toEqual({ reminded: 0, overdue: 0 });
    const seen = await detail(id);
    expect(seen).toMatchObject({ status: 'DEFENSE_REQUESTED', overdue: true });
    expect(seen.history.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['complaint.DefenseReminded', 'complaint.DefenseOverdue']));
    const queue = await request(world.server()).get('/complaints?status=DEFENSE_REQUESTED').set(bearer(await istanbul())).expect(200);
    expect(queue.body.complaints.find((c: { complaintId: string }) => c.complaintId === id)).toMatchObject({ overdue: true });
    const base = `/sps/${world.provider.iysCode}/complaints/${id}`;
    const providerToken = await world.providerToken();
    expect((await request(world.server()).post(`${base}/defense`).set(bearer(providerToken)).send({ text: 'Geç savunma' }).expect(422)).body.errors[0].code).toBe('H781');
    expect((await upload(world, `${base}/defense/attachments`, providerToken, PNG).expect(422)).body.errors[0].code).toBe('H781');
  });

  it('closes a decided complaint: the authority of its province or the ministry only, after the decision, once', async () => {
    const id = await file(phones[1]);
    const close = (token: string, complaintId = id, body: unknown = {}) =>
      request(world.server()).post(`/complaints/${complaintId}/closure`).set(bearer(token)).send(body as object);
    // Another province's authority does not see it; before the decision it cannot close.
    expect((await close(await world.authority('ankara')).expect(404)).body.errors[0].code).toBe('H774');
    expect((await close(await istanbul()).expect(409)).body.errors[0].code).toBe('H778');
    await request(world.server()).post(`/complaints/${id}/decision`).set(bearer(await istanbul())).send({ outcome: 'UNJUSTIFIED', justification: 'Rıza kaydı mevcut.' }).expect(200);
    // Bad input: not an id, an unknown id, a field it does not take, a body that is not an object.
    expect((await close(await istanbul(), 'not-a-uuid').expect(404)).body.errors[0].code).toBe('H774');
    expect((await close(await istanbul(), '00000000-0000-4000-8000-000000000000').expect(404)).body.errors[0].code).toBe('H774');
    expect((await close(await istanbul(), id, { reason: 'x' }).expect(422)).body.errors[0]).toMatchObject({ code: 'H791', location: ['reason'] });
    const notJson = await request(world.server()).post(`/complaints/${id}/closure`).set(bearer(await istanbul())).set('content-type', 'application/json').send('[1]').expect(400);
    expect(notJson.body.errors[0].code).toBe('H760');
    expect((await close(await world.authority('ankara')).expect(404)).body.errors[0].code).toBe('H774');
    // The provincial authority closes it; twice is refused; everyone sees it closed.
    expect((await close(await istanbul()).expect(200)).body).toEqual({ complaintId: id, status: 'CLOSED' });
    expect((await close(await world.authority('ministry')).expect(409)).body.errors[0].code).toBe('H778');
    expect((await detail(id)).status).toBe('CLOSED');
    // The provider heard of the decision at its signatory's address, the complainant at theirs.
    expect((await nthMessageTo(world.harness.app, SIGNATORY_MOBILE, 'complaint.decided-provider.email')).text).toContain('haksız bulunmuştur');
    expect((await nthMessageTo(world.harness.app, phones[1], 'complaint.decided.sms')).text).toContain('haksız bulundu');
    const mine = await request(world.server()).get(`/recipients/me/complaints/${id}`).set(bearer(await tokenOf(phones[1]))).expect(200);
    expect(mine.body.status).toBe('CLOSED');
    // Nothing changes a closed file.
    const decided = await request(world.server()).post(`/complaints/${id}/decision`).set(bearer(await istanbul())).send({ outcome: 'UNJUSTIFIED', justification: 'x' }).expect(409);
    expect(decided.body.errors[0].code).toBe('H778');
  });

  it('re-checks the stored evidence on demand: verifies untouched, names the mismatch when the signed day or the stored proof changed', async () => {
    const id = await file(phones[2]);
    const verification = (token: string, complaintId = id) => request(world.server()).get(`/complaints/${complaintId}/evidence/verification`).set(bearer(token));
    const ok = (await verification(await istanbul()).expect(200)).body;
    expect(ok).toMatchObject({ complaintId: id, verified: true, state: 'RET', recordChecked: true, proofs: { included: 2, pendingSnapshot: 0, nowIncluded: 0 }, mismatches: [] });
    expect(ok.checkedAt).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    // Outside the caller's scope, not a complaint, no evidence yet.
    expect((await verification(await world.authority('ankara')).expect(404)).body.errors[0].code).toBe('H774');
    expect((await verification(await istanbul(), 'not-a-uuid').expect(404)).body.errors[0].code).toBe('H774');
    const unresolved = await file(phones[2], `${messageDay} 15:00:00`, { sender: 'BILINMEYEN' });
    expect((await verification(await istanbul(), unresolved).expect(409)).body.errors[0].code).toBe('H795');

    // The day's signed snapshot re-signed with another signature: the registry's current proofs differ.
    const { rows } = await world.harness.db.pool.query<{ signature: Buffer }>('SELECT signature FROM reconciliation.daily_snapshots WHERE day = $1', [D]);
    await world.harness.db.adminQuery(`UPDATE reconciliation.daily_snapshots SET signature = '\\x00' || signature WHERE day = '${D}'`);
    const resigned = (await verification(await istanbul()).expect(200)).body;
    expect(resigned.verified).toBe(false);
    expect(resigned.mismatches.map((m: { code: string }) => m.code)).toEqual(['H794', 'H794']);
    await world.harness.db.pool.query('UPDATE reconciliation.daily_snapshots SET signature = $2 WHERE day = $1', [D, rows[0].signature]);
    expect((await verification(await istanbul()).expect(200)).body.verified).toBe(true);

    // The stored evidence edited in the log (bypassing its append-only trigger): its proof no longer computes.
    await world.harness.db.adminQuery(
      `BEGIN; SET LOCAL session_replication_role = replica;
       UPDATE event_store.events SET data = jsonb_set(data, '{evidence,inclusionProofs,0,inclusion,auditPath,0,hash}', '"${'0'.repeat(64)}"')
        WHERE stream_id = 'complaint-${id}' AND event_type = 'complaint.ConsentEvidenceRecorded'; COMMIT;`,
    );
    const edited = (await verification(await istanbul()).expect(200)).body;
    expect(edited).toMatchObject({ verified: false, mismatches: [expect.objectContaining({ code: 'H792', location: ['evidence', 'inclusionProofs', 0] })] });
  });

  it('assesses "needs review" a complaint about a sender exempt at the message time, or a message declared transactional', async () => {
    const admin = await world.adminToken();
    await request(world.server())
      .post('/admin/sender-exemptions')
      .set(bearer(admin))
      .send({
        organisation: 'Takip Derneği',
        kind: 'ASSOCIATION',
        registrationNumber: { scheme: 'VKN', value: '1234567890' },
        senders: [{ channel: 'MESAJ', senderId: HEADER }],
        validFrom: `${messageDay}T16:00:00+03:00`,
        validTo: `${messageDay}T17:00:00+03:00`,
        legalBasis: 'Ticari İletişim ve Ticari Elektronik İletiler Hakkında Yönetmelik m.6',
      })
      .expect(201);
    const token = await tokenOf(phones[3]);
    const assessed = async (time: string, patch: Record<string, unknown> = {}) =>
      (await fileComplaint(world, token, smsComplaint(phones[3], HEADER, at(`${messageDay} ${time}`), patch)).expect(201)).body.assessment;
    expect(await assessed('16:30:00')).toBe('NEEDS_REVIEW');
    // Outside the exemption's window (its end exclusive) the rejection decides.
    expect(await assessed('17:00:00')).toBe('LIKELY_VIOLATION');
    expect(await assessed('15:59:59')).toBe('LIKELY_VIOLATION');
    expect(await assessed('18:00:00', { declaredTransactional: true })).toBe('NEEDS_REVIEW');
  });

  it('assigns an inspector whose scope reaches the province, then decides one complaint MERGED into another and that one NOT_COMPETENT', async () => {
    const [first, second] = [await file(phones[2], `${messageDay} 10:00:00`), await file(phones[2], `${messageDay} 11:00:00`)];
    const authority = await istanbul();
    const assign = (inspectorId: unknown, token = authority, id = first) => request(world.server()).post(`/complaints/${id}/inspector`).set(bearer(token)).send({ inspectorId });
    expect((await assign(world.authorities.ministry.userId).expect(200)).body).toEqual({ complaintId: first, inspectorId: world.authorities.ministry.userId });
    expect((await detail(first)).inspectorId).toBe(world.authorities.ministry.userId);
    // Another province's user, a user with no scope, not an id; and a caller who cannot see the complaint.
    expect((await assign(world.authorities.ankara.userId).expect(422)).body.errors[0]).toMatchObject({ code: 'H796', location: ['inspectorId'] });
    expect((await assign('00000000-0000-4000-8000-000000000000').expect(422)).body.errors[0].code).toBe('H796');
    expect((await assign('müfettiş').expect(422)).body.errors[0].code).toBe('H786');
    expect((await assign(world.authorities.istanbul.userId, await world.authority('ankara')).expect(404)).body.errors[0].code).toBe('H774');
    await assign(world.authorities.istanbul.userId).expect(200);
    expect((await detail(first)).inspectorId).toBe(world.authorities.istanbul.userId);

    const decide = (id: string, body: Record<string, unknown>) => request(world.server()).post(`/complaints/${id}/decision`).set(bearer(authority)).send({ justification: 'Aynı ileti.', ...body });
    expect((await decide(second, { outcome: 'MERGED' }).expect(422)).body.errors[0].code).toBe('H782');
    expect((await decide(second, { outcome: 'MERGED', mergedInto: second }).expect(422)).body.errors[0].code).toBe('H782');
    expect((await decide(second, { outcome: 'MERGED', mergedInto: '00000000-0000-4000-8000-000000000000' }).expect(422)).body.errors[0].code).toBe('H782');
    expect((await decide(second, { outcome: 'MERGED', mergedInto: first, fineAmount: 1000, legalBasis: '6563 m.11' }).expect(422)).body.errors[0].code).toBe('H782');
    expect((await decide(second, { outcome: 'MERGED', mergedInto: first }).expect(200)).body).toEqual({ complaintId: second, status: 'DECIDED', outcome: 'MERGED' });
    expect((await detail(second)).decision).toMatchObject({ outcome: 'MERGED', mergedInto: first, fineAmount: null, legalBasis: null });

    expect((await decide(first, { outcome: 'NOT_COMPETENT', fineAmount: 1000 }).expect(422)).body.errors[0].code).toBe('H782');
    expect((await decide(first, { outcome: 'NOT_COMPETENT', mergedInto: second }).expect(422)).body.errors[0].code).toBe('H782');
    await decide(first, { outcome: 'NOT_COMPETENT' }).expect(200);
    expect((await detail(first)).decision).toMatchObject({ outcome: 'NOT_COMPETENT', mergedInto: null, fineAmount: null });
    // Decided: no inspector change, no second decision.
    expect((await assign(world.authorities.ministry.userId).expect(409)).body.errors[0].code).toBe('H778');
    expect((await decide(first, { outcome: 'UNJUSTIFIED' }).expect(409)).body.errors[0].code).toBe('H778');

    // The complainant sees both outcomes and is told of each.
    const mine = (await request(world.server()).get('/recipients/me/complaints').set(bearer(await tokenOf(phones[2]))).expect(200)).body.complaints;
    const outcomeOf = (id: string) => mine.find((c: { complaintId: string }) => c.complaintId === id)?.outcome;
    expect([outcomeOf(first), outcomeOf(second)]).toEqual(['NOT_COMPETENT', 'MERGED']);
    const told = await nthMessageTo(world.harness.app, phones[2], 'complaint.decided.sms', 2);
    expect([told.text, (await nthMessageTo(world.harness.app, phones[2], 'complaint.decided.sms', 1)).text].join(' ')).toMatch(/birleştirildi[\s\S]*görev alanı dışında|görev alanı dışında[\s\S]*birleştirildi/);
    const decided = (await request(world.server()).get('/complaints?status=DECIDED').set(bearer(authority)).expect(200)).body.complaints.map((c: { complaintId: string }) => c.complaintId);
    expect(decided).toEqual(expect.arrayContaining([first, second]));
  });

  it('lets the provider download its own defense attachments, never the complainant’s; a refused upload leaves no file behind', async () => {
    const id = await file(phones[3], `${messageDay} 19:00:00`);
    const recipientToken = await tokenOf(phones[3]);
    const theirs = (await upload(world, `/recipients/me/complaints/${id}/attachments`, recipientToken, PNG).expect(201)).body.attachmentId;
    await request(world.server()).post(`/complaints/${id}/defense-request`).set(bearer(await istanbul())).send({ deadlineDays: 10 }).expect(200);
    const providerToken = await world.providerToken();
    const base = `/sps/${world.provider.iysCode}/complaints/${id}`;
    const mine = (await upload(world, `${base}/defense/attachments`, providerToken, PDF).expect(201)).body.attachmentId;
    const download = (attachmentId: string, path = base) => request(world.server()).get(`${path}/defense/attachments/${attachmentId}`).set(bearer(providerToken)).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    const got = await download(mine).expect(200);
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(Buffer.compare(got.body as Buffer, PDF)).toBe(0);
    // The complainant's file, an unknown file, not an id, another complaint's path: not there.
    for (const attachmentId of [theirs, '00000000-0000-4000-8000-000000000000', 'ekran.png']) {
      expect(JSON.parse((await download(attachmentId).expect(404)).body.toString()).errors[0].code).toBe('H774');
    }
    const other = await file(phones[3], `${messageDay} 19:30:00`);
    expect(JSON.parse((await download(mine, `/sps/${world.provider.iysCode}/complaints/${other}`).expect(404)).body.toString()).errors[0].code).toBe('H774');
    await request(world.server()).post(`${base}/defense`).set(bearer(providerToken)).send({ text: 'Rıza formu ektedir.' }).expect(200);
    await download(mine).expect(200);

    // Refused uploads (after the answer; the complainant's fourth file) leave no sealed file, staged or kept.
    expect((await upload(world, `${base}/defense/attachments`, providerToken, PNG).expect(409)).body.errors[0].code).toBe('H780');
    for (let n = 0; n < 2; n++) await upload(world, `/recipients/me/complaints/${id}/attachments`, recipientToken, PNG).expect(201);
    expect((await upload(world, `/recipients/me/complaints/${id}/attachments`, recipientToken, PNG).expect(422)).body.errors[0].code).toBe('H777');
    const count = async (table: string) =>
      (await world.harness.db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM complaint.${table} WHERE complaint_id = $1`, [id])).rows[0].n;
    expect(await count('attachments')).toBe(4);
    expect(await count('attachment_uploads')).toBe(0);
    const recorded = (await detail(id)).attachments;
    expect(recorded).toHaveLength(4);
  });

  it('pages the queue with a "more" flag instead of a total', async () => {
    for (const time of ['20:00:00', '20:10:00', '20:20:00']) await file(phones[1], `${messageDay} ${time}`);
    const queue = async (query: string) => (await request(world.server()).get(`/complaints?${query}`).set(bearer(await istanbul())).expect(200)).body;
    const all = await queue('limit=100');
    expect(all.more).toBe(false);
    expect(all.complaints.length).toBeGreaterThanOrEqual(3);
    expect(await queue('limit=2')).toMatchObject({ offset: 0, limit: 2, more: true, complaints: [all.complaints[0], all.complaints[1]] });
    const last = await queue(`limit=2&offset=${all.complaints.length - 2}`);
    expect(last).toMatchObject({ more: false, complaints: all.complaints.slice(-2) });
    expect(last).not.toHaveProperty('total');
  });

  // Last: the registry's clock moves past the retention period.
  it('shreds the personal data of finished complaints after the retention period, keeping the anonymised record; open ones and the complainant stay', async () => {
    const retention = () => world.harness.app.get(ComplaintScheduler, { strict: false }).retention();
    const token = await tokenOf(phones[3]);
    const finished = await file(phones[3], `${messageDay} 21:00:00`);
    await upload(world, `/recipients/me/complaints/${finished}/attachments`, token, PNG).expect(201);
    const attachmentId = (await detail(finished)).attachments[0].attachmentId;
    await request(world.server()).post(`/complaints/${finished}/decision`).set(bearer(await istanbul())).send({ outcome: 'UNJUSTIFIED', justification: 'Rıza formu sunuldu.' }).expect(200);
    const open = await file(phones[3], `${messageDay} 21:30:00`);
    expect(await retention()).toEqual({ shredded: 0 });
    const before = await detail(finished);
    expect(before).toMatchObject({ recipient: phones[3], residence: 'Moda Cad. No:1 Kadıköy İstanbul', nationalId: '10000000146' });

    clock.advance((COMPLAINT_RETENTION_DAYS + 1) * DAY_MS);
    const run = await retention();
    expect(run!.shredded).toBeGreaterThanOrEqual(1);
    expect(await retention()).toEqual({ shredded: 0 });
    const after = await detail(finished);
    // Personal fields and files are gone; the anonymised record, the evidence and the decision stay.
    expect(after).toMatchObject({ recipient: '***', senderAsSeen: '***', content: '***', residence: '***', nationalId: '***', status: 'DECIDED', outcome: 'UNJUSTIFIED', province: 34 });
    expect(after.decision).toMatchObject({ outcome: 'UNJUSTIFIED', justification: '***' });
    expect(after.consentAsOf).toEqual(before.consentAsOf);
    expect(after.history.map((e: { type: string }) => e.type)).toContain('complaint.PersonalDataShredded');
    const file404 = await request(world.server()).get(`/complaints/${finished}/attachments/${attachmentId}`).set(bearer(await istanbul())).expect(404);
    expect(file404.body.errors[0].code).toBe('H774');
    expect((await world.harness.db.pool.query('SELECT 1 FROM complaint.attachments WHERE complaint_id = $1', [finished])).rowCount).toBe(0);
    // The stored proofs still compute; the record can no longer be asked (the address is gone).
    const check = (await request(world.server()).get(`/complaints/${finished}/evidence/verification`).set(bearer(await istanbul())).expect(200)).body;
    expect(check).toMatchObject({ verified: true, recordChecked: false });
    // An open complaint keeps its evidence; the complainant keeps their account and consents.
    expect(await detail(open)).toMatchObject({ recipient: phones[3], content: expect.stringContaining('Kampanya') });
    const again = await signInRecipient(world.harness.app, phones[3]);
    expect((await myConsents(world.harness.app, again)).map((c) => c.recipient)).toContain(phones[3]);
    expect((await request(world.server()).get(`/complaints?status=DECIDED&limit=100`).set(bearer(await istanbul())).expect(200)).body.complaints.map((c: { complaintId: string }) => c.complaintId)).toContain(finished);

    // The complainant's own erasure reaches the open complaint too: its own key is shredded with theirs.
    await request(world.server()).post('/recipients/me/erasure-request').set(bearer(again)).expect(202);
    // The recipient context carries it out once its own retention period allows (IYS_RECIPIENT_RETENTION_DAYS).
    clock.advance((world.harness.app.get<{ IYS_RECIPIENT_RETENTION_DAYS: number }>(APP_CONFIG, { strict: false }).IYS_RECIPIENT_RETENTION_DAYS + 1) * DAY_MS);
    expect(await world.harness.app.get(CommandBus).execute(new ExecuteDueErasuresCommand())).toMatchObject({ erased: 1 });
    expect(await detail(open)).toMatchObject({ recipient: '***', content: '***', residence: '***', province: 34 });
  });
});
