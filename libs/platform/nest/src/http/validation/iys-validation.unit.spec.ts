import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { IsDefined, IsIn, IsString, MaxLength } from 'class-validator';
import { IysHttpException, type IysErrorItem } from '../iys-error.js';
import { IysCode, declaredFields } from './iys-code.decorator.js';
import { iysErrorItem, iysErrorsStatus, iysValidationException, registerIysCodes } from './iys-codes.js';
import { validateIysArray, validateIysBody, type IysValidationResult } from './iys-validator.js';
import { IysValidationPipe } from './iys-validation.pipe.js';
import { IntegerParamPipe, parseIntegerParam, parsePaging } from './integer-param.js';
import { ConsentProbeDto, RetailerProbeDto, SearchProbeQuery } from './validation.fixtures.js';

const VALID = {
  recipientType: 'BIREYSEL',
  recipient: '+905321234567',
  type: 'MESAJ',
  status: 'ONAY',
  source: 'HS_WEB',
  consentDate: '2024-03-01 10:00:00',
  retailerAccess: [44445555],
};
const C1_FIELDS = 'recipientType, retailerAccess, recipient, retailerCode, source, type, consentDate, status';

function errorsOf<T>(result: IysValidationResult<T>): IysErrorItem[] {
  if (result.ok) throw new Error('expected validation to fail');
  return result.errors;
}

function thrown(fn: () => unknown): IysHttpException {
  try {
    fn();
  } catch (error) {
    if (error instanceof IysHttpException) return error;
    throw error;
  }
  throw new Error('expected an IysHttpException');
}

