import { parseIysDateTimeDetailed } from '@iys/platform/building-blocks';
import { asciiBytes, JsonScanner } from '@iys/platform/nest';
import { CONSENT_TYPES, type ConsentType } from '../../domain/consent.events.js';
import type { DeliveryCategory } from '../../domain/delivery-gate.js';
import { CATEGORIES, MAX_CHECKS_PER_CALL, type CheckBatch } from '../../application/gate/gate-input.js';

const MAX_CODE = 2_147_483_647;
const MAX_RECIPIENT_LENGTH = 320;
const MAX_SENDER_ID_LENGTH = 255;

const KEY = {
  items: asciiBytes('items'),
  sender: asciiBytes('sender'),
  recipient: asciiBytes('recipient'),
  type: asciiBytes('type'),
  category: asciiBytes('category'),
  at: asciiBytes('at'),
  senderId: asciiBytes('senderId'),
  iysCode: asciiBytes('iysCode'),
  brandCode: asciiBytes('brandCode'),
};
const TYPES = CONSENT_TYPES.map((type) => ({ type, bytes: asciiBytes(type) }));
const CATEGORY_BYTES = CATEGORIES.map((category) => ({ category, bytes: asciiBytes(category) }));

// Fields of an item, one bit each: each at most once, the four required ones all present.
const SENDER = 1;
const RECIPIENT = 2;
const TYPE = 4;
const CATEGORY = 8;
const AT = 16;
const REQUIRED = SENDER | RECIPIENT | TYPE | CATEGORY;

/**
 * The body of `POST /operators/{operatorCode}/checks` read straight from its bytes into a
 * {@link CheckBatch}, when it is the common shape: `{"items":[…]}` of 1 to 1000 items, each with
 * exactly the known fields (sender `{senderId}` or `{iysCode, brandCode}`, recipient, type, category,
 * optional at), every value valid. Anything else — an unknown or repeated field, an escape or a
 * non-ASCII character in a string, a number written otherwise than plainly, any invalid value — is
 * declined (undefined), and the generic path (JSON parser, then parseCheckRequest) answers it as it
 * always has: the same checks for what this accepts, the same refusals for the rest
 * (gate-check-body.scanner.unit.spec.ts). Per item: no object, one string for the recipient; a sender
 * identity repeated from the item before is the same string.
 */
export function scanCheckBody(body: Buffer): CheckBatch | undefined {
  const json = new JsonScanner(body);
  const span = { start: 0, end: 0 };
  if (!json.take(0x7b) || !json.stringSpan(span) || !json.spanIs(span, KEY.items) || !json.take(0x3a) || !json.take(0x5b)) return undefined;
  const senderIds: (string | null)[] = [];
  const iysCodes: number[] = [];
  const brandCodes: number[] = [];
  const recipients: string[] = [];
  const types: ConsentType[] = [];
  const categories: DeliveryCategory[] = [];
  let ats: (Date | undefined)[] | null = null;
  let lastSenderStart = -1;
  let lastSenderEnd = -1;
  let lastSenderId = '';
  for (let i = 0; ; i++) {
    if (i === MAX_CHECKS_PER_CALL || !json.take(0x7b)) return undefined;
    let seen = 0;
    do {
      if (!json.stringSpan(span) || !json.take(0x3a)) return undefined;
      if (json.spanIs(span, KEY.sender)) {
        if (seen & SENDER || !json.take(0x7b) || !json.stringSpan(span) || !json.take(0x3a)) return undefined;
        seen |= SENDER;
        if (json.spanIs(span, KEY.senderId)) {
          if (!json.stringSpan(span)) return undefined;
          const length = span.end - span.start;
          if (length === 0 || length > MAX_SENDER_ID_LENGTH) return undefined;
          if (lastSenderStart < 0 || !sameBytes(body, lastSenderStart, lastSenderEnd, span.start, span.end)) {
            lastSenderId = json.text(span);
            lastSenderStart = span.start;
            lastSenderEnd = span.end;
          }
          senderIds[i] = lastSenderId;
          iysCodes[i] = 0;
          brandCodes[i] = 0;
        } else {
          // {iysCode, brandCode} in either order, each once.
          let iysCode: number | undefined;
          let brandCode: number | undefined;
          for (let k = 0; k < 2; k++) {
            if (k === 1 && (!json.take(0x2c) || !json.stringSpan(span) || !json.take(0x3a))) return undefined;
            if (json.spanIs(span, KEY.iysCode) && iysCode === undefined) iysCode = json.positiveInteger(MAX_CODE) ?? -1;
            else if (json.spanIs(span, KEY.brandCode) && brandCode === undefined) brandCode = json.positiveInteger(MAX_CODE) ?? -1;
            else return undefined;
          }
          if (iysCode === undefined || brandCode === undefined || iysCode < 0 || brandCode < 0) return undefined;
          senderIds[i] = null;
          iysCodes[i] = iysCode;
          brandCodes[i] = brandCode;
        }
        if (!json.take(0x7d)) return undefined;
      } else if (json.spanIs(span, KEY.recipient)) {
        if (seen & RECIPIENT || !json.stringSpan(span) || span.end - span.start > MAX_RECIPIENT_LENGTH) return undefined;
        seen |= RECIPIENT;
        recipients[i] = json.text(span);
      } else if (json.spanIs(span, KEY.type)) {
        if (seen & TYPE || !json.stringSpan(span)) return undefined;
        seen |= TYPE;
        const known = TYPES.find((t) => json.spanIs(span, t.bytes));
        if (!known) return undefined;
        types[i] = known.type;
      } else if (json.spanIs(span, KEY.category)) {
        if (seen & CATEGORY || !json.stringSpan(span)) return undefined;
        seen |= CATEGORY;
        const known = CATEGORY_BYTES.find((c) => json.spanIs(span, c.bytes));
        if (!known) return undefined;
        categories[i] = known.category;
      } else if (json.spanIs(span, KEY.at)) {
        if (seen & AT || !json.stringSpan(span)) return undefined;
        seen |= AT;
        const parsed = parseIysDateTimeDetailed(json.text(span));
        if (!parsed.ok) return undefined;
        (ats ??= [])[i] = parsed.instant;
      } else return undefined;
    } while (json.take(0x2c));
    if (seen !== (seen | REQUIRED) || !json.take(0x7d)) return undefined;
    if (json.take(0x2c)) continue;
    if (!json.take(0x5d) || !json.take(0x7d) || !json.atEnd()) return undefined;
    const length = i + 1;
    if (ats !== null) ats.length = length;
    return { length, senderIds, iysCodes, brandCodes, recipients, types, categories, ats };
  }
}

function sameBytes(bytes: Buffer, aStart: number, aEnd: number, bStart: number, bEnd: number): boolean {
  if (aEnd - aStart !== bEnd - bStart) return false;
  for (let i = 0; i < aEnd - aStart; i++) if (bytes[aStart + i] !== bytes[bStart + i]) return false;
  return true;
}
