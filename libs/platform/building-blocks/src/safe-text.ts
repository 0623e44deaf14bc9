/**
 * Characters no name, title or address may hold: control characters (C0, DEL, C1 — NUL among
 * them), format characters (bidi embeddings and overrides U+202A–U+202E and isolates U+2066–U+2069,
 * zero-width characters, the BOM), lone surrogates, private-use and unassigned code points. They
 * hide or reorder what an operator reads and break the systems an address is passed on to.
 */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}]/u;
/** The same, but line breaks and tabs allowed (free text such as an address or a reason). */
const UNSAFE_MULTILINE = /[^\P{Cc}\t\n\r]|[\p{Cf}\p{Cs}\p{Co}\p{Cn}]/u;

export interface SafeTextOptions {
  /** Allow tab, line feed and carriage return. */
  multiline?: boolean;
}

/** Whether a string is free of the characters above (and well-formed UTF-16). */
export function isSafeText(text: string, { multiline = false }: SafeTextOptions = {}): boolean {
  return !(multiline ? UNSAFE_MULTILINE : UNSAFE).test(text);
}

/** The one form text is stored and compared in: Unicode NFC (a precomposed "ş", not "s" + cedilla). */
export function toNfc(text: string): string {
  return text.normalize('NFC');
}
