/**
 * A cursor over a JSON body's bytes for a route's own scanner (http-edge.ts, scanJsonBodiesOf): reads
 * the few token kinds a known bulk shape is made of, and reports anything else as a miss so that the
 * scanner can decline the body to the generic parser. Conservative by design: strings are taken only
 * when printable ASCII without escapes (no decoding question arises: the bytes are the characters),
 * numbers only as plain positive integers; whitespace is JSON's four characters.
 */
export class JsonScanner {
  /** Position of the next byte. */
  at = 0;

  constructor(readonly bytes: Buffer) {}

  /** Skips whitespace; the next byte (or -1 at the end). */
  peek(): number {
    const bytes = this.bytes;
    let at = this.at;
    while (at < bytes.length) {
      const byte = bytes[at]!;
      if (byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09) break;
      at++;
    }
    this.at = at;
    return at < bytes.length ? bytes[at]! : -1;
  }

  /** Consumes `byte` after whitespace; false (nothing consumed) when another comes. */
  take(byte: number): boolean {
    if (this.peek() !== byte) return false;
    this.at++;
    return true;
  }

  /**
   * A string of printable ASCII without escapes: its first byte and end (exclusive) in `span`, the
   * cursor after its closing quote. False when the next token is not such a string.
   */
  stringSpan(span: { start: number; end: number }): boolean {
    if (!this.take(0x22)) return false;
    const bytes = this.bytes;
    const start = this.at;
    for (let at = start; at < bytes.length; at++) {
      const byte = bytes[at]!;
      if (byte === 0x22) {
        span.start = start;
        span.end = at;
        this.at = at + 1;
        return true;
      }
      if (byte < 0x20 || byte > 0x7e || byte === 0x5c) return false;
    }
    return false;
  }

  /** The text of a span read by `stringSpan`. */
  text(span: { start: number; end: number }): string {
    return this.bytes.toString('latin1', span.start, span.end);
  }

  /** Whether a span's bytes are exactly `ascii`. */
  spanIs(span: { start: number; end: number }, ascii: Buffer): boolean {
    const length = span.end - span.start;
    if (length !== ascii.length) return false;
    const bytes = this.bytes;
    for (let i = 0; i < length; i++) if (bytes[span.start + i] !== ascii[i]) return false;
    return true;
  }

  /** A plain integer from 1 to `max` (digits only, no leading zero, no fraction or exponent); undefined otherwise. */
  positiveInteger(max: number): number | undefined {
    const bytes = this.bytes;
    let at = this.at;
    if (this.peek() < 0x31 || this.peek() > 0x39) return undefined;
    at = this.at;
    let value = 0;
    while (at < bytes.length && bytes[at]! >= 0x30 && bytes[at]! <= 0x39) {
      value = value * 10 + (bytes[at]! - 0x30);
      if (value > max) return undefined;
      at++;
    }
    const next = at < bytes.length ? bytes[at]! : -1;
    if (next === 0x2e || next === 0x65 || next === 0x45) return undefined;
    this.at = at;
    return value;
  }

  /** Only whitespace is left. */
  atEnd(): boolean {
    return this.peek() === -1;
  }
}

/** The bytes of an ASCII key or enum value, for `JsonScanner.spanIs`. */
export const asciiBytes = (text: string): Buffer => Buffer.from(text, 'latin1');
