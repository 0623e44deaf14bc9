import type { ConsentStatus, RecipientType } from './consent.events.js';

/**
 * The operator gate's rules (docs/adr/0033): whether a gateway may deliver one message, from the
 * facts the registry holds at the moment asked. Pure: the query gathers the facts, this decides.
 */
export type DeliveryCategory = 'TICARI' | 'BILGILENDIRME';
export type DeliveryDecision = 'ALLOW' | 'DENY';

/** Every reason the gate gives, each with the rule behind it (docs/error-codes.md, "Operator gate"). */
export const DELIVERY_REASONS = {
  /** BIREYSEL: a current ONAY for the brand and type. */
  ONAY: 'ALLOW',
  /** TACIR: registered for the brand and type, and not rejected. */
  TACIR_REGISTERED: 'ALLOW',
  /** The sender holds a current exemption (NGO, association, public body…): no consent needed. */
  EXEMPT: 'ALLOW',
  /** Transactional (BILGILENDIRME): outside the consent rules; counted apart, complaints catch misuse. */
  TRANSACTIONAL: 'ALLOW',
  /** A RET is on record for the brand and type (any recipient type), from the moment it was recorded. */
  RET: 'DENY',
  /** The address is known but holds no consent for the brand and type: BIREYSEL absent, TACIR unregistered. */
  NO_CONSENT: 'DENY',
  /** The registry holds nothing for the address (never registered, or erased by its owner). */
  UNKNOWN_RECIPIENT: 'DENY',
  /** The address is neither an E.164 phone number nor an e-mail address. */
  INVALID_RECIPIENT: 'DENY',
  /** The sender identity is registered by no brand for this channel. */
  UNKNOWN_SENDER: 'DENY',
  /** No such brand, or the brand is not the given provider's. */
  UNKNOWN_BRAND: 'DENY',
  /** The brand was deactivated. */
  BRAND_PASSIVE: 'DENY',
  /** The provider's activation date is still ahead: it has not moved its consents to the registry. */
  PROVIDER_NOT_ACTIVE: 'DENY',
} as const satisfies Record<string, DeliveryDecision>;
export type DeliveryReason = keyof typeof DELIVERY_REASONS;
export const DELIVERY_REASON_CODES = Object.keys(DELIVERY_REASONS) as DeliveryReason[];

export interface BrandFacts {
  iysCode: number;
  brandCode: number;
  active: boolean;
  /** ISO instant. */
  activationDate: string;
}

/** What the registry knows for one message, as of `at`. */
export interface DeliveryFacts {
  category: DeliveryCategory;
  /** ISO instant the message is (or was) delivered at. */
  at: string;
  recipientValid: boolean;
  /** The address has a recipient id (it was registered and is not erased). */
  recipientKnown: boolean;
  /** The sender resolved to a registered identity, or was given as {iysCode, brandCode}. */
  senderResolved: boolean;
  /** The brand as the consent context's directory holds it; undefined when unknown or not the provider's. */
  brand: BrandFacts | undefined;
  exempt: boolean;
  /** Status per recipient type for (brand, type), as of `at`. */
  consents: Partial<Record<RecipientType, ConsentStatus>>;
}

export interface DeliveryVerdict {
  decision: DeliveryDecision;
  reason: DeliveryReason;
  /** The record the decision rests on; null when no consent record was considered. */
  recipientType: RecipientType | null;
}

/** Every verdict built once and frozen, by reason and record type: the gate decides a thousand messages per call. */
const VERDICTS = Object.fromEntries(
  DELIVERY_REASON_CODES.map((reason) => [
    reason,
    {
      NONE: Object.freeze({ decision: DELIVERY_REASONS[reason], reason, recipientType: null }),
      BIREYSEL: Object.freeze({ decision: DELIVERY_REASONS[reason], reason, recipientType: 'BIREYSEL' as const }),
      TACIR: Object.freeze({ decision: DELIVERY_REASONS[reason], reason, recipientType: 'TACIR' as const }),
    },
  ]),
) as Record<DeliveryReason, Record<RecipientType | 'NONE', DeliveryVerdict>>;
const verdict = (reason: DeliveryReason, recipientType: RecipientType | null = null): DeliveryVerdict => VERDICTS[reason][recipientType ?? 'NONE'];

/** The last few instants parsed: a call's thousand messages share one `at` and a few activation dates. */
const INSTANTS = new Map<string, number>();
function instantOf(iso: string): number {
  let ms = INSTANTS.get(iso);
  if (ms === undefined) {
    if (INSTANTS.size >= 64) INSTANTS.clear();
    INSTANTS.set(iso, (ms = Date.parse(iso)));
  }
  return ms;
}

/**
 * One message's verdict. Order matters: an unusable address is refused first; an exempt sender and
 * a transactional message need no consent (and no registered brand); a commercial message needs a
 * registered, active brand of an active provider, then a consent: any RET denies (the gate does not
 * know whether the recipient is addressed as a person or a merchant, so it takes the stricter),
 * else an ONAY (BIREYSEL) or a TACIR registration allows.
 */
export function decideDelivery(facts: DeliveryFacts): DeliveryVerdict {
  if (!facts.recipientValid) return verdict('INVALID_RECIPIENT');
  if (facts.exempt) return verdict('EXEMPT');
  if (facts.category === 'BILGILENDIRME') return verdict('TRANSACTIONAL');
  if (!facts.senderResolved) return verdict('UNKNOWN_SENDER');
  if (!facts.brand) return verdict('UNKNOWN_BRAND');
  if (!facts.brand.active) return verdict('BRAND_PASSIVE');
  if (instantOf(facts.brand.activationDate) > instantOf(facts.at)) return verdict('PROVIDER_NOT_ACTIVE');
  if (!facts.recipientKnown) return verdict('UNKNOWN_RECIPIENT');
  const { BIREYSEL, TACIR } = facts.consents;
  if (TACIR === 'RET') return verdict('RET', 'TACIR');
  if (BIREYSEL === 'RET') return verdict('RET', 'BIREYSEL');
  if (BIREYSEL === 'ONAY') return verdict('ONAY', 'BIREYSEL');
  if (TACIR === 'ONAY') return verdict('TACIR_REGISTERED', 'TACIR');
  return verdict('NO_CONSENT');
}
