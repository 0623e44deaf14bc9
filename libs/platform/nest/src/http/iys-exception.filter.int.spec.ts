import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Body, Controller, Get, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { DomainError } from '@iys/platform/building-blocks';
import { IysHttpException } from './iys-error.js';
import { IysExceptionFilter } from './iys-exception.filter.js';

@Controller('probe')
class ProbeController {
  @Post('echo')
  echo(@Body() body: unknown) {
    return body;
  }
  @Get('domain')
  domain() {
    throw new DomainError('H174', 'İzin durumu (status) güncellemesi için farklı bir durum girilmelidir.', ['status']);
  }
  @Get('iys')
  iys() {
    throw new IysHttpException(422, [
      { code: 'H114', message: 'Alıcı (recipient) bulunamadı.', location: ['recipient'] },
      { code: 'H111', message: 'İzin tipi (type) bulunamadı.', location: ['type'] },
    ]);
  }
  @Get('crash')
  crash() {
    throw new Error('duplicate key value violates unique constraint: Key (recipient)=(+905321234567)');
  }
}

@Module({ controllers: [ProbeController] })
class ProbeModule {}

describe('IysExceptionFilter', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => {
    const adapter = new FastifyAdapter();
    adapter.getInstance().removeContentTypeParser('text/plain');
    app = await NestFactory.create<NestFastifyApplication>(ProbeModule, adapter, { logger: false });
    app.useGlobalFilters(new IysExceptionFilter());
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(() => app.close());

  it('turns a body that is not JSON into H014', async () => {
    const response = await request(app.getHttpServer()).post('/probe/echo').set('content-type', 'application/json').send('{"recipient":');
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ errors: [{ code: 'H014', message: 'Gönderilen istek JSON formatına uygun olmalıdır.' }] });
  });

  it('refuses bodies of other content types with H601', async () => {
    const response = await request(app.getHttpServer()).post('/probe/echo').set('content-type', 'text/plain').send('ONAY');
    expect(response.status).toBe(415);
    expect(response.body.errors[0].code).toBe('H601');
  });

  it('renders every item of an İYS error with its status', async () => {
    const response = await request(app.getHttpServer()).get('/probe/iys').expect(422);
    expect(response.body.errors.map((e: { code: string }) => e.code)).toEqual(['H114', 'H111']);
    expect(response.body.errors[0].location).toEqual(['recipient']);
  });

  it('renders a domain rule violation as 400 with its code and location', async () => {
    const response = await request(app.getHttpServer()).get('/probe/domain').expect(400);
    expect(response.body.errors[0]).toMatchObject({ code: 'H174', location: ['status'] });
  });

  it('hides unexpected errors behind H015 without leaking their text', async () => {
    const response = await request(app.getHttpServer()).get('/probe/crash').expect(500);
    expect(response.body).toEqual({ errors: [{ code: 'H015', message: 'Beklenmedik bir hata oluştu.' }] });
    expect(response.text).not.toContain('+90');
  });
});
