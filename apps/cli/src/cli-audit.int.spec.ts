import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { formatIysDateTime } from '@iys/platform/building-blocks';
import type { TestDatabase } from '@iys/platform/testing';
import type { CliApplication } from './cli.module.js';
import { approvedProviderForTests, findRegistrar, runCliForTests, startCliForTests } from '../../../test/support/cli-test-context.js';

const hoursAgo = (hours: number) => formatIysDateTime(new Date(Date.now() - hours * 3600_000));
/** Waits until the wall clock is in a later second, so two recordings get different creationDates. */
const nextSecond = () => new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 50));

describe('the administrator CLI: audit history, as-of and verify', () => {
  let db: TestDatabase;
  let cli: CliApplication;
  let iysCode: number;
  let brandCodes: number[];
  const recipient = `+90535${String(Math.floor(Math.random() * 9_000_000) + 1_000_000)}`;
  const added: { onay?: { transactionId: string; creationDate: string }; ret?: { transactionId: string; creationDate: string } } = {};

  beforeAll(async () => {
    ({ db, cli } = await startCliForTests('cli-audit-int'));

    ({ iysCode, brandCodes } = await approvedProviderForTests(cli, 'CLI Denetim A.Ş.'));
    expect(brandCodes).toHaveLength(2);

    const registrar = findRegistrar(cli);
    const context = (brandCode: number) => ({ iysCode, brandCode, origin: 'HS' as const, actorKind: 'service-provider' as const, actorId: `sp-${iysCode}`, channel: 'api' });
    const add = async (brandCode: number, status: 'ONAY' | 'RET', consentDate: string) => {
      const [outcome] = await registrar.register([{ recipient, recipientType: 'BIREYSEL', type: 'MESAJ', status, consentDate, source: 'HS_WEB' }], context(brandCode));
      if (!outcome.ok) throw new Error(`consent refused: ${outcome.error.code}`);
      return { transactionId: outcome.transactionId, creationDate: formatIysDateTime(outcome.creationDate) };
    };
    added.onay = await add(brandCodes[0], 'ONAY', hoursAgo(5));
    await nextSecond();
    added.ret = await add(brandCodes[0], 'RET', hoursAgo(4));
    await add(brandCodes[1], 'ONAY', hoursAgo(3));
  });

  afterAll(async () => {
    await cli?.close();
    await db?.drop();
  });

  const run = (argv: string[]) => runCliForTests(cli, argv);

  it('prints an address\'s history as text, JSON and one CSV row per event', async () => {
    const text = await run(['audit', 'history', recipient]);
    expect(text.code).toBe(0);
    expect(text.stderr).toBe('');
    expect(text.stdout).toContain(`recipient: ${recipient}`);
    expect(text.stdout).toContain(`consent 1/2: iysCode ${iysCode}, brandCode ${brandCodes[0]}, MESAJ, BIREYSEL: chain ok (2 event(s) checked)`);
    expect(text.stdout).toMatch(new RegExp(`^  1\\s+ONAY\\s.*${added.onay!.transactionId}$`, 'm'));
    expect(text.stdout).toMatch(new RegExp(`^  2\\s+RET\\s.*${added.ret!.transactionId}$`, 'm'));

    const json = await run(['audit', 'history', recipient, '--json']);
    expect(json.code).toBe(0);
    const history = JSON.parse(json.stdout) as { recipient: string; consents: { brandCode: number; chain: { ok: boolean }; events: { status: string; actorId: string }[] }[] };
    expect(history.recipient).toBe(recipient);
    expect(history.consents.map((consent) => consent.brandCode)).toEqual(brandCodes);
    expect(history.consents[0].events.map((event) => event.status)).toEqual(['ONAY', 'RET']);
    expect(history.consents[0].events[0].actorId).toBe(`sp-${iysCode}`);
    expect(history.consents.every((consent) => consent.chain.ok)).toBe(true);

    const csv = await run(['audit', 'history', recipient, '--format', 'csv']);
    expect(csv.code).toBe(0);
    const lines = csv.stdout.split('\n');
    expect(lines[0]).toBe('recipient,iysCode,brandCode,type,recipientType,chainOk,position,status,consentDate,creationDate,source,origin,actorKind,actorId,channel,transactionId');
    expect(lines).toHaveLength(1 + 3);
    expect(lines[1]).toBe(
      [recipient, iysCode, brandCodes[0], 'MESAJ', 'BIREYSEL', true, 1, 'ONAY', expect.anything(), added.onay!.creationDate, 'HS_WEB', 'HS', 'service-provider', `sp-${iysCode}`, 'api', added.onay!.transactionId]
        .map((cell, index) => (index === 8 ? lines[1].split(',')[8] : String(cell)))
        .join(','),
    );
    expect(lines[3].split(',').slice(2, 3)).toEqual([String(brandCodes[1])]);

    const unknown = await run(['audit', 'history', 'nobody@example.com']);
    expect(unknown).toMatchObject({ code: 0, stdout: 'recipient: nobody@example.com\nno consents recorded for this address' });
  });

  it('answers a consent\'s state at an instant', async () => {
    const args = (at: string) => ['audit', 'as-of', '--recipient', recipient, '--brand-code', String(brandCodes[0]), '--type', 'MESAJ', '--recipient-type', 'BIREYSEL', '--at', at];
    const atOnay = await run([...args(added.onay!.creationDate), '--json']);
    expect(atOnay.code).toBe(0);
    const answer = JSON.parse(atOnay.stdout) as { state: string; proof: { transactionId: string; hash: string }[]; chain: { ok: boolean } };
    expect(answer.state).toBe('ONAY');
    expect(answer.proof.map((event) => event.transactionId)).toEqual([added.onay!.transactionId]);
    expect(answer.proof[0].hash).toMatch(/^[0-9a-f]{64}$/);
    expect(answer.chain.ok).toBe(true);

    const atRet = await run(args(added.ret!.creationDate));
    expect(atRet.code).toBe(0);
    expect(atRet.stdout).toMatch(/^state: RET$/m);
    expect(atRet.stdout).toContain(added.ret!.transactionId);
    // Recorded today: the day has no signed snapshot yet.
    expect(atRet.stdout).toMatch(new RegExp(`^  ${added.ret!.transactionId}\\s+${added.ret!.creationDate.slice(0, 10)}\\s+pending-snapshot\\s*$`, 'm'));
    expect(answer).toHaveProperty('inclusionProofs', [{ transactionId: added.onay!.transactionId, inclusion: { status: 'pending-snapshot', day: added.onay!.creationDate.slice(0, 10) } }]);

    const before = await run(args('2020-01-01 00:00:00'));
    expect(before.stdout).toMatch(/^state: NONE$/m);
  });

  it('verifies the whole event store, with progress on stderr', async () => {
    const text = await run(['audit', 'verify']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^event store intact: \d+ stream\(s\), \d+ event\(s\) verified$/);
    expect(text.stderr).toMatch(/event\(s\) verified/);

    const json = await run(['audit', 'verify', '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: true, streamsChecked: expect.any(Number), eventsChecked: expect.any(Number) });
  });

  it('never prints the address in errors', async () => {
    const phoneAsEmail = await run(['audit', 'as-of', '--recipient', recipient, '--brand-code', String(brandCodes[0]), '--type', 'EPOSTA', '--recipient-type', 'BIREYSEL', '--at', '2025-01-01 00:00:00']);
    expect(phoneAsEmail).toMatchObject({ code: 1, stderr: expect.stringMatching(/^error H120: /) });
    const malformed = await run(['audit', 'history', 'not-an-address-4711']);
    expect(malformed).toMatchObject({ code: 1, stderr: expect.stringMatching(/^error H12[0-2]: /) });
    for (const argv of [
      ['audit', 'history', recipient, 'extra'],
      ['audit', 'history', recipient, '--format', 'xml'],
      ['audit', 'history', recipient, '--format', 'csv', '--json'],
      ['audit', 'as-of', '--recipient', recipient, '--brand-code', recipient, '--type', 'MESAJ', '--recipient-type', 'BIREYSEL', '--at', '2025-01-01 00:00:00'],
      ['audit', 'as-of', '--recipient', recipient, '--brand-code', '1', '--type', 'MESAJ', '--recipient-type', 'BIREYSEL', '--at', 'yesterday'],
      ['audit', 'as-of', '--recipient', recipient, '--brand-code', '1', '--type', 'SMS', '--recipient-type', 'BIREYSEL', '--at', '2025-01-01 00:00:00'],
      ['audit', 'verify', recipient],
    ]) {
      const result = await run(argv);
      expect({ argv, code: result.code }).toEqual({ argv, code: 2 });
      expect(result.stdout).toBe('');
      expect(result.stderr).not.toContain(recipient);
      expect(result.stderr).not.toContain(recipient.slice(1));
    }
    for (const argv of [['audit', 'history', 'not-an-address-4711'], ['audit', 'history', 'x@']]) {
      const result = await run(argv);
      expect(result.stderr).not.toContain(argv[2]);
    }
  });
  // Last: it breaks the store for good.
  it('reports the first broken link and exits 1 when an event was edited', async () => {
    const { rows } = await db.pool.query<{ stream_id: string }>('SELECT stream_id FROM event_store.events WHERE event_id = $1', [added.ret!.transactionId]);
    const streamId = rows[0].stream_id;
    await db.adminQuery(
      `BEGIN; SET LOCAL session_replication_role = replica;
       UPDATE event_store.events SET data = jsonb_set(data, '{source}', '"HS_ISLAK_IMZA"') WHERE stream_id = '${streamId}' AND stream_position = 2;
       COMMIT;`,
    );
    const text = await run(['audit', 'verify']);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(`first broken link: stream ${streamId}, position 2`);
    expect(text.stdout).toContain('hash-mismatch');
    expect(text.stderr).toMatch(/^error: the event store hash chain is broken/m);
    expect(text.stderr).not.toContain(recipient);

    const json = await run(['audit', 'verify', '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, firstBroken: { streamId, streamPosition: 2, reason: 'hash-mismatch', globalPosition: expect.stringMatching(/^\d+$/) } });
  });
});