describe('validateIysBody on a C1-shaped DTO', () => {
  it('lists the accepted fields in declaration order', () => {
    expect(declaredFields(ConsentProbeDto).join(', ')).toBe(C1_FIELDS);
  });

  it('returns a class instance for a valid body', async () => {
    const result = await validateIysBody(ConsentProbeDto, VALID);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toBeInstanceOf(ConsentProbeDto);
    expect(result.value).toEqual(VALID);
  });

  it('reports every missing required field at once, in property order, without values', async () => {
    const result = await validateIysBody(ConsentProbeDto, {});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.status).toBe(422);
    expect(result.errors).toEqual([
      { code: 'H170', message: 'Alıcı tipi (recipientType) bulunamadı.', location: ['recipientType'] },
      { code: 'H114', message: 'Alıcı (recipient) bulunamadı.', location: ['recipient'] },
      { code: 'H111', message: 'İzin tipi (type) bulunamadı.', location: ['type'] },
      { code: 'H110', message: 'Durum (status) bulunamadı.', location: ['status'] },
    ]);
  });

  it('treats null like a missing value', async () => {
    const errors = errorsOf(await validateIysBody(ConsentProbeDto, { ...VALID, status: null }));
    expect(errors).toEqual([{ code: 'H110', message: 'Durum (status) bulunamadı.', location: ['status'] }]);
  });

  it('maps each bad value to its code, echoing only fields marked safe', async () => {
    const errors = errorsOf(
      await validateIysBody(ConsentProbeDto, {
        recipientType: 'KURUM',
        recipient: 'ali@',
        source: 'HS_FAKS',
        type: 'FAKS',
        consentDate: '01.03.2024 10:00',
        status: 'RED',
      }),
    );
    expect(errors.map((e) => [e.code, e.location, e.value])).toEqual([
      ['H116', ['recipientType'], 'KURUM'],
      ['H122', ['recipient'], undefined],
      ['H119', ['source'], 'HS_FAKS'],
      ['H117', ['type'], 'FAKS'],
      ['H158', ['consentDate'], undefined],
      ['H115', ['status'], 'RED'],
    ]);
    // One code per property even when several constraints (isString + matches) fail into it.
    expect(errors.filter((e) => e.code === 'H122')).toHaveLength(1);
    expect(errors.find((e) => e.code === 'H158')).not.toHaveProperty('value');
  });

  it('refuses each unknown field with H118 in the İYS wording, after the known problems, never echoing it', async () => {
    const errors = errorsOf(
      await validateIysBody(ConsentProbeDto, { ...VALID, status: 'RED', unacceptable: 'x', email: 'ali@example.com' }),
    );
    expect(errors).toEqual([
      { code: 'H115', message: 'Durum (status) için uygun değerler: ONAY, RET', location: ['status'], value: 'RED' },
      {
        code: 'H118',
        message: `unacceptable kabul edilemedi. İstek gövdesinde bulunabilecek değerler: ${C1_FIELDS} olmalıdır.`,
        location: ['unacceptable'],
      },
      {
        code: 'H118',
        message: `email kabul edilemedi. İstek gövdesinde bulunabilecek değerler: ${C1_FIELDS} olmalıdır.`,
        location: ['email'],
      },
    ]);
    expect(JSON.stringify(errors)).not.toContain('ali@example.com');
  });

  it.each([
    ['an array', [VALID]],
    ['a string', 'ONAY'],
    ['null', null],
    ['a number', 42],
    ['nothing', undefined],
  ])('answers %s with the DTO-wide invalid-body code only', async (_label, body) => {
    const result = await validateIysBody(ConsentProbeDto, body);
    expect(result).toEqual({ ok: false, status: 400, errors: [{ code: 'H085', message: 'İzin ekleme isteği geçerli olmalıdır.' }] });
  });

  it('defaults the invalid-body code to H603 and lets the caller override it', async () => {
    expect(errorsOf(await validateIysBody(RetailerProbeDto, 'x'))).toEqual([{ code: 'H603', message: 'İstek geçerli olmalıdır.' }]);
    expect(errorsOf(await validateIysBody(ConsentProbeDto, [], { invalidBody: 'H603' }))[0]!.code).toBe('H603');
  });

  it('locates each bad item of an each-validated array and falls back to H603 where nothing is mapped', async () => {
    const result = await validateIysBody(ConsentProbeDto, { ...VALID, retailerAccess: [1, 'x', 3, 4.5], retailerCode: 'abc' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      { code: 'H603', message: 'İstek geçerli olmalıdır.', location: ['retailerAccess', 1] },
      { code: 'H603', message: 'İstek geçerli olmalıdır.', location: ['retailerAccess', 3] },
      { code: 'H603', message: 'İstek geçerli olmalıdır.', location: ['retailerCode'] },
    ]);
    expect(result.status).toBe(400);
  });

  it('answers 422 when most problems are 422 even if one is a 400 fallback', async () => {
    const result = await validateIysBody(ConsentProbeDto, { ...VALID, retailerCode: 'abc', type: 'FAKS', status: 'RED' });
    expect(result.ok || result.status).toBe(422);
    expect(errorsOf(result).map((e) => e.code)).toEqual(['H603', 'H117', 'H115']);
  });

  it('can strip unknown fields instead of refusing them', async () => {
    const result = await validateIysBody(ConsentProbeDto, { ...VALID, extra: 1 }, { unknownFields: 'strip' });
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value).not.toHaveProperty('extra');
  });
});

describe('nested objects and arrays', () => {
  const RETAILER = { title: 'Mağaza', city: { name: 'İstanbul', code: '34' }, branches: [{ alias: 'Şişli' }] };

  it('passes a valid nested body through as nested instances', async () => {
    const result = await validateIysBody(RetailerProbeDto, RETAILER);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value.city.constructor.name).toBe('CityProbeDto');
  });

  it('locates problems inside nested objects and arrays of objects', async () => {
    const errors = errorsOf(
      await validateIysBody(RetailerProbeDto, {
        title: 'Mağaza',
        city: { name: 'İstanbul', code: 'X1', plate: 34 },
        branches: [{ alias: 'Şişli' }, { alias: 5 }, 'Kadıköy'],
      }),
    );
    expect(errors).toEqual([
      { code: 'H603', message: 'İstek geçerli olmalıdır.', location: ['city', 'code'] },
      {
        code: 'H118',
        message: 'plate kabul edilemedi. İstek gövdesinde bulunabilecek değerler: name, code olmalıdır.',
        location: ['city', 'plate'],
      },
      { code: 'H603', message: 'İstek geçerli olmalıdır.', location: ['branches', 1, 'alias'] },
      { code: 'H603', message: 'İstek geçerli olmalıdır.', location: ['branches', 2] },
    ]);
  });

  it('reports a nested object given as an array or string at the property itself', async () => {
    const asArray = errorsOf(await validateIysBody(RetailerProbeDto, { ...RETAILER, city: [{ name: 'İstanbul', code: '34' }] }));
    expect(asArray.map((e) => e.location)).toEqual([['city']]);
    const asString = errorsOf(await validateIysBody(RetailerProbeDto, { ...RETAILER, city: 'İstanbul' }));
    expect(asString.map((e) => e.location)).toEqual([['city']]);
    const missing = errorsOf(await validateIysBody(RetailerProbeDto, { title: 'Mağaza' }));
    expect(missing).toEqual([{ code: 'H603', message: 'İstek geçerli olmalıdır.', location: ['city'] }]);
  });
});

