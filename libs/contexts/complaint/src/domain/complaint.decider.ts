import type { Decider } from '@iys/platform/building-blocks';
import { complaintError } from './complaint.errors.js';
import type {
  Assessment,
  AttachmentOwner,
  AttachmentType,
  ComplaintDecided,
  ComplaintEvent,
  ComplaintFiled,
  ConsentEvidence,
  EncryptedValue,
} from './complaint.events.js';

export const complaintStreamId = (complaintId: string) => `complaint-${complaintId}`;

/** Evidence older than this is not taken: the message time of a complaint lies within the last year. */
export const MAX_MESSAGE_AGE_DAYS = 365;
export const MAX_ATTACHMENTS_PER_PARTY = 3;
export const DEFAULT_DEFENSE_DAYS = 15;
/** The provider is reminded once, when this little of its defense period is left. */
export const DEFENSE_REMINDER_MS = 2 * 86_400_000;
/**
 * Days a finished complaint (decided, closed or withdrawn) keeps its personal data (ADR 0050): the
 * five-year limitation of an administrative fine (Kabahatler Kanunu m.20) plus the 60-day period to
 * bring it before an administrative court (İYUK m.7), to be confirmed by counsel.
 */
export const COMPLAINT_RETENTION_DAYS = 5 * 365 + 60;

export type ComplaintStatus = 'NONE' | 'RECEIVED' | 'DEFENSE_REQUESTED' | 'DEFENSE_SUBMITTED' | 'DECIDED' | 'WITHDRAWN' | 'CLOSED';

export interface ComplaintState {
  status: ComplaintStatus;
  complaintId: string | null;
  accountId: string | null;
  provider: { iysCode: number; brandCode: number } | null;
  defenseDeadline: string | null;
  overdue: boolean;
  reminded: boolean;
  shredded: boolean;
  attachments: Record<AttachmentOwner, string[]>;
  /** Provider attachments uploaded for the defense and not yet part of an answer. */
  pendingDefenseAttachments: string[];
}

export type ComplaintCommand =
  | {
      type: 'FileComplaint';
      complaint: ComplaintFiled['data'];
      /** The provider and brand the sender resolved to at filing, and the consent evidence taken for them. */
      resolution?: { iysCode: number; brandCode: number; evidence: ConsentEvidence; assessment: Assessment };
      now: string;
    }
  | { type: 'ResolveSender'; iysCode: number; brandCode: number; by: 'registry' | 'authority'; byUserId: string | null; now: string }
  | { type: 'RecordEvidence'; brandCode: number; evidence: ConsentEvidence; assessment: Assessment; now: string }
  | { type: 'AddAttachment'; owner: AttachmentOwner; attachmentId: string; contentType: AttachmentType; size: number; sha256: string; iysCode?: number; now: string }
  | { type: 'AssignInspector'; inspectorId: string; byUserId: string; now: string }
  | { type: 'RequestDefense'; deadline: string; byUserId: string; now: string }
  | { type: 'SubmitDefense'; iysCode: number; text: EncryptedValue; byUserId: string; now: string }
  | { type: 'MarkDefenseOverdue'; now: string }
  | { type: 'RemindDefense'; now: string }
  | ({ type: 'DecideComplaint'; now: string } & Omit<ComplaintDecided['data'], 'complaintId' | 'at'>)
  | { type: 'WithdrawComplaint'; accountId: string; now: string }
  | { type: 'CloseComplaint'; byUserId: string; now: string }
  | { type: 'ShredPersonalData'; now: string };

const initialState = (): ComplaintState => ({
  status: 'NONE',
  complaintId: null,
  accountId: null,
  provider: null,
  defenseDeadline: null,
  overdue: false,
  reminded: false,
  shredded: false,
  attachments: { recipient: [], provider: [] },
  pendingDefenseAttachments: [],
});

const OPEN: readonly ComplaintStatus[] = ['RECEIVED', 'DEFENSE_REQUESTED', 'DEFENSE_SUBMITTED'];
const FINISHED: readonly ComplaintStatus[] = ['DECIDED', 'CLOSED', 'WITHDRAWN'];
const DAY_MS = 86_400_000;

