import { describe, expect, it } from '@jest/globals';
import { brandKey, parseSmsCommand } from './sms-command.js';

describe('what a recipient texts to the short number', () => {
  it.each(['RET', 'ret', 'Ret', '  ret  ', 'RET.', 'ReT!'])('%j alone rejects every consent of the number', (text) => {
    expect(parseSmsCommand(text)).toEqual({ kind: 'reject-all' });
  });

  it.each(['RET Kahve Dünyası', 'ret kahve dunyasi', 'RET KAHVE DÜNYASI', 'ret  KAHVE-DÜNYASI!', 'Ret kahveDÜNYASI'])(
    '%j names the brand "Kahve Dünyası"',
    (text) => {
      expect(brandKey('Kahve Dünyası')).toBe('KAHVEDUNYASI');
      expect(parseSmsCommand(text)).toEqual({ kind: 'reject-brand', brandKey: brandKey('Kahve Dünyası') });
    },
  );

  it.each(['SIKAYET Kahve Dünyası', 'şikayet kahve dunyasi', 'Şikâyet KAHVE-DÜNYASI'])('%j asks for a complaint link about the brand', (text) => {
    expect(parseSmsCommand(text)).toEqual({ kind: 'complaint', brandKey: 'KAHVEDUNYASI' });
  });

  it('SIKAYET alone asks for a complaint link without a brand', () => {
    expect(parseSmsCommand('şikayet')).toEqual({ kind: 'complaint', brandKey: null });
  });

  it('reads the dotless and dotted Turkish i the way people type them', () => {
    // ı ↔ I and i ↔ İ under Turkish rules; both sides fold to plain ASCII I.
    expect(parseSmsCommand('ret ışık')).toEqual({ kind: 'reject-brand', brandKey: brandKey('IŞIK') });
    expect(parseSmsCommand('RET ISIK')).toEqual({ kind: 'reject-brand', brandKey: brandKey('Işık') });
    expect(parseSmsCommand('ret istanbul')).toEqual({ kind: 'reject-brand', brandKey: brandKey('İstanbul') });
    expect(parseSmsCommand('RET İSTANBUL')).toEqual({ kind: 'reject-brand', brandKey: brandKey('istanbul') });
    expect(brandKey('IŞIK')).toBe('ISIK');
    expect(brandKey('İstanbul')).toBe('ISTANBUL');
    // The folding is Turkish, not the default locale's: a lower-case i never becomes a dotless one.
    expect(brandKey('Şişli Çiçekçilik Ğ Ö Ü')).toBe('SISLICICEKCILIKGOU');
  });

  it('keeps digits and drops every other symbol from brand names', () => {
    expect(brandKey('A101 Yeni Mağazacılık A.Ş.')).toBe('A101YENIMAGAZACILIKAS');
    expect(parseSmsCommand('ret a101 yeni magazacilik a.s.')).toEqual({ kind: 'reject-brand', brandKey: 'A101YENIMAGAZACILIKAS' });
  });

  it.each(['', '   ', 'RETX', 'RETKAHVE', 'merhaba', 'iptal', 'STOP', 'red', 'kahve dünyası ret', '!!!'])('%j gets the help reply', (text) => {
    expect(parseSmsCommand(text)).toEqual({ kind: 'help' });
  });
});
