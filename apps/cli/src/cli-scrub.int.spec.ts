import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { formatIysDateTime } from '@iys/platform/building-blocks';
import type { TestDatabase } from '@iys/platform/testing';
import type { CliApplication } from './cli.module.js';
import { progressBar } from './commands/scrub.command.js';
import { approvedProviderForTests, findRegistrar, runCliForTests, startCliForTests } from '../../../test/support/cli-test-context.js';

const hoursAgo = (hours: number) => formatIysDateTime(new Date(Date.now() - hours * 3600_000));
const OPERATOR = '61';

describe('the CLI: scrub a campaign list for an operator batch system', () => {
  let db: TestDatabase;
  let cli: CliApplication;
  let dir: string;
  let iysCode: number;
  let brandCode: number;
  const onay = '+905351110001';
  const ret = '+905351110002';
  const absent = '+905351110003';

  beforeAll(async () => {
    ({ db, cli } = await startCliForTests('cli-scrub-int'));
    dir = await mkdtemp(path.join(tmpdir(), 'iys-cli-scrub-'));
    ({ iysCode, brandCodes: [brandCode] } = await approvedProviderForTests(cli, 'CLI Tarama A.Ş.') as { iysCode: number; brandCodes: [number] });
    const registrar = findRegistrar(cli);
    const add = async (recipient: string, status: 'ONAY' | 'RET', consentDate: string) => {
      const [outcome] = await registrar.register([{ recipient, recipientType: 'BIREYSEL', type: 'MESAJ', status, consentDate, source: 'HS_WEB' }], {
        iysCode,
        brandCode,
        origin: 'HS',
        actorKind: 'service-provider',
        actorId: `sp-${iysCode}`,
        channel: 'api',
      });
      if (!outcome.ok) throw new Error(`consent refused: ${outcome.error.code}`);
    };
    await add(onay, 'ONAY', hoursAgo(5));
    // A RET may only follow an ONAY on record (H175).
    await add(ret, 'ONAY', hoursAgo(5));
    await add(ret, 'RET', hoursAgo(4));
  });
  afterAll(async () => {
    await cli?.close();
    await db?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('submits a CSV as a scrub job, works it through with a progress bar and writes the allowed list to a file', async () => {
    const file = path.join(dir, 'campaign.csv');
    await writeFile(file, `recipient\n${onay}\n${ret}\n${absent}\nnot-a-number\n`);
    const out = path.join(dir, 'allowed.csv');
    const run = await runCliForTests(cli, ['scrub', '--file', file, '--operator', OPERATOR, '--type', 'MESAJ', '--iys-code', String(iysCode), '--brand-code', String(brandCode), '--out', out, '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ total: 4, allowed: 1, result: 'allowed', out });
    expect(run.stderr).toContain(progressBar(4, 4));
    expect(await readFile(out, 'utf8')).toBe(`${onay}\r\n`);
    // Counted for the operator like live checks.
    const { rows } = await db.pool.query<{ reason: string; count: string }>('SELECT reason, count FROM consent.gate_counters WHERE operator_code = $1 ORDER BY reason', [Number(OPERATOR)]);
    expect(rows.map((row) => `${row.reason} ${row.count}`)).toEqual(['INVALID_RECIPIENT 1', 'ONAY 1', 'RET 1', 'UNKNOWN_RECIPIENT 1']);
  });

  it('reads JSON lines and prints every decision on standard output', async () => {
    const file = path.join(dir, 'campaign.jsonl');
    await writeFile(file, `${JSON.stringify(ret)}\n${JSON.stringify({ recipient: onay })}\n`);
    const run = await runCliForTests(cli, ['scrub', '--file', file, '--operator', OPERATOR, '--type', 'MESAJ', '--iys-code', String(iysCode), '--brand-code', String(brandCode), '--result', 'decisions']);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')).toEqual(['recipient,decision,reason', `${ret},DENY,RET`, `${onay},ALLOW,ONAY`]);
  });

  it('refuses a missing sender, an unknown format and an unreadable list with exit code 2', async () => {
    const file = path.join(dir, 'campaign.csv');
    expect((await runCliForTests(cli, ['scrub', '--file', file, '--operator', OPERATOR, '--type', 'MESAJ'])).code).toBe(2);
    expect((await runCliForTests(cli, ['scrub', '--file', path.join(dir, 'list.txt'), '--operator', OPERATOR, '--type', 'MESAJ', '--sender-id', 'X'])).code).toBe(2);
    expect((await runCliForTests(cli, ['scrub', '--file', path.join(dir, 'missing.csv'), '--operator', OPERATOR, '--type', 'MESAJ', '--sender-id', 'X'])).code).toBe(2);
  });
});