function decide(command: ComplaintCommand, state: ComplaintState): ComplaintEvent[] {
  if (command.type === 'FileComplaint') {
    const filed = file(command.complaint, command.now, state);
    const { resolution, now } = command;
    if (!resolution) return filed;
    const complaintId = command.complaint.complaintId;
    return [
      ...filed,
      { type: 'complaint.SenderResolved', data: { complaintId, iysCode: resolution.iysCode, brandCode: resolution.brandCode, by: 'registry', byUserId: null, at: now } },
      { type: 'complaint.ConsentEvidenceRecorded', data: { complaintId, brandCode: resolution.brandCode, evidence: resolution.evidence, assessment: resolution.assessment, at: now } },
    ];
  }
  if (state.status === 'NONE') throw complaintError('H774', ['complaintId']);
  const complaintId = state.complaintId!;
  const at = command.now;
  switch (command.type) {
    case 'ResolveSender':
      requireOpen(state);
      if (state.provider) throw complaintError('H788', ['brandCode']);
      return [{ type: 'complaint.SenderResolved', data: { complaintId, iysCode: command.iysCode, brandCode: command.brandCode, by: command.by, byUserId: command.byUserId, at } }];
    case 'RecordEvidence':
      requireOpen(state);
      return [{ type: 'complaint.ConsentEvidenceRecorded', data: { complaintId, brandCode: command.brandCode, evidence: command.evidence, assessment: command.assessment, at } }];
    case 'AddAttachment': {
      if (command.owner === 'recipient') requireOpen(state);
      else if (state.status !== 'DEFENSE_REQUESTED' || state.provider?.iysCode !== command.iysCode) throw complaintError('H780', ['complaintId']);
      else if (isLate(state, at)) throw complaintError('H781', ['deadline']);
      if (state.attachments[command.owner].length >= MAX_ATTACHMENTS_PER_PARTY) throw complaintError('H777', ['attachments']);
      const { owner, attachmentId, contentType, size, sha256 } = command;
      return [{ type: 'complaint.AttachmentAdded', data: { complaintId, attachmentId, owner, contentType, size, sha256, at } }];
    }
    case 'AssignInspector':
      requireOpen(state);
      return [{ type: 'complaint.InspectorAssigned', data: { complaintId, inspectorId: command.inspectorId, byUserId: command.byUserId, at } }];
    case 'RequestDefense':
      if (state.status !== 'RECEIVED') throw complaintError('H778', ['status']);
      if (!state.provider) throw complaintError('H780', ['sender']);
      if (Date.parse(command.deadline) <= Date.parse(at)) throw complaintError('H779', ['deadlineDays']);
      return [{ type: 'complaint.DefenseRequested', data: { complaintId, iysCode: state.provider.iysCode, deadline: command.deadline, byUserId: command.byUserId, at } }];
    case 'SubmitDefense':
      // Another provider's complaint is not there for it (404), whatever its state.
      if (state.provider?.iysCode !== command.iysCode) throw complaintError('H774', ['complaintId']);
      if (state.status !== 'DEFENSE_REQUESTED') throw complaintError('H780', ['complaintId']);
      if (isLate(state, at)) throw complaintError('H781', ['deadline']);
      return [
        {
          type: 'complaint.DefenseSubmitted',
          data: { complaintId, iysCode: command.iysCode, text: command.text, attachmentIds: state.pendingDefenseAttachments, byUserId: command.byUserId, at },
        },
      ];
    case 'MarkDefenseOverdue':
      if (state.status !== 'DEFENSE_REQUESTED' || state.overdue || !isLate(state, at)) return [];
      return [{ type: 'complaint.DefenseOverdue', data: { complaintId, deadline: state.defenseDeadline!, at } }];
    case 'RemindDefense': {
      if (state.status !== 'DEFENSE_REQUESTED' || state.reminded || isLate(state, at)) return [];
      if (Date.parse(state.defenseDeadline!) - Date.parse(at) > DEFENSE_REMINDER_MS) return [];
      return [{ type: 'complaint.DefenseReminded', data: { complaintId, iysCode: state.provider!.iysCode, deadline: state.defenseDeadline!, at } }];
    }
    case 'DecideComplaint': {
      requireOpen(state);
      const { outcome, fineAmount, legalBasis, mergedInto } = command;
      const fined = fineAmount !== null && fineAmount > 0 && !!legalBasis;
      if (outcome === 'JUSTIFIED' ? !fined : fineAmount !== null) throw complaintError('H782', ['fineAmount']);
      if ((outcome === 'MERGED') !== (mergedInto !== null) || mergedInto === complaintId) throw complaintError('H782', ['mergedInto']);
      return [
        {
          type: 'complaint.ComplaintDecided',
          data: { complaintId, outcome, fineAmount, legalBasis: outcome === 'JUSTIFIED' ? legalBasis : null, justification: command.justification, mergedInto, byUserId: command.byUserId, at },
        },
      ];
    }
    case 'WithdrawComplaint':
      if (state.accountId !== command.accountId) throw complaintError('H774', ['complaintId']);
      requireOpen(state);
      return [{ type: 'complaint.ComplaintWithdrawn', data: { complaintId, at } }];
    case 'CloseComplaint':
      if (state.status !== 'DECIDED') throw complaintError('H778', ['status']);
      return [{ type: 'complaint.ComplaintClosed', data: { complaintId, byUserId: command.byUserId, at } }];
    case 'ShredPersonalData':
      // Only a finished file, once; an open investigation keeps its evidence until it ends.
      if (!FINISHED.includes(state.status)) throw complaintError('H778', ['status']);
      if (state.shredded) return [];
      return [{ type: 'complaint.PersonalDataShredded', data: { complaintId, reason: 'retention-expired', at } }];
  }
}

