import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { components } from '../support/generated/iys-api.js';
import { expectStatus, iysClient } from '../support/iys-client.js';

/** A valid T.C. kimlik numarası from any nine leading digits (first not 0): the two check digits computed. */
export function nationalId(seed: number): string {
  const d = String(100000000 + (seed % 900000000)).split('').map(Number);
  const tenth = (((d[0] + d[2] + d[4] + d[6] + d[8]) * 7 - (d[1] + d[3] + d[5] + d[7])) % 10 + 10) % 10;
  const eleventh = [...d, tenth].reduce((sum, digit) => sum + digit, 0) % 10;
  return [...d, tenth, eleventh].join('');
}

let retailerSequence = 0;

/** An İYS R1 body (iys-api.md §3.10), unique per call. */
export function retailerBody(overrides: Record<string, unknown> = {}): components['schemas']['AddRetailerDto'] {
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

/** R1 through the generated client; `base` is the brand's path, `/sps/{iysCode}/brands/{brandCode}`. */
export async function addRetailer(app: NestFastifyApplication, token: string, base: string, overrides: Record<string, unknown> = {}): Promise<number> {
  const [, iysCode, brandCode] = /^\/sps\/(\d+)\/brands\/(\d+)$/.exec(base) ?? [];
  if (!iysCode) throw new Error(`not a brand path: ${base}`);
  const client = await iysClient(app, token);
  const path = { iysCode: Number(iysCode), brandCode: Number(brandCode) };
  return expectStatus(await client.POST('/sps/{iysCode}/brands/{brandCode}/retailers', { params: { path }, body: retailerBody(overrides) }), 200).retailerCode;
}
