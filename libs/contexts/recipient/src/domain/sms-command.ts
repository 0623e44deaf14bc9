/**
 * What a recipient may text to the registry's short number, read the way people type it: any case,
 * Turkish letters or their ASCII look-alikes (İ/I/ı/i, Ş/S, Ğ/G, Ü/U, Ö/O, Ç/C), extra spaces and
 * punctuation. `RET` rejects every commercial message consent of the sender's number; `RET <BRAND>`
 * those of one brand, matched on its folded name. `SIKAYET <BRAND>` asks for a link to complete a
 * complaint about that brand. Anything else gets the help reply.
 */
export type SmsCommand = { kind: 'reject-all' } | { kind: 'reject-brand'; brandKey: string } | { kind: 'complaint'; brandKey: string | null } | { kind: 'help' };

const TURKISH_TO_ASCII: Record<string, string> = { Ç: 'C', Ğ: 'G', İ: 'I', Ö: 'O', Ş: 'S', Ü: 'U', Â: 'A', Î: 'I', Û: 'U' };

/** Upper case under Turkish rules (i → İ, ı → I), then Turkish letters folded to ASCII; other symbols become spaces. */
export function foldTurkish(text: string): string {
  return text
    .normalize('NFC')
    .toLocaleUpperCase('tr-TR')
    .replace(/[ÇĞİÖŞÜÂÎÛ]/g, (letter) => TURKISH_TO_ASCII[letter])
    .replace(/[^A-Z0-9]+/g, ' ')
    .trim();
}

/** The key a brand name is matched on: folded, without spaces ("Kahve Dünyası" → KAHVEDUNYASI). */
export function brandKey(name: string): string {
  return foldTurkish(name).replace(/ /g, '');
}

export function parseSmsCommand(text: string): SmsCommand {
  const words = foldTurkish(text).split(' ').filter(Boolean);
  if (words[0] === 'SIKAYET') return { kind: 'complaint', brandKey: words.length > 1 ? words.slice(1).join('') : null };
  if (words[0] !== 'RET') return { kind: 'help' };
  if (words.length === 1) return { kind: 'reject-all' };
  return { kind: 'reject-brand', brandKey: words.slice(1).join('') };
}