function file(complaint: ComplaintFiled['data'], now: string, state: ComplaintState): ComplaintEvent[] {
  if (state.status !== 'NONE') throw complaintError('H773', ['complaintId']);
  const messageAt = Date.parse(complaint.messageAt);
  const nowMs = Date.parse(now);
  if (!(messageAt <= nowMs) || messageAt < nowMs - MAX_MESSAGE_AGE_DAYS * DAY_MS) throw complaintError('H765', ['messageDate']);
  if (complaint.subjects.length === 0) throw complaintError('H770', ['subjects']);
  if (complaint.recipientType === 'TACIR' && !complaint.mersis) throw complaintError('H764', ['mersis']);
  if ((complaint.channel === 'EPOSTA') !== (complaint.addressKind === 'email')) throw complaintError('H762', ['recipient']);
  return [{ type: 'complaint.ComplaintFiled', data: { ...complaint, filedAt: now } }];
}

function requireOpen(state: ComplaintState): void {
  if (!OPEN.includes(state.status)) throw complaintError('H778', ['status']);
}

function isLate(state: ComplaintState, at: string): boolean {
  return state.defenseDeadline !== null && Date.parse(at) > Date.parse(state.defenseDeadline);
}

function evolve(state: ComplaintState, event: ComplaintEvent): ComplaintState {
  switch (event.type) {
    case 'complaint.ComplaintFiled':
      return { ...state, status: 'RECEIVED', complaintId: event.data.complaintId, accountId: event.data.accountId };
    case 'complaint.SenderResolved':
      return { ...state, provider: { iysCode: event.data.iysCode, brandCode: event.data.brandCode } };
    case 'complaint.AttachmentAdded': {
      const owner = event.data.owner;
      const attachments = { ...state.attachments, [owner]: [...state.attachments[owner], event.data.attachmentId] };
      const pending = owner === 'provider' ? [...state.pendingDefenseAttachments, event.data.attachmentId] : state.pendingDefenseAttachments;
      return { ...state, attachments, pendingDefenseAttachments: pending };
    }
    case 'complaint.DefenseRequested':
      return { ...state, status: 'DEFENSE_REQUESTED', defenseDeadline: event.data.deadline };
    case 'complaint.DefenseSubmitted':
      return { ...state, status: 'DEFENSE_SUBMITTED', pendingDefenseAttachments: [] };
    case 'complaint.DefenseOverdue':
      return { ...state, overdue: true };
    case 'complaint.DefenseReminded':
      return { ...state, reminded: true };
    case 'complaint.PersonalDataShredded':
      return { ...state, shredded: true };
    case 'complaint.ComplaintDecided':
      return { ...state, status: 'DECIDED' };
    case 'complaint.ComplaintWithdrawn':
      return { ...state, status: 'WITHDRAWN' };
    case 'complaint.ComplaintClosed':
      return { ...state, status: 'CLOSED' };
    default:
      return state;
  }
}

export const complaintDecider: Decider<ComplaintCommand, ComplaintEvent, ComplaintState> = { decide, evolve, initialState };
