import { parseIysDateTimeDetailed } from '@iys/platform/building-blocks';
import { CONSENT_TYPES, type ConsentType } from '../../domain/consent.events.js';
import type { DeliveryCategory } from '../../domain/delivery-gate.js';
import type { DeliveryCheck } from './delivery-checker.js';

export const MAX_CHECKS_PER_CALL = 1000;
export const CATEGORIES: readonly DeliveryCategory[] = ['TICARI', 'BILGILENDIRME'];
const MAX_RECIPIENT_LENGTH = 320;
const MAX_CODE = 2_147_483_647;

/** Where a check request is wrong: an İYS error code and the field's location. Never echoes a value. */
export interface GateInputProblem {
  code: 'H734' | 'H735';
  location: (string | number)[];
}

const isCode = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) > 0 && (value as number) <= MAX_CODE;

/**
 * The sender of a check or scrub job: a brand by its codes, or an identity a brand registered.
 * Undefined when neither shape fits.
 */
export function parseSender(value: unknown): DeliveryCheck['sender'] | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const sender = value as Record<string, unknown>;
  if ('senderId' in sender) {
    return typeof sender.senderId === 'string' && sender.senderId.length > 0 && sender.senderId.length <= 255 && Object.keys(sender).length === 1
      ? { senderId: sender.senderId }
      : undefined;
  }
  return isCode(sender.iysCode) && isCode(sender.brandCode) && Object.keys(sender).length === 2 ? { iysCode: sender.iysCode, brandCode: sender.brandCode } : undefined;
}

export const isConsentType = (value: unknown): value is ConsentType => CONSENT_TYPES.includes(value as ConsentType);
export const isCategory = (value: unknown): value is DeliveryCategory => CATEGORIES.includes(value as DeliveryCategory);

/**
 * The body of `POST /operators/{operatorCode}/checks`: `{ "items": [ … up to 1000 ] }`. Checked by
 * hand rather than through class-validator: a thousand nested objects per call is the hot path.
 */
export function parseCheckRequest(body: unknown): { checks: DeliveryCheck[] } | { problems: GateInputProblem[] } {
  const items = (body as { items?: unknown } | null)?.items;
  if (typeof body !== 'object' || body === null || !Array.isArray(items) || items.length === 0) return { problems: [{ code: 'H734', location: ['items'] }] };
  if (items.length > MAX_CHECKS_PER_CALL) return { problems: [{ code: 'H735', location: ['items'] }] };
  const checks: DeliveryCheck[] = new Array(items.length);
  const problems: GateInputProblem[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as Record<string, unknown> | null;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      problems.push({ code: 'H734', location: ['items', i] });
      continue;
    }
    const sender = parseSender(item.sender);
    if (!sender) problems.push({ code: 'H734', location: ['items', i, 'sender'] });
    if (typeof item.recipient !== 'string' || item.recipient.length > MAX_RECIPIENT_LENGTH) problems.push({ code: 'H734', location: ['items', i, 'recipient'] });
    if (!isConsentType(item.type)) problems.push({ code: 'H734', location: ['items', i, 'type'] });
    if (!isCategory(item.category)) problems.push({ code: 'H734', location: ['items', i, 'category'] });
    let at: Date | undefined;
    if (item.at !== undefined) {
      const parsed = typeof item.at === 'string' ? parseIysDateTimeDetailed(item.at) : undefined;
      if (parsed?.ok) at = parsed.instant;
      else problems.push({ code: 'H734', location: ['items', i, 'at'] });
    }
    if (problems.length > 0) {
      if (problems.length >= 20) break; // enough to fix the request; the rest would only repeat
      continue;
    }
    checks[i] = { sender: sender!, recipient: item.recipient as string, type: item.type as ConsentType, category: item.category as DeliveryCategory, ...(at ? { at } : {}) };
  }
  return problems.length > 0 ? { problems } : { checks };
}

/**
 * A call's checks as columns, one entry per item in order: what the checker reads. A thousand items
 * are then a few arrays, not a thousand objects with a sender object each.
 */
export interface CheckBatch {
  readonly length: number;
  /** The sender identity as given, or null where the sender is given by its codes. */
  readonly senderIds: readonly (string | null)[];
  /** The sender's codes where given by them (0 where by identity). */
  readonly iysCodes: readonly number[];
  readonly brandCodes: readonly number[];
  readonly recipients: readonly string[];
  readonly types: readonly ConsentType[];
  readonly categories: readonly DeliveryCategory[];
  /** Each item's delivery time (undefined where absent); null when no item has one. */
  readonly ats: readonly (Date | undefined)[] | null;
}

/** The columns of checks given one object each. */
export function batchOf(checks: readonly DeliveryCheck[]): CheckBatch {
  const n = checks.length;
  const batch = {
    length: n,
    senderIds: new Array<string | null>(n),
    iysCodes: new Array<number>(n),
    brandCodes: new Array<number>(n),
    recipients: new Array<string>(n),
    types: new Array<ConsentType>(n),
    categories: new Array<DeliveryCategory>(n),
    ats: null as (Date | undefined)[] | null,
  };
  for (let i = 0; i < n; i++) {
    const { sender, recipient, type, category, at } = checks[i]!;
    const byId = 'senderId' in sender;
    batch.senderIds[i] = byId ? sender.senderId : null;
    batch.iysCodes[i] = byId ? 0 : sender.iysCode;
    batch.brandCodes[i] = byId ? 0 : sender.brandCode;
    batch.recipients[i] = recipient;
    batch.types[i] = type;
    batch.categories[i] = category;
    if (at !== undefined) (batch.ats ??= new Array<Date | undefined>(n))[i] = at;
  }
  return batch;
}
