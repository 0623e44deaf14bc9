import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Body, Controller, Get, Module, Param, Post, Query } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { IysExceptionFilter } from '../iys-exception.filter.js';
import { IntegerParamPipe, parsePaging } from './integer-param.js';
import { IysValidationPipe } from './iys-validation.pipe.js';
import { ConsentProbeDto, RetailerProbeDto, SearchProbeQuery } from './validation.fixtures.js';

const PHONE = '+905321234567';
const EMAIL = 'ayse.yilmaz@example.com';
const VALID = { recipientType: 'BIREYSEL', recipient: PHONE, type: 'MESAJ', status: 'ONAY', source: 'HS_WEB', consentDate: '2024-03-01 10:00:00' };
const C1_FIELDS = 'recipientType, retailerAccess, recipient, retailerCode, source, type, consentDate, status';

@Controller('sps/:iysCode/brands/:brandCode')
class ProbeController {
  // Explicit pipes; the parameter type is `unknown` so the global pipe leaves these alone.
  @Post('consents')
  add(
    @Param('iysCode', new IntegerParamPipe('H190')) iysCode: number,
    @Param('brandCode', new IntegerParamPipe('H191')) brandCode: number,
    @Body(new IysValidationPipe(ConsentProbeDto)) body: unknown,
  ) {
    return { iysCode, brandCode, isInstance: body instanceof ConsentProbeDto, body };
  }

  @Post('consents/request')
  batch(@Body(IysValidationPipe.arrayOf(ConsentProbeDto, { maxItems: { count: 1000, code: 'H125' } })) body: unknown[]) {
    return { count: body.length, allInstances: body.every((item) => item instanceof ConsentProbeDto) };
  }

  // Global pipe: picked up from the declared DTO types.
  @Post('retailers')
  addRetailer(@Body() body: RetailerProbeDto) {
    return { isInstance: body instanceof RetailerProbeDto, city: body.city.constructor.name };
  }

  @Get('retailers')
  listRetailers(@Query() query: Record<string, string>) {
    return parsePaging(query);
  }

  @Get('search')
  search(@Query() query: SearchProbeQuery) {
    return { isInstance: query instanceof SearchProbeQuery, query };
  }
}

@Module({ controllers: [ProbeController] })
class ProbeModule {}

