import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { inTransaction } from '@iys/platform/database';
import { enqueueOutboxMessage, OutboxDispatcher, RecordingMessageSender } from '@iys/platform/outbox';
import { PiiVault } from '@iys/platform/pii';
import type { TestDatabase } from '@iys/platform/testing';
import { runCli } from './cli-dispatcher.js';
import type { CliApplication } from './cli.module.js';
import { startCliForTests } from '../../../test/support/cli-test-context.js';

describe('npm run cli -- outbox …', () => {
  let db: TestDatabase;
  let cli: CliApplication;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'iys-cli-outbox-'));
    ({ db, cli } = await startCliForTests('cli-outbox', { IYS_DATA_DIR: dataDir }));
  });
  afterAll(async () => {
    await cli?.close();
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function run(argv: string[]) {
    const stdout: string[] = [];
    const stderr: string[] = [];
    const code = await runCli(argv, { commands: cli.commands, queries: cli.queries, app: cli.app, out: (line) => stdout.push(line), err: (line) => stderr.push(line), debug: false });
    return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
  }

  it('lists dead letters and sends one again', async () => {
    const vault = cli.app.get(PiiVault);
    const { recipientId } = await vault.resolveRecipientId('+905321230001');
    const recipient = await vault.encrypt(recipientId, '+905321230001');
    const id = randomUUID();
    await inTransaction(db.pool, (tx) =>
      enqueueOutboxMessage(tx, { id, channel: 'sms', recipientId, recipient, template: 'nobody.sms', params: {}, sealedParams: null, createdAt: new Date() }),
    );
    await cli.app.get(OutboxDispatcher).drain(); // the CLI runs no background work: one pass by hand

    const listed = await run(['outbox', 'dead-letters']);
    expect(listed.code).toBe(0);
    expect(listed.stdout.split('\n')[0]).toMatch(/^id\s+channel\s+template\s+attempts\s+lastError\s+createdAt\s+deadAt$/);
    expect(listed.stdout).toMatch(new RegExp(`^${id}\\s+sms\\s+nobody\\.sms\\s+1\\s+UnknownTemplate\\s+`, 'm'));
    expect(listed.stdout).not.toContain('5321230001');
    expect(JSON.parse((await run(['outbox', 'dead-letters', '--json', '--limit', '5'])).stdout).items).toEqual([expect.objectContaining({ id, lastError: 'UnknownTemplate' })]);

    expect(await run(['outbox', 'retry', id])).toEqual({ code: 0, stdout: `${id}: pending again`, stderr: '' });
    const again = await run(['outbox', 'retry', id]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^error H690: /);
    expect((await run(['outbox', 'dead-letters'])).stdout).toBe('no dead letters');
  });

  it('prints what the recording sender recorded, filtered by address however it is spelled; the file holds no address', async () => {
    const recorder = cli.app.get(RecordingMessageSender);
    const vault = cli.app.get(PiiVault);
    expect(recorder.file).toBe(path.join(dataDir, 'outbox', 'recorded-messages.jsonl'));
    const phone = await vault.resolveRecipientId('+905321230002');
    const email = await vault.resolveRecipientId('ayse@ornek.com.tr');
    await recorder.send({ id: randomUUID(), channel: 'sms', recipientId: phone.recipientId, to: '+905321230002', text: 'Giriş kodunuz: 551902', template: 'login.sms', attempt: 1 });
    await recorder.send({ id: randomUUID(), channel: 'email', recipientId: email.recipientId, to: 'ayse@ornek.com.tr', subject: 'Onaylarınız', text: 'Bağlantı: https://iys.example/o/1', template: 'notice.email', attempt: 1 });

    const mine = await run(['outbox', 'recorded', '--to', '+90 532 123 00 02']);
    expect(mine.code).toBe(0);
    expect(mine.stdout).toMatch(/^\S+ {2}sms {2}\+905321230002 {2}login\.sms {2}[0-9a-f-]{36}\n {2}Giriş kodunuz: 551902$/);
    const all = (await run(['outbox', 'recorded'])).stdout;
    expect(all).toContain('  subject: Onaylarınız\n  Bağlantı: https://iys.example/o/1');
    expect(all).toContain(`  email  ${email.recipientId}  notice.email  `);
    expect((await run(['outbox', 'recorded', '--to', 'nobody@ornek.com.tr'])).stdout).toMatch(/^no recorded messages in /);
    expect((await run(['outbox', 'recorded', '--to', 'not an address'])).stdout).toMatch(/^no recorded messages in /);
    const written = readFileSync(recorder.file, 'utf8');
    for (const address of ['5321230002', 'ayse@ornek']) expect(written).not.toContain(address);

    // Once the subject is erased, nobody can tell which lines were theirs.
    await vault.shred(email.recipientId);
    expect((await run(['outbox', 'recorded', '--to', 'ayse@ornek.com.tr'])).stdout).toMatch(/^no recorded messages in /);
  });

  it('refuses bad arguments without touching the outbox', async () => {
    expect((await run(['outbox', 'dead-letters', '--limit', '0'])).code).toBe(2);
    expect((await run(['outbox', 'dead-letters', '--after', 'x'])).code).toBe(2);
    expect((await run(['outbox', 'retry', 'not-an-id'])).code).toBe(2);
    expect((await run(['outbox', 'retry'])).code).toBe(2);
  });
});
