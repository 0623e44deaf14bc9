import { Inject, Injectable } from '@nestjs/common';
import { formatIysDateTime } from '@iys/platform/building-blocks';
import { PiiVault } from '@iys/platform/pii';
import type { ComplaintEvent, EncryptedValue } from '../domain/complaint.events.js';
import { ComplaintAccess } from './complaint-access.js';
import type { ComplaintRow } from './complaint-records.port.js';

const date = (value: Date | string | null) => (value === null ? null : formatIysDateTime(new Date(value)));

/** A complaint as a queue or list shows it: ids, codes and dates only (no personal data). */
export function summaryOf(row: ComplaintRow) {
  return {
    complaintId: row.complaint_id,
    status: row.status,
    channel: row.channel,
    recipientType: row.recipient_type,
    sender: row.sender_id,
    iysCode: row.iys_code,
    brandCode: row.brand_code,
    messageDate: date(row.message_at),
    province: row.province,
    assessment: row.assessment,
    subjects: row.subjects,
    filedVia: row.filed_via,
    checkedFirst: row.checked_first,
    inspectorId: row.inspector_id,
    defenseDeadline: date(row.defense_deadline),
    overdue: row.overdue,
    outcome: row.outcome,
    fineAmount: row.fine_amount === null ? null : Number(row.fine_amount),
    filedAt: date(row.filed_at),
    decidedAt: date(row.decided_at),
  };
}

export type Audience = 'authority' | 'provider' | 'recipient';

/**
 * One complaint in full for its audience, from its stream (the record, not a projection): the
 * authority sees everything; the provider what it needs to answer (address, channel, time, sender,
 * text, its own defense) — never residence, national id, MERSİS or the complainant's files; the
 * complainant their complaint, its status and decision.
 */
@Injectable()
export class ComplaintViews {
  constructor(
    @Inject(ComplaintAccess) private readonly access: ComplaintAccess,
    @Inject(PiiVault) private readonly vault: PiiVault,
  ) {}

  async detail(row: ComplaintRow, audience: Audience) {
    const history = await this.access.history(row.complaint_id);
    const events = history.map((e) => ({ type: e.type, data: e.data }) as unknown as ComplaintEvent);
    const open = async (value: EncryptedValue | null | undefined) => (value ? this.vault.decrypt(value as never) : null);
    const filed = events.find((e) => e.type === 'complaint.ComplaintFiled');
    if (!filed || filed.type !== 'complaint.ComplaintFiled') throw new Error('complaint stream without its filing');
    const f = filed.data;
    const evidence = [...events].reverse().find((e) => e.type === 'complaint.ConsentEvidenceRecorded');
    const defense = [...events].reverse().find((e) => e.type === 'complaint.DefenseSubmitted');
    const decision = [...events].reverse().find((e) => e.type === 'complaint.ComplaintDecided');
    const attachments = events
      .filter((e) => e.type === 'complaint.AttachmentAdded')
      .map((e) => e.data as { attachmentId: string; owner: string; contentType: string; size: number; sha256: string; at: string })
      .filter((a) => audience === 'authority' || a.owner === (audience === 'provider' ? 'provider' : 'recipient'))
      .map((a) => ({ attachmentId: a.attachmentId, owner: a.owner, contentType: a.contentType, size: a.size, sha256: a.sha256, addedAt: date(a.at) }));
    const base = {
      ...summaryOf(row),
      recipient: await open(f.address),
      senderAsSeen: await open(f.senderAsSeen),
      content: await open(f.content),
      gsmOperator: f.gsmOperator,
      attachments,
      defense:
        defense?.type === 'complaint.DefenseSubmitted'
          ? { text: await open(defense.data.text), attachmentIds: defense.data.attachmentIds, submittedAt: date(defense.data.at) }
          : null,
      decision:
        decision?.type === 'complaint.ComplaintDecided'
          ? {
              outcome: decision.data.outcome,
              fineAmount: decision.data.fineAmount,
              legalBasis: decision.data.legalBasis,
              justification: await open(decision.data.justification),
              mergedInto: decision.data.mergedInto,
              decidedAt: date(decision.data.at),
            }
          : null,
    };
    if (audience === 'provider') return base;
    const assessment = evidence?.type === 'complaint.ConsentEvidenceRecorded' ? evidence.data.assessment : null;
    const mine = { ...base, brandCode: row.brand_code ?? f.brandCode, brandText: await open(f.brandText), assessment: assessment?.hint ?? null };
    if (audience === 'recipient') return mine;
    return {
      ...mine,
      rawHeaders: await open(f.rawHeaders),
      residence: await open(f.residence),
      nationalId: await open(f.nationalId),
      mersis: await open(f.mersis),
      pickedBrandCode: f.brandCode,
      assessmentDetail: assessment,
      consentAsOf: evidence?.type === 'complaint.ConsentEvidenceRecorded' ? evidence.data.evidence : null,
      history: history.map((e) => ({ type: e.type, at: formatIysDateTime(e.recordedAt), actorKind: e.metadata.actorKind ?? null, actorId: e.metadata.actorId ?? null })),
    };
  }
}

export type ComplaintSummary = ReturnType<typeof summaryOf>;
export type ComplaintDetail = Awaited<ReturnType<ComplaintViews['detail']>>;
