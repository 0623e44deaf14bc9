import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TestDatabase } from '@iys/platform/testing';
import { runCli } from './cli-dispatcher.js';
import type { CliApplication } from './cli.module.js';
import { startCliForTests } from '../../../test/support/cli-test-context.js';

describe('the administrator CLI: complaints stats', () => {
  let db: TestDatabase;
  let cli: CliApplication;
  let close: () => Promise<void>;

  /** A complaint as the read model holds it (the e2e specs file them through the API). */
  const complaint = (filedAt: string, outcome: string | null, decidedAt: string | null, brandCode: number | null) =>
    db.pool.query(
      `INSERT INTO complaint.complaints (complaint_id, account_id, recipient_id, address, address_kind, channel, recipient_type, sender_id, iys_code, brand_code,
         message_at, province, status, subjects, filed_via, checked_first, outcome, filed_at, decided_at, updated_at, version)
       VALUES ($1, $2, $3, '{}', 'phone', 'MESAJ', 'BIREYSEL', 'ORNEK', $4, $5, $6, 34, $7, '{OTHER}', 'web', false, $8, $6, $9, $6, 1)`,
      [randomUUID(), randomUUID(), randomUUID(), brandCode === null ? null : 600001, brandCode, filedAt, outcome ? 'DECIDED' : 'RECEIVED', outcome, decidedAt],
    );

  async function run(argv: string[]) {
    const stdout: string[] = [];
    const code = await runCli(argv, { commands: cli.commands, queries: cli.queries, app: cli.app, out: (line) => stdout.push(line), err: () => undefined });
    return { code, stdout };
  }

  beforeAll(async () => {
    ({ db, cli, close } = await startCliForTests('cli-complaints-int'));
    await complaint('2026-03-10T08:00:00Z', 'JUSTIFIED', '2026-03-12T08:00:00Z', 700001);
    await complaint('2026-03-11T08:00:00Z', 'UNJUSTIFIED', '2026-03-15T08:00:00Z', 700001);
    await complaint('2026-03-11T09:00:00Z', null, null, null);
    await db.pool.query(`INSERT INTO complaint.checks (check_id, account_id, checked_at) VALUES ($1, $2, now()), ($3, $2, now())`, [randomUUID(), randomUUID(), randomUUID()]);
  });
  afterAll(async () => close?.());

  it('prints complaints per provider, brand and month with the justified share and median days to decision', async () => {
    const { code, stdout } = await run(['complaints', 'stats', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout[0])).toEqual({
      rows: [
        { month: '2026-03', iysCode: 600001, brandCode: 700001, complaints: 2, decided: 2, justified: 1, justifiedShare: 0.5, medianDaysToDecision: 3 },
        { month: '2026-03', iysCode: null, brandCode: null, complaints: 1, decided: 0, justified: 0, justifiedShare: null, medianDaysToDecision: null },
      ],
      checks: { total: 2, followedByComplaint: 0, deflectionRate: 1 },
    });
  });

  it('prints the CSV the authority downloads, and refuses an unknown format', async () => {
    const { code, stdout } = await run(['complaints', 'stats', '--format', 'csv']);
    expect(code).toBe(0);
    expect(stdout).toEqual(['month,iysCode,brandCode,complaints,decided,justified,justifiedShare,medianDaysToDecision', '2026-03,600001,700001,2,2,1,0.5,3', '2026-03,,,1,0,0,,']);
    expect((await run(['complaints', 'stats', '--format', 'xml'])).code).toBe(2);
  });
});
