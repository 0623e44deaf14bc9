// Published language of the reconciliation context: the integration events, identifiers and query
// shapes that other contexts may depend on. Plain types and constants only — no Nest, no database.

export interface ConsentAsOfRequest {
  /** The address in clear (normalised or not); never logged. */
  recipient: string;
  brandCode: number;
  type: 'ARAMA' | 'MESAJ' | 'EPOSTA';
  recipientType: 'BIREYSEL' | 'TACIR';
  /** `YYYY-MM-DD HH:mm:ss` Europe/Istanbul: judged by the registry's recording time. */
  at: string;
}

/** One recorded consent event the answer rests on, with its chain hash (hex SHA-256). */
export interface ConsentAsOfEvent {
  position: number;
  transactionId: string;
  status: 'ONAY' | 'RET';
  /** `YYYY-MM-DD HH:mm:ss` Europe/Istanbul. */
  consentDate: string;
  creationDate: string;
  source: string;
  origin: 'HS' | 'IYS';
  actorKind: string | null;
  actorId: string | null;
  channel: string | null;
  hash: string;
}

/**
 * The consent's state as the registry knew it at `at`, the events behind it, the stream's chain check
 * and each event's inclusion proof in its day's signed snapshot (the shape `POST /audit/as-of` answers;
 * docs/adr/0017 describes how to verify an inclusion without registry code).
 */
export interface ConsentAsOfAnswer {
  at: string;
  state: 'ONAY' | 'RET' | 'NONE';
  proof: ConsentAsOfEvent[];
  lastEvent?: ConsentAsOfEvent;
  chain: { ok: boolean; eventsChecked: number; firstBroken?: { position: number; reason: string } };
  inclusionProofs: { transactionId: string; inclusion: { status: string; day: string } & Record<string, unknown> }[];
}

/** Injection token of the port below; the reconciliation context provides it globally. */
export const CONSENT_AS_OF = 'reconciliation:ConsentAsOf';

/** The audit's as-of answer, for contexts that must keep it as evidence (complaints). */
export interface ConsentAsOfPort {
  asOf(request: ConsentAsOfRequest): Promise<ConsentAsOfAnswer>;
}

/** The streams this context writes and the published events they carry (docs/adr/0052). */
export const STREAMS = { context: 'reconciliation', categories: ['reconciliation'], eventTypes: [] } as const;
