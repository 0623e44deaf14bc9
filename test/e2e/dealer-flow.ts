import request from 'supertest';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** A valid T.C. kimlik numarası from any nine leading digits (first not 0): the two check digits computed. */
export function nationalId(seed: number): string {
  const d = String(100000000 + (seed % 900000000)).split('').map(Number);
  const tenth = (((d[0] + d[2] + d[4] + d[6] + d[8]) * 7 - (d[1] + d[3] + d[5] + d[7])) % 10 + 10) % 10;
  const eleventh = [...d, tenth].reduce((sum, digit) => sum + digit, 0) % 10;
  return [...d, tenth, eleventh].join('');
}

let retailerSequence = 0;

/** An İYS R1 body (iys-api.md §3.10), unique per call. */
export function retailerBody(overrides: Record<string, unknown> = {}) {
  retailerSequence += 1;
  return {
    title: `Örnek Bayi ${retailerSequence} Ltd. Şti.`,
    mersis: String(1000000000000000 + retailerSequence),
    alias: `ŞİŞLİ MAĞAZASI ${retailerSequence}`,
    name: 'Mehmet Öztürk',
    tckn: nationalId(123456789 + retailerSequence),
    mobile: `+90555${String(1000000 + retailerSequence).padStart(7, '0')}`,
    city: { name: 'İstanbul', code: '34' },
    town: { name: 'Şişli', code: '1663' },
    ...overrides,
  };
}

export async function addRetailer(app: NestFastifyApplication, token: string, base: string, overrides: Record<string, unknown> = {}): Promise<number> {
  const response = await request(app.getHttpServer()).post(`${base}/retailers`).set('authorization', `Bearer ${token}`).send(retailerBody(overrides)).expect(200);
  return response.body.retailerCode as number;
}