describe('validateIysArray (C3-shaped batch body)', () => {
  it('returns an array of instances when every item is valid', async () => {
    const result = await validateIysArray(ConsentProbeDto, [VALID, { ...VALID, type: 'ARAMA' }]);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.value).toHaveLength(2);
      expect(result.value.every((item) => item instanceof ConsentProbeDto)).toBe(true);
    }
  });

  it('prefixes every item problem with its 0-based index', async () => {
    const errors = errorsOf(
      await validateIysArray(ConsentProbeDto, [VALID, { ...VALID, recipient: undefined, type: 'FAKS' }, 'x', { ...VALID, foo: 1 }]),
    );
    expect(errors.map((e) => [e.code, e.location])).toEqual([
      ['H114', [1, 'recipient']],
      ['H117', [1, 'type']],
      ['H085', [2]],
      ['H118', [3, 'foo']],
    ]);
  });

  it('refuses a non-array and an oversized array with one error', async () => {
    expect(errorsOf(await validateIysArray(ConsentProbeDto, VALID))).toEqual([{ code: 'H085', message: 'İzin ekleme isteği geçerli olmalıdır.' }]);
    const tooMany = await validateIysArray(ConsentProbeDto, [VALID, VALID, VALID], { maxItems: { count: 2, code: 'H125' } });
    expect(tooMany).toEqual({
      ok: false,
      status: 422,
      errors: [{ code: 'H125', message: 'Tek seferde eklenecek izin sayısı en fazla 1000 olmalıdır.' }],
    });
  });
});

describe('code table', () => {
  it('fills placeholders and omits location/value unless given', () => {
    expect(iysErrorItem('H118', { params: { field: 'a', fields: 'b, c' } })).toEqual({
      code: 'H118',
      message: 'a kabul edilemedi. İstek gövdesinde bulunabilecek değerler: b, c olmalıdır.',
    });
  });

  it('accepts a repeated identical registration and refuses a conflicting one', () => {
    expect(() => registerIysCodes({ H110: { status: 422, message: 'Durum (status) bulunamadı.' } })).not.toThrow();
    expect(() => registerIysCodes({ H110: { status: 400, message: 'Durum (status) bulunamadı.' } })).toThrow(/different/);
    expect(() => registerIysCodes({ X1: { status: 422, message: 'x' } })).toThrow(/H123/);
    expect(() => registerIysCodes({ H698: { status: 200, message: 'x' } })).toThrow(/status/);
  });

  it('picks the most common status, ties going to the first', () => {
    const items = (codes: string[]) => codes.map((code) => ({ code, message: '' }));
    expect(iysErrorsStatus(items(['H603', 'H114', 'H111']))).toBe(422);
    expect(iysErrorsStatus(items(['H603', 'H114']))).toBe(400);
    expect(iysErrorsStatus(items(['H114', 'H603']))).toBe(422);
    expect(iysValidationException(items(['H190'])).status).toBe(422);
  });

  it('refuses malformed codes in @IysCode and unregistered ones at first use', async () => {
    expect(() => IysCode({ missing: 'E114' })).toThrow(/İYS code/);
    class Unregistered {
      @IsDefined() @IysCode({ missing: 'H697' })
      name: string;
    }
    await expect(validateIysBody(Unregistered, { name: 'x' })).rejects.toThrow(/H697 is not registered/);
  });

  it('orders several codes of one property by the mapping key order', async () => {
    registerIysCodes({
      H695: { status: 422, message: 'uzun' },
      H696: { status: 422, message: 'değer' },
    });
    class Ordered {
      @IsString() @MaxLength(3) @IsIn(['abcd'])
      @IysCode({ maxLength: 'H695', isIn: 'H696' })
      name: string;
    }
    const errors = errorsOf(await validateIysBody(Ordered, { name: 'abcdef' }));
    expect(errors.map((e) => e.code)).toEqual(['H695', 'H696']);
  });
});

