/**
 * What recognising a valid C1 / C2 body costs the API thread, before and after docs/adr/0067, in one
 * process, in turns (so that load from elsewhere weighs on both alike): the validation pipe through
 * class-transformer + class-validator (the general path, `compiled: false`) against the pipe with the
 * DTO's rules compiled. No HTTP, no database. Prints a table, then one JSON line.
 *
 *   npm run bench:consent:validation       (BENCH_BODIES, BENCH_ROUNDS to change the size)
 */
import 'reflect-metadata';
import os from 'node:os';
import { IysValidationPipe } from '@iys/platform/nest';
import { registerConsentCodes } from '../../libs/contexts/consent/src/application/consent-codes.js';
import { AddConsentDto, ConsentStatusQueryDto } from '../../libs/contexts/consent/src/infrastructure/http/dto/consent.request.dto.js';
import { envInt, log, round } from '../store/bench-utils.js';

const config = { bodies: envInt('BENCH_BODIES', 20_000), rounds: envInt('BENCH_ROUNDS', 8) };

const C1 = (i: number) => ({ recipient: `+90${5_300_000_000 + i}`, recipientType: 'BIREYSEL', type: 'MESAJ', status: 'ONAY', source: 'HS_WEB', consentDate: '2026-12-07 10:15:00' });
const C2 = (i: number) => ({ recipient: `+90${5_300_000_000 + i}`, recipientType: 'BIREYSEL', type: 'MESAJ' });

/** CPU µs of this thread per body transformed (user + system). */
async function cpuPerBody(pipe: IysValidationPipe, make: (i: number) => object): Promise<number> {
  const bodies = Array.from({ length: config.bodies }, (_, i) => make(i));
  const before = process.cpuUsage();
  for (const body of bodies) await pipe.transform(body, { type: 'body' });
  const used = process.cpuUsage(before);
  return (used.user + used.system) / config.bodies;
}

async function main(): Promise<void> {
  registerConsentCodes();
  const cases = [
    { name: 'C1 AddConsentDto', make: C1, general: new IysValidationPipe(AddConsentDto, { compiled: false }), compiled: new IysValidationPipe(AddConsentDto) },
    { name: 'C2 ConsentStatusQueryDto', make: C2, general: new IysValidationPipe(ConsentStatusQueryDto, { compiled: false }), compiled: new IysValidationPipe(ConsentStatusQueryDto) },
  ];
  log(`Validation cost per valid body — ${config.bodies} bodies × ${config.rounds} rounds in turns; load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const figures: Record<string, { generalUs: number; compiledUs: number; ratio: number }> = {};
  for (const c of cases) {
    // One unmeasured round each warms both paths up.
    await cpuPerBody(c.general, c.make);
    await cpuPerBody(c.compiled, c.make);
    const general: number[] = [];
    const compiled: number[] = [];
    for (let round = 0; round < config.rounds; round++) {
      general.push(await cpuPerBody(c.general, c.make));
      compiled.push(await cpuPerBody(c.compiled, c.make));
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const g = median(general);
    const k = median(compiled);
    figures[c.name] = { generalUs: round(g, 2), compiledUs: round(k, 2), ratio: round(k / g, 3) };
    log(`  ${c.name.padEnd(26)} class-validator ${g.toFixed(2).padStart(7)} µs   compiled ${k.toFixed(2).padStart(6)} µs   (${((k / g) * 100).toFixed(1)} %)`);
  }
  log(JSON.stringify({ benchmark: 'consent-validation', config, loadAverage: os.loadavg().map((l) => round(l, 2)), node: process.version, figures }));
}

await main();
