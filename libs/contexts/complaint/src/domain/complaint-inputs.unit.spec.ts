import { describe, expect, it } from '@jest/globals';
import { isNationalId, isProvinceCode, senderIdOf, sniffAttachmentType } from './complaint-inputs.js';

describe('complaint inputs', () => {
  it('knows a file by its first bytes, not its name', () => {
    expect(sniffAttachmentType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('image/png');
    expect(sniffAttachmentType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffAttachmentType(Buffer.from('%PDF-1.7\n'))).toBe('application/pdf');
    expect(sniffAttachmentType(Buffer.from('GIF89a'))).toBeUndefined();
    expect(sniffAttachmentType(Buffer.from('<html>screenshot.png'))).toBeUndefined();
    expect(sniffAttachmentType(Buffer.alloc(0))).toBeUndefined();
  });

  it('accepts plate codes 1–81 only', () => {
    expect([1, 34, 81].every(isProvinceCode)).toBe(true);
    expect([0, 82, 3.5, '34', null].some(isProvinceCode)).toBe(false);
  });

  it('normalises a sender as providers register it', () => {
    expect(senderIdOf('MESAJ', ' Şölen Çay ')).toBe('SOLEN CAY');
    expect(senderIdOf('MESAJ', 'iyiMarka')).toBe('IYIMARKA');
    expect(senderIdOf('ARAMA', '444 1 444')).toBe('4441444');
    expect(senderIdOf('MESAJ', '0532 123 45 67')).toBe('+905321234567');
    expect(senderIdOf('ARAMA', '(0850) 222 33 44')).toBe('+908502223344');
    expect(senderIdOf('ARAMA', 'ORNEK')).toBeUndefined();
    expect(senderIdOf('EPOSTA', 'Örnek <kampanya@Bulten.Ornek.com.tr>')).toBe('bulten.ornek.com.tr');
    expect(senderIdOf('EPOSTA', 'not an address')).toBeUndefined();
    expect(senderIdOf('MESAJ', 'A VERY LONG HEADER')).toBeUndefined();
  });

  it('checks a national id by its check digits', () => {
    expect(isNationalId('10000000146')).toBe(true);
    expect(isNationalId('10000000147')).toBe(false);
    expect(isNationalId('01234567890')).toBe(false);
  });
});