describe('IysValidationPipe as a global pipe', () => {
  const pipe = new IysValidationPipe();

  it('validates query objects typed with a DTO, converting integers and stripping unknown keys', async () => {
    const value = await pipe.transform({ offset: '10', limit: '50', utm: 'x' }, { type: 'query', metatype: SearchProbeQuery });
    expect(value).toBeInstanceOf(SearchProbeQuery);
    expect(value).toEqual({ offset: 10, limit: 50 });
  });

  it('reports every bad query value together', async () => {
    const error = await pipe.transform({ offset: '-1', limit: '500' }, { type: 'query', metatype: SearchProbeQuery }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IysHttpException);
    expect((error as IysHttpException).errors.map((e) => [e.code, e.location, e.value])).toEqual([
      ['H182', ['offset'], -1],
      ['H186', ['limit'], 500],
    ]);
  });

  it('leaves parameters without a DTO type untouched', async () => {
    const raw = { anything: 1 };
    await expect(pipe.transform(raw, { type: 'body', metatype: Object })).resolves.toBe(raw);
    await expect(pipe.transform('42', { type: 'param', metatype: Number, data: 'iysCode' })).resolves.toBe('42');
    await expect(pipe.transform(raw, { type: 'custom', metatype: ConsentProbeDto })).resolves.toBe(raw);
  });

  it('refuses unknown body fields in global mode', async () => {
    const error = await pipe.transform({ ...VALID, foo: 1 }, { type: 'body', metatype: ConsentProbeDto }).catch((e: unknown) => e);
    expect((error as IysHttpException).errors.map((e) => e.code)).toEqual(['H118']);
  });
});

describe('integer path and paging values', () => {
  it('parses integers and refuses anything else with the given code', () => {
    expect(parseIntegerParam('123456', 'H190')).toBe(123456);
    expect(parseIntegerParam(7, 'H191')).toBe(7);
    for (const bad of ['12a', '1.5', '', ' 1', '9007199254740993', undefined, null, 1.5]) {
      const error = thrown(() => parseIntegerParam(bad, 'H190', { location: ['iysCode'] }));
      expect(error.status).toBe(422);
      expect(error.errors).toEqual([{ code: 'H190', message: 'iysCode integer bir değer olmalıdır.', location: ['iysCode'] }]);
    }
    expect(thrown(() => parseIntegerParam('0', 'H191', { min: 1 })).errors[0]!.code).toBe('H191');
  });

  it('IntegerParamPipe locates the error at the parameter name and refuses unknown codes up front', () => {
    const pipe = new IntegerParamPipe('H191');
    expect(pipe.transform('77', { type: 'param', data: 'brandCode' })).toBe(77);
    expect(thrown(() => pipe.transform('x', { type: 'param', data: 'brandCode' })).errors[0]).toEqual({
      code: 'H191',
      message: 'brandCode integer bir değer olmalıdır.',
      location: ['brandCode'],
    });
    expect(() => new IntegerParamPipe('H694')).toThrow(/not registered/);
  });

  it('parsePaging applies defaults and reports every paging problem at once', () => {
    expect(parsePaging({})).toEqual({ offset: 0, limit: 100 });
    expect(parsePaging({ offset: '20', limit: '5' })).toEqual({ offset: 20, limit: 5 });
    expect(parsePaging({ limit: '1000' }, { maxLimit: 1000 })).toEqual({ offset: 0, limit: 1000 });
    const codes = (query: { offset?: unknown; limit?: unknown }) => thrown(() => parsePaging(query)).errors.map((e) => [e.code, e.location]);
    expect(codes({ offset: 'a', limit: 'b' })).toEqual([
      ['H182', ['offset']],
      ['H183', ['limit']],
    ]);
    expect(codes({ offset: '-1', limit: '0' })).toEqual([
      ['H182', ['offset']],
      ['H187', ['limit']],
    ]);
    expect(codes({ limit: '101' })).toEqual([['H186', ['limit']]]);
  });
});