describe('IysValidationPipe over HTTP', () => {
  let app: NestFastifyApplication;
  const server = () => app.getHttpServer();

  beforeAll(async () => {
    app = await NestFactory.create<NestFastifyApplication>(ProbeModule, new FastifyAdapter(), { logger: false });
    app.useGlobalFilters(new IysExceptionFilter());
    app.useGlobalPipes(new IysValidationPipe());
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(() => app.close());

  it('passes a valid C1 body through as a class instance with integer path values', async () => {
    const response = await request(server()).post('/sps/700100/brands/700101/consents').send(VALID).expect(201);
    expect(response.body).toEqual({ iysCode: 700100, brandCode: 700101, isInstance: true, body: VALID });
  });

  it('reports every problem of the body in one 422, in property order', async () => {
    const response = await request(server())
      .post('/sps/700100/brands/700101/consents')
      .send({ recipientType: 'KURUM', source: 'HS_FAKS', type: 'FAKS', consentDate: '2024-03-01T10:00:00Z' })
      .expect(422);
    expect(response.headers['content-type']).toMatch(/application\/json/);
    expect(response.body).toEqual({
      errors: [
        { code: 'H116', message: 'Alıcı tipi (recipientType) için uygun değerler: BIREYSEL, TACIR', location: ['recipientType'], value: 'KURUM' },
        { code: 'H114', message: 'Alıcı (recipient) bulunamadı.', location: ['recipient'] },
        { code: 'H119', message: expect.stringMatching(/^İzin kaynağı \(source\) için uygun değerler: HS_FIZIKSEL_ORTAM, /), location: ['source'], value: 'HS_FAKS' },
        { code: 'H117', message: 'İzin tipi (type) için uygun değerler: ARAMA, MESAJ, EPOSTA', location: ['type'], value: 'FAKS' },
        { code: 'H158', message: 'İzin tarihi yyyy-mm-dd hh:mm:ss formatında olmalıdır.', location: ['consentDate'] },
        { code: 'H110', message: 'Durum (status) bulunamadı.', location: ['status'] },
      ],
    });
  });

  it('answers an unknown field with H118 in the exact İYS wording', async () => {
    const response = await request(server())
      .post('/sps/700100/brands/700101/consents')
      .send({ ...VALID, unacceptableField: 'x' })
      .expect(422);
    expect(response.body).toEqual({
      errors: [
        {
          code: 'H118',
          message: `unacceptableField kabul edilemedi. İstek gövdesinde bulunabilecek değerler: ${C1_FIELDS} olmalıdır.`,
          location: ['unacceptableField'],
        },
      ],
    });
  });

  it('never puts a phone number or e-mail address into the error JSON', async () => {
    const response = await request(server())
      .post('/sps/700100/brands/700101/consents')
      .send({ ...VALID, recipient: '0532 123 45 67', recipientType: 'X', alternateRecipient: EMAIL, extra: { phone: PHONE } })
      .expect(422);
    expect(response.body.errors.map((e: { code: string }) => e.code)).toEqual(['H116', 'H122', 'H118', 'H118']);
    expect(response.text).not.toContain('532');
    expect(response.text).not.toContain('45 67');
    expect(response.text).not.toContain('1234567');
    expect(response.text).not.toContain('@');
    expect(response.text).not.toContain('ayse');
  });

  it('refuses a body that is an array, a string or null with one H085', async () => {
    for (const body of ['[]', '"ONAY"', 'null']) {
      const response = await request(server())
        .post('/sps/700100/brands/700101/consents')
        .set('content-type', 'application/json')
        .send(body)
        .expect(400);
      expect(response.body).toEqual({ errors: [{ code: 'H085', message: 'İzin ekleme isteği geçerli olmalıdır.' }] });
    }
  });

  it('still answers invalid JSON with H014 before the pipe runs', async () => {
    const response = await request(server())
      .post('/sps/700100/brands/700101/consents')
      .set('content-type', 'application/json')
      .send('{"recipient":')
      .expect(400);
    expect(response.body.errors).toEqual([{ code: 'H014', message: 'Gönderilen istek JSON formatına uygun olmalıdır.' }]);
  });

  it('refuses a non-integer iysCode with H190 and brandCode with H191, at the parameter', async () => {
    const response = await request(server()).post('/sps/70a100/brands/700101/consents').send(VALID).expect(422);
    expect(response.body).toEqual({ errors: [{ code: 'H190', message: 'iysCode integer bir değer olmalıdır.', location: ['iysCode'] }] });
    const brand = await request(server()).post('/sps/700100/brands/1.5/consents').send(VALID).expect(422);
    expect(brand.body.errors).toEqual([{ code: 'H191', message: 'brandCode integer bir değer olmalıdır.', location: ['brandCode'] }]);
  });

  it('validates a batch body item by item with index-first locations', async () => {
    const ok = await request(server()).post('/sps/700100/brands/700101/consents/request').send([VALID, { ...VALID, type: 'ARAMA' }]).expect(201);
    expect(ok.body).toEqual({ count: 2, allInstances: true });

    const response = await request(server())
      .post('/sps/700100/brands/700101/consents/request')
      .send([VALID, { ...VALID, status: 'RED' }, { ...VALID, recipient: undefined, retailerAccess: [1, 'x'] }])
      .expect(422);
    expect(response.body.errors.map((e: { code: string; location: unknown[] }) => [e.code, e.location])).toEqual([
      ['H115', [1, 'status']],
      ['H603', [2, 'retailerAccess', 1]],
      ['H114', [2, 'recipient']],
    ]);
  });

  it('refuses a batch that is not an array', async () => {
    const response = await request(server()).post('/sps/700100/brands/700101/consents/request').send(VALID).expect(400);
    expect(response.body.errors).toEqual([{ code: 'H085', message: 'İzin ekleme isteği geçerli olmalıdır.' }]);
  });

  it('validates DTO-typed bodies through the global pipe, with nested locations', async () => {
    const ok = await request(server())
      .post('/sps/700100/brands/700101/retailers')
      .send({ title: 'Mağaza', city: { name: 'İstanbul', code: '34' } })
      .expect(201);
    expect(ok.body).toEqual({ isInstance: true, city: 'CityProbeDto' });

    const response = await request(server())
      .post('/sps/700100/brands/700101/retailers')
      .send({ title: 'Mağaza', city: { name: 'İstanbul', code: 'İST' }, branches: [{ alias: 'Şişli' }, {}] })
      .expect(400);
    expect(response.body.errors).toEqual([
      { code: 'H603', message: 'İstek geçerli olmalıdır.', location: ['city', 'code'] },
      { code: 'H603', message: 'İstek geçerli olmalıdır.', location: ['branches', 1, 'alias'] },
    ]);
  });

  it('converts and checks DTO-typed query objects through the global pipe', async () => {
    const ok = await request(server()).get('/sps/700100/brands/700101/search?offset=5&limit=20&utm_source=x').expect(200);
    expect(ok.body).toEqual({ isInstance: true, query: { offset: 5, limit: 20 } });

    const bad = await request(server()).get('/sps/700100/brands/700101/search?offset=abc&limit=101').expect(422);
    expect(bad.body.errors).toEqual([
      { code: 'H182', message: 'offset değeri geçerli olmalıdır.', location: ['offset'], value: 'abc' },
      { code: 'H186', message: 'Sayfalama (pagination) değeri en fazla 100 olabilir.', location: ['limit'], value: 101 },
    ]);
  });

  it('reports offset and limit problems together with parsePaging', async () => {
    const ok = await request(server()).get('/sps/700100/brands/700101/retailers?offset=100').expect(200);
    expect(ok.body).toEqual({ offset: 100, limit: 100 });
    const bad = await request(server()).get('/sps/700100/brands/700101/retailers?offset=-3&limit=0').expect(422);
    expect(bad.body.errors.map((e: { code: string }) => e.code)).toEqual(['H182', 'H187']);
  });
});
