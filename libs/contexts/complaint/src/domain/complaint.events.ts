import { ConsentContracts } from '@iys/contracts';

/** A value sealed under the recipient's data key (PiiVault's envelope); opaque here. */
export type EncryptedValue = { [key: string]: string };

/**
 * The complaint context's events (stream `complaint-<complaintId>`), schema version 1. Personal data
 * (the complainant's address, the message text, TCKN, MERSİS, residence, free texts) is sealed under the
 * recipient's data key; the province (a routing key of 81 values), the sender as a company shows itself
 * and the ids are not personal data and stay in clear for the queue.
 */
export type ComplaintChannel = ConsentContracts.ConsentTypeValue;
export const COMPLAINT_CHANNELS: readonly ComplaintChannel[] = ConsentContracts.CONSENT_TYPES;
export type ComplaintRecipientType = ConsentContracts.RecipientTypeValue;
export const COMPLAINT_RECIPIENT_TYPES: readonly ComplaintRecipientType[] = ConsentContracts.RECIPIENT_TYPES;
export const COMPLAINT_SUBJECTS = ['NO_CONSENT', 'REJECTED_STILL_RECEIVING', 'NO_OPT_OUT', 'SENDER_NOT_IDENTIFIED', 'OTHER'] as const;
export type ComplaintSubject = (typeof COMPLAINT_SUBJECTS)[number];
export const GSM_OPERATORS = ['TURKCELL', 'VODAFONE', 'TURK_TELEKOM', 'OTHER'] as const;
export type GsmOperator = (typeof GSM_OPERATORS)[number];
export type FilingChannel = 'web' | 'call-centre' | 'short-number';
export const DECISION_OUTCOMES = ['JUSTIFIED', 'UNJUSTIFIED', 'NOT_COMPETENT', 'MERGED'] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];
export type AttachmentOwner = 'recipient' | 'provider';
export type AttachmentType = 'image/png' | 'image/jpeg' | 'application/pdf';

export type AssessmentHint = 'LIKELY_VIOLATION' | 'WITHIN_GRACE' | 'CONSENT_EXISTS' | 'ALLOWED' | 'NEEDS_REVIEW';
export interface Assessment {
  hint: AssessmentHint;
  /** Which rule fired, e.g. `RET_OLDER_THAN_GRACE`. */
  rule: string;
  /** The legal basis the rule rests on (Law 6563 and its regulation). */
  article: string;
}

/** The consent as the registry knew it at the message time (ReconciliationContracts.ConsentAsOfAnswer), kept as it was. */
export type ConsentEvidence = Record<string, unknown> & { at: string; state: 'ONAY' | 'RET' | 'NONE' };

export interface ComplaintFiled {
  type: 'complaint.ComplaintFiled';
  data: {
    complaintId: string;
    accountId: string;
    /** Opaque id of the complainant's address that received the message (names the data key). */
    recipientId: string;
    address: EncryptedValue;
    addressKind: 'phone' | 'email';
    channel: ComplaintChannel;
    recipientType: ComplaintRecipientType;
    /** The sender as the recipient saw it, normalised (header, E.164 number or e-mail domain). */
    senderId: string;
    /** The From address or number as typed, sealed (an e-mail From may name a person). */
    senderAsSeen: EncryptedValue;
    rawHeaders: EncryptedValue | null;
    /** The brand the recipient picked among those holding a record for the address, or null. */
    brandCode: number | null;
    brandText: EncryptedValue | null;
    /** ISO instant. */
    messageAt: string;
    /** SMS / e-mail text, or a summary of the call. */
    content: EncryptedValue;
    gsmOperator: GsmOperator | null;
    province: number;
    residence: EncryptedValue | null;
    nationalId: EncryptedValue | null;
    mersis: EncryptedValue | null;
    subjects: ComplaintSubject[];
    declaredTransactional: boolean;
    filedVia: FilingChannel;
    /** Whether the recipient was shown the consents held for the address first (the check step). */
    checkedFirst: boolean;
    /** The agent who filed for a caller (call centre), else null. */
    agentId: string | null;
    filedAt: string;
  };
}

export interface SenderResolved {
  type: 'complaint.SenderResolved';
  data: { complaintId: string; iysCode: number; brandCode: number; by: 'registry' | 'authority'; byUserId: string | null; at: string };
}

export interface ConsentEvidenceRecorded {
  type: 'complaint.ConsentEvidenceRecorded';
  data: { complaintId: string; brandCode: number; evidence: ConsentEvidence; assessment: Assessment; at: string };
}

export interface AttachmentAdded {
  type: 'complaint.AttachmentAdded';
  data: { complaintId: string; attachmentId: string; owner: AttachmentOwner; contentType: AttachmentType; size: number; sha256: string; at: string };
}

export interface InspectorAssigned {
  type: 'complaint.InspectorAssigned';
  data: { complaintId: string; inspectorId: string; byUserId: string; at: string };
}

export interface DefenseRequested {
  type: 'complaint.DefenseRequested';
  data: { complaintId: string; iysCode: number; deadline: string; byUserId: string; at: string };
}

export interface DefenseSubmitted {
  type: 'complaint.DefenseSubmitted';
  data: { complaintId: string; iysCode: number; text: EncryptedValue; attachmentIds: string[]; byUserId: string; at: string };
}

export interface DefenseOverdue {
  type: 'complaint.DefenseOverdue';
  data: { complaintId: string; deadline: string; at: string };
}

/** The provider was reminded that its defense is due soon (once, DEFENSE_REMINDER_MS before the deadline). */
export interface DefenseReminded {
  type: 'complaint.DefenseReminded';
  data: { complaintId: string; iysCode: number; deadline: string; at: string };
}

/** The retention period of a finished complaint ended: its data key was destroyed (ADR 0050); the anonymised record stays. */
export interface PersonalDataShredded {
  type: 'complaint.PersonalDataShredded';
  data: { complaintId: string; reason: 'retention-expired'; at: string };
}

export interface ComplaintDecided {
  type: 'complaint.ComplaintDecided';
  data: {
    complaintId: string;
    outcome: DecisionOutcome;
    /** Administrative fine in TRY (JUSTIFIED only). */
    fineAmount: number | null;
    legalBasis: string | null;
    justification: EncryptedValue;
    mergedInto: string | null;
    byUserId: string;
    at: string;
  };
}

export interface ComplaintWithdrawn {
  type: 'complaint.ComplaintWithdrawn';
  data: { complaintId: string; at: string };
}

export interface ComplaintClosed {
  type: 'complaint.ComplaintClosed';
  data: { complaintId: string; byUserId: string; at: string };
}

export type ComplaintEvent =
  | ComplaintFiled
  | SenderResolved
  | ConsentEvidenceRecorded
  | AttachmentAdded
  | InspectorAssigned
  | DefenseRequested
  | DefenseSubmitted
  | DefenseOverdue
  | DefenseReminded
  | PersonalDataShredded
  | ComplaintDecided
  | ComplaintWithdrawn
  | ComplaintClosed;

export const COMPLAINT_EVENT_TYPES: readonly ComplaintEvent['type'][] = [
  'complaint.ComplaintFiled',
  'complaint.SenderResolved',
  'complaint.ConsentEvidenceRecorded',
  'complaint.AttachmentAdded',
  'complaint.InspectorAssigned',
  'complaint.DefenseRequested',
  'complaint.DefenseSubmitted',
  'complaint.DefenseOverdue',
  'complaint.DefenseReminded',
  'complaint.PersonalDataShredded',
  'complaint.ComplaintDecided',
  'complaint.ComplaintWithdrawn',
  'complaint.ComplaintClosed',
];
