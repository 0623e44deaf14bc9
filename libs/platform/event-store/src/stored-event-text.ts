import { canonicalJson } from '@iys/platform/building-blocks';

/**
 * What the verifier needs to rebuild an event's hashed bytes from the text PostgreSQL sends, without
 * the per-value work of `canonicalJson` over a fresh envelope (docs/adr/0065). Each function gives
 * exactly what the append hashed; the property tests in stored-event-text.unit.spec.ts hold them to
 * `canonicalJson` and `Date#toISOString`.
 */

/**
 * `canonicalJson(JSON.parse(text))` for jsonb text as PostgreSQL prints it, rewritten in one pass
 * without building values; any other shape is parsed and canonicalised the plain way.
 */
export function canonicalJsonOfText(text: string): string {
  return new JsonbText(text).canonical() ?? canonicalJson(JSON.parse(text));
}

/**
 * jsonb text as PostgreSQL prints it (`{"k": v, "k2": [1, 2]}`: keys in jsonb's own order, ", " and
 * ": " between items) rewritten straight into `canonicalJson`'s form without building values: keys
 * sorted as `Array#sort` sorts them, no spaces, numbers as JavaScript prints them. Strings are copied
 * as printed: PostgreSQL escapes exactly the characters `JSON.stringify` escapes (`"`, `\`, control
 * characters; `\b \f \n \r \t` by name, the rest as lower-case `\u00xx`). Undefined where the text
 * is not of that shape (the caller then parses it).
 */
export class JsonbText {
  private at = 0;
  constructor(private readonly text: string) {}

  canonical(): string | undefined {
    const out = this.value();
    return out !== undefined && this.at === this.text.length ? out : undefined;
  }

  private value(): string | undefined {
    const c = this.text.charCodeAt(this.at);
    if (c === 0x7b /* { */) return this.object();
    if (c === 0x5b /* [ */) return this.array();
    if (c === 0x22 /* " */) return this.string();
    if (c === 0x74 /* t */) return this.literal('true');
    if (c === 0x66 /* f */) return this.literal('false');
    if (c === 0x6e /* n */) return this.literal('null');
    return this.number();
  }

  private object(): string | undefined {
    const text = this.text;
    this.at += 1;
    if (text.charCodeAt(this.at) === 0x7d /* } */) {
      this.at += 1;
      return '{}';
    }
    const keys: string[] = [];
    const members: string[] = [];
    let sorted = true;
    for (;;) {
      if (text.charCodeAt(this.at) !== 0x22) return undefined;
      const keyText = this.string();
      if (keyText === undefined || text.charCodeAt(this.at) !== 0x3a /* : */ || text.charCodeAt(this.at + 1) !== 0x20) return undefined;
      this.at += 2;
      const value = this.value();
      if (value === undefined) return undefined;
      const key = keyText.includes('\\') ? (JSON.parse(keyText) as string) : keyText.slice(1, -1);
      if (sorted && keys.length > 0 && keys[keys.length - 1] > key) sorted = false;
      keys.push(key);
      members.push(`${keyText}:${value}`);
      const next = text.charCodeAt(this.at);
      if (next === 0x7d) {
        this.at += 1;
        break;
      }
      if (next !== 0x2c /* , */ || text.charCodeAt(this.at + 1) !== 0x20) return undefined;
      this.at += 2;
    }
    if (!sorted) {
      const order = keys.map((_, i) => i).sort((a, b) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : 0));
      return `{${order.map((i) => members[i]).join(',')}}`;
    }
    return `{${members.join(',')}}`;
  }

  private array(): string | undefined {
    const text = this.text;
    this.at += 1;
    if (text.charCodeAt(this.at) === 0x5d /* ] */) {
      this.at += 1;
      return '[]';
    }
    let out = '[';
    for (;;) {
      const value = this.value();
      if (value === undefined) return undefined;
      out += value;
      const next = text.charCodeAt(this.at);
      if (next === 0x5d) {
        this.at += 1;
        return out + ']';
      }
      if (next !== 0x2c || text.charCodeAt(this.at + 1) !== 0x20) return undefined;
      out += ',';
      this.at += 2;
    }
  }

  /** A string as printed, quotes included; the position moves past it. */
  private string(): string | undefined {
    const text = this.text;
    const start = this.at;
    let end = start;
    for (;;) {
      end = text.indexOf('"', end + 1);
      if (end < 0) return undefined;
      let backslashes = 0;
      while (text.charCodeAt(end - 1 - backslashes) === 0x5c) backslashes += 1;
      if (backslashes % 2 === 0) break;
    }
    this.at = end + 1;
    return text.slice(start, end + 1);
  }

  private literal(word: string): string | undefined {
    if (!this.text.startsWith(word, this.at)) return undefined;
    this.at += word.length;
    return word;
  }

  private number(): string | undefined {
    const text = this.text;
    const start = this.at;
    let end = start;
    let plainInteger = true;
    for (;;) {
      const c = text.charCodeAt(end);
      if (c >= 0x30 && c <= 0x39) end += 1;
      else if (c === 0x2d /* - */ || c === 0x2e /* . */ || c === 0x2b /* + */ || c === 0x65 /* e */ || c === 0x45 /* E */) {
        if (c !== 0x2d || end !== start) plainInteger = false;
        end += 1;
      } else break;
    }
    if (end === start) return undefined;
    this.at = end;
    const printed = text.slice(start, end);
    // Up to 15 digits without a leading zero or a minus zero: JavaScript prints the same.
    if (plainInteger && end - start <= 15 && printed !== '-0' && (printed.charCodeAt(printed[0] === '-' ? 1 : 0) !== 0x30 || printed.length === 1)) return printed;
    const value = Number(printed);
    return Number.isFinite(value) ? JSON.stringify(value) : undefined;
  }
}

/** `YYYY-MM-DD HH:MI:SS[.ffffff]+00`: a timestamptz as PostgreSQL prints it with DateStyle ISO and TimeZone UTC. */
export const PG_UTC_TIMESTAMP = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?\+00$/;

/**
 * The ISO string (`Date#toISOString`, milliseconds, truncated as `to_char(…, 'MS')` truncates) of a
 * timestamptz printed with DateStyle ISO in UTC. Undefined for a year outside 0000–9999 (or BC),
 * which `toISOString` prints otherwise: no event the append hashed reads like that.
 */
export function isoFromUtcTimestampText(text: string): string | undefined {
  const match = PG_UTC_TIMESTAMP.exec(text);
  if (!match) return undefined;
  const fraction = match[3] === undefined ? '000' : (match[3] + '00').slice(0, 3);
  return `${match[1]}T${match[2]}.${fraction}Z`;
}
