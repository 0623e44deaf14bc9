import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { IsArray, IsOptional, IsString } from 'class-validator';
import { INT32_MAX, IsInt32 } from './int32.js';
import { IntegerParamPipe } from './integer-param.js';
import { ipAllowed, IsIpOrCidr, parseIpRange } from './ip-range.js';
import { IysCode } from './iys-code.decorator.js';
import { validateIysBody } from './iys-validator.js';
import { SafeText } from './safe-text.decorator.js';

class CodesProbe {
  @IysCode({ invalid: 'H191', echoValue: true }) @IsOptional() @IsInt32({ min: 1 })
  brandCode?: number;

  @IysCode({ invalid: 'H603' }) @IsOptional() @IsArray() @IsInt32({ min: 1 }, { each: true })
  retailerAccess?: number[];
}

class TextProbe {
  @IysCode({ invalid: 'H603', safeText: 'H190' }) @IsOptional() @IsString() @SafeText()
  title?: string;

  @IysCode({ invalid: 'H603', safeText: 'H190' }) @IsOptional() @IsString() @SafeText({ multiline: true })
  address?: string;

  @IysCode({ invalid: 'H603', isIpOrCidr: 'H191' }) @IsOptional() @IsArray() @IsIpOrCidr({ each: true })
  allowedIps?: string[];
}

const codes = async (cls: new () => object, body: Record<string, unknown>) => {
  const result = await validateIysBody(cls, body);
  return result.ok ? [] : result.errors.map((e) => [e.code, ...(e.location ?? [])].join(':'));
};

describe('IsInt32: every registry number within PostgreSQL integer range', () => {
  it.each([2147483648, 1e308, 99999999999, -1, 0, 1.5, Number.MAX_SAFE_INTEGER + 2, '7'])('refuses %p with the field code', async (value) => {
    expect(await codes(CodesProbe, { brandCode: value })).toEqual(['H191:brandCode']);
  });

  it('takes 1 and 2147483647', async () => {
    expect(await codes(CodesProbe, { brandCode: 1 })).toEqual([]);
    expect(await codes(CodesProbe, { brandCode: INT32_MAX })).toEqual([]);
  });

  it('locates each bad item of a list', async () => {
    expect(await codes(CodesProbe, { retailerAccess: [5, 2147483648, 7, -3] })).toEqual(['H603:retailerAccess:1', 'H603:retailerAccess:3']);
  });

  it('bounds path codes too: IntegerParamPipe refuses above 2147483647 and below 0 by default', () => {
    const pipe = new IntegerParamPipe('H190');
    const metadata = { type: 'param' as const, data: 'iysCode' };
    expect(pipe.transform('2147483647', metadata)).toBe(INT32_MAX);
    for (const bad of ['2147483648', '99999999999999', '-1']) {
      expect(() => pipe.transform(bad, metadata)).toThrow(expect.objectContaining({ errors: [expect.objectContaining({ code: 'H190', location: ['iysCode'] })] }));
    }
  });
});

describe('SafeText: names and titles in NFC, without control or format characters', () => {
  it.each([
    ['NUL', 'Örnek\u0000 A.Ş.'],
    ['a right-to-left override', 'Örnek \u202EŞ.A'],
    ['a first-strong isolate', 'Örnek \u2068A.Ş.'],
    ['a zero-width joiner', 'Ör\u200Dnek'],
    ['a lone surrogate', 'Örnek \uD83D'],
    ['a line break in a title', 'Örnek\nA.Ş.'],
  ])('refuses %s', async (_case, title) => {
    expect(await codes(TextProbe, { title })).toEqual(['H190:title']);
  });

  it('takes line breaks only where the field is multi-line, and brings text to NFC', async () => {
    expect(await codes(TextProbe, { address: 'Büyükdere Cad.\nŞişli' })).toEqual([]);
    expect(await codes(TextProbe, { address: 'Büyükdere\u202E Cad.' })).toEqual(['H190:address']);
    const result = await validateIysBody(TextProbe, { title: 'S\u0327is\u0327li' });
    expect(result.ok && (result.value as TextProbe).title).toBe('Şişli');
  });
});

describe('IP allow-lists parsed by node:net', () => {
  it('takes addresses and CIDR blocks, refuses anything else', async () => {
    expect(await codes(TextProbe, { allowedIps: ['10.0.0.7', '10.1.0.0/16', '2001:db8::/32', '::1'] })).toEqual([]);
    expect(await codes(TextProbe, { allowedIps: ["'; DROP", '999.1.1.1', '10.0.0.0/33', '10.0.0.1/8/8', 7] })).toEqual([
      'H191:allowedIps:0',
      'H191:allowedIps:1',
      'H191:allowedIps:2',
      'H191:allowedIps:3',
      'H191:allowedIps:4',
    ]);
    expect(parseIpRange('192.168.1.0/24')).toEqual({ address: '192.168.1.0', family: 'ipv4', prefix: 24 });
  });

  it('matches a client inside a block, including an IPv4 client on a dual-stack socket', () => {
    expect(ipAllowed(['10.1.0.0/16'], '10.1.200.3')).toBe(true);
    expect(ipAllowed(['10.1.0.0/16'], '::ffff:10.1.200.3')).toBe(true);
    expect(ipAllowed(['10.1.0.0/16'], '10.2.0.1')).toBe(false);
    expect(ipAllowed(['127.0.0.1'], '127.0.0.1')).toBe(true);
    expect(ipAllowed(["'; DROP"], '127.0.0.1')).toBe(false);
  });
});
