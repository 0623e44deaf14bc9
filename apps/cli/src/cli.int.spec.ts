import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { TestDatabase } from '@iys/platform/testing';
import { SubmitApplicationCommand } from '@iys/service-provider';
import { runCli } from './cli-dispatcher.js';
import type { CliApplication } from './cli.module.js';
import { startCliForTests } from '../../../test/support/cli-test-context.js';

/** Valid application details, as test/e2e/service-provider-flow.ts submits them over HTTP. */
function applicationDetails(label: string) {
  return {
    title: `CLI Ticaret ${label} A.Ş.`,
    mersis: '0015001526400496',
    taxNumber: '1234567890',
    address: 'Büyükdere Cad. No:1 Şişli İstanbul',
    signatory: { name: 'Ayşe Yılmaz', nationalId: '10000000146', mobile: '+905321234567', email: 'ayse.yilmaz@ornekticaret.com.tr' },
    brands: [
      { name: `CLI ${label}`, approvedAddressCount: 12000 },
      { name: `CLI EXPRESS ${label}`, approvedAddressCount: 300 },
    ],
  };
}

describe('the administrator CLI (in process, on the CommandBus and QueryBus)', () => {
  let db: TestDatabase;
  let cli: CliApplication;

  beforeAll(async () => {
    ({ db, cli } = await startCliForTests('cli-int'));
  });

  afterAll(async () => {
    await cli?.close();
    await db?.drop();
  });

  /** Runs one command line and captures what it printed. */
  async function run(argv: string[], stdin?: string) {
    const stdout: string[] = [];
    const stderr: string[] = [];
    const code = await runCli(argv, {
      commands: cli.commands,
      queries: cli.queries,
      out: (line) => stdout.push(line),
      err: (line) => stderr.push(line),
      readStdin: stdin === undefined ? undefined : async () => stdin,
      debug: false,
    });
    return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
  }

  async function submit(label: string): Promise<string> {
    const applicationId = randomUUID();
    await cli.commands.execute(new SubmitApplicationCommand(applicationId, applicationDetails(label)));
    return applicationId;
  }

  it('lists, approves and onboards an application, then refuses to approve it twice', async () => {
    const applicationId = await submit('A');

    const pending = await run(['applications', 'list', '--status', 'pending']);
    expect(pending.code).toBe(0);
    expect(pending.stderr).toBe('');
    expect(pending.stdout.split('\n')[0]).toMatch(/^applicationId\s+status\s+title\s+brands\s+iysCode$/);
    const row = pending.stdout.split('\n').find((line) => line.startsWith(applicationId));
    expect(row).toMatch(/pending\s+CLI Ticaret A A\.Ş\.\s+CLI A, CLI EXPRESS A\s+-$/);

    const approved = await run(['applications', 'approve', applicationId, '--as', 'ayse.admin']);
    expect(approved.code).toBe(0);
    const iysCode = Number(/^iysCode: (\d+)$/m.exec(approved.stdout)?.[1]);
    expect(iysCode).toBeGreaterThan(0);
    const brandCodes = [...approved.stdout.matchAll(/^(\d+)\s+CLI (?:EXPRESS )?A\s+(yes|no)$/gm)].map((match) => Number(match[1]));
    expect(brandCodes).toHaveLength(2);

    // --as is the acting administrator, as the admin API records the signed-in one.
    const decided = await db.pool.query('SELECT decided_by FROM service_provider.applications WHERE application_id = $1', [applicationId]);
    expect(decided.rows[0]).toEqual({ decided_by: 'ayse.admin' });

    const listed = await run(['applications', 'list', '--status', 'approved', '--json']);
    expect(listed.code).toBe(0);
    const items = JSON.parse(listed.stdout) as { applicationId: string; iysCode: number; status: string }[];
    expect(items).toContainEqual(expect.objectContaining({ applicationId, status: 'approved', iysCode }));

    const user = await run(['users', 'create', '--username', `provider-${iysCode}`, '--role', 'provider', '--iys-code', String(iysCode)]);
    expect(user.code).toBe(0);
    expect(user.stdout).toContain(`created provider user provider-${iysCode} for iysCode ${iysCode}`);
    const password = /^password: (\S+)$/m.exec(user.stdout)?.[1];
    expect(password?.length).toBeGreaterThanOrEqual(32);

    const brands = await run(['providers', 'brands', String(iysCode)]);
    expect(brands.code).toBe(0);
    expect(brands.stdout.split('\n')[0]).toMatch(/^brandCode\s+name\s+master$/);
    for (const brandCode of brandCodes) expect(brands.stdout).toMatch(new RegExp(`^${brandCode}\\s+CLI`, 'm'));

    const again = await run(['applications', 'approve', applicationId]);
    expect(again.code).toBe(1);
    expect(again.stdout).toBe('');
    expect(again.stderr).toMatch(/^error H615: /);
    expect(again.stderr).not.toMatch(/\n\s+at /);
  });

  it('creates users from a given or piped password and reports the registry\'s refusals', async () => {
    const json = await run(['users', 'create', '--username', 'ops.one', '--role', 'operator', '--password', 'a long enough secret', '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ userId: expect.any(String), username: 'ops.one', role: 'operator', iysCode: null, integratorCode: null, allowedIps: [] });

    const restricted = await run(['users', 'create', '--username', 'ops.ip', '--role', 'operator', '--password', 'a long enough secret', '--allowed-ip', '10.0.0.1', '--allowed-ip', '::1']);
    expect(restricted).toMatchObject({ code: 0, stdout: expect.stringContaining('allowed from: 10.0.0.1, ::1') });

    const piped = await run(['users', 'create', '--username', 'auth.one', '--role', 'authority', '--password-stdin'], 'piped secret value\n');
    expect(piped.code).toBe(0);
    expect(piped.stdout).not.toContain('password:');

    const duplicate = await run(['users', 'create', '--username', 'ops.one', '--role', 'operator', '--password', 'a long enough secret']);
    expect(duplicate).toMatchObject({ code: 1, stderr: expect.stringMatching(/^error H621: /) });

    const short = await run(['users', 'create', '--username', 'ops.two', '--role', 'operator', '--password', 'short']);
    expect(short).toMatchObject({ code: 1, stderr: expect.stringMatching(/^error H623: /) });

    const unbound = await run(['users', 'create', '--username', 'prov.two', '--role', 'provider']);
    expect(unbound).toMatchObject({ code: 1, stderr: expect.stringMatching(/^error H624: /) });
  });

  it('rejects an application and sets an activation date', async () => {
    const rejectedId = await submit('R');
    const rejected = await run(['applications', 'reject', rejectedId, '--reason', 'Eksik belge']);
    expect(rejected).toMatchObject({ code: 0, stdout: `rejected application ${rejectedId}` });
    const list = await run(['applications', 'list', '--status', 'rejected']);
    expect(list.stdout).toContain(rejectedId);

    const approvedId = await submit('D');
    const approval = await run(['applications', 'approve', approvedId, '--activation-date', '2025-01-01T00:00:00Z', '--json']);
    expect(approval.code).toBe(0);
    const { iysCode, activationDate } = JSON.parse(approval.stdout) as { iysCode: number; activationDate: string };
    expect(activationDate).toBe('2025-01-01T00:00:00.000Z');

    const set = await run(['providers', 'set-activation-date', String(iysCode), '2025-02-01T09:00:00+03:00']);
    expect(set).toMatchObject({ code: 0, stdout: `activation date of iysCode ${iysCode} set to 2025-02-01T06:00:00.000Z` });

    const unknownProvider = await run(['providers', 'set-activation-date', '999999999', '2025-02-01']);
    expect(unknownProvider).toMatchObject({ code: 1, stderr: expect.stringMatching(/^error H616: /) });
    const notAnId = await run(['applications', 'approve', 'not-a-uuid']);
    expect(notAnId).toMatchObject({ code: 1, stderr: expect.stringMatching(/^error H616: /) });
  });

  it('answers help, and bad arguments with the usage and exit code 2', async () => {
    const help = await run(['help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: npm run cli -- <command> [options]');
    expect(help.stdout).toContain('applications approve <applicationId> [--activation-date ISO]');

    const commandHelp = await run(['users', 'create', '--help']);
    expect(commandHelp).toMatchObject({ code: 0, stdout: expect.stringContaining('--password-stdin') });

    const unknown = await run(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toContain("error: unknown command 'frobnicate'");
    expect(unknown.stderr).toContain('Usage: npm run cli -- <command> [options]');

    for (const argv of [
      [],
      ['applications'],
      ['applications', 'list', '--status', 'archived'],
      ['applications', 'list', '--colour'],
      ['applications', 'approve'],
      ['applications', 'approve', randomUUID(), '--activation-date', 'tomorrow'],
      ['applications', 'reject', randomUUID()],
      ['users', 'create', '--username', 'x.y', '--role', 'root'],
      ['users', 'create', '--username', 'x.y', '--role', 'admin', '--password', 'p'.repeat(12), '--password-stdin'],
      ['users', 'create', '--username', 'x.y', '--role', 'operator', '--allowed-ip', 'localhost'],
      ['providers', 'brands', 'abc'],
      ['providers', 'set-activation-date', '1'],
    ]) {
      const result = await run(argv);
      expect({ argv, code: result.code, usage: /Usage/.test(result.stderr) }).toEqual({ argv, code: 2, usage: true });
    }
  });
});

