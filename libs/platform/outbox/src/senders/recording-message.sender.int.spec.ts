import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { FixedClock } from '@iys/platform/building-blocks';
import { piiMigrations } from '@iys/platform/pii';
import { createTestDatabase, type TestDatabase } from '@iys/platform/testing';
import type { OutgoingMessage } from '../message-sender.js';
import { outboxMigrations } from '../index.js';
import { readRecordedMessages, recordingFiles, RecordingMessageSender, type RecordingSettings } from './recording-message.sender.js';

const MB = 1024 * 1024;
/** 20 000 in `npm test` (kept in memory they would take over 8 MB, four times the bound); 50 000 under IYS_STRESS_LONG. */
const MESSAGES = process.env.IYS_STRESS_LONG === '1' ? 50_000 : 20_000;

/** The engine's collector, exposed at run time when the process was not started with --expose-gc. */
function collector(): () => void {
  const given = (globalThis as { gc?: () => void }).gc;
  if (given !== undefined) return given;
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

/** A message shaped like a consent notice (about 400 bytes as a line), its code unique to `n`. */
const message = (n: number, attempt = 1): OutgoingMessage => ({
  id: randomUUID(),
  channel: 'sms',
  recipientId: randomUUID(),
  to: `+90532${String(1_000_000 + (n % 9_000_000))}`,
  text: `İYS: Adınıza 1 yeni ticari ileti onayı kaydedildi.\n- MARKA ${n}, SMS: reddetmek için https://iys.example/recipients/opt-out/${randomUUID()}\nBağlantılar 30 gün geçerlidir.`,
  template: 'recipient.consent-notice.sms',
  attempt,
});

describe('RecordingMessageSender (real PostgreSQL, real files)', () => {
  let db: TestDatabase;
  let dir: string;
  const clock = new FixedClock(new Date('2026-12-03T09:00:00.000Z'));

  beforeAll(async () => {
    db = await createTestDatabase([...piiMigrations, ...outboxMigrations]);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iys-recorder-'));
  });
  afterAll(async () => {
    await db?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });

  const settings = (overrides: Partial<RecordingSettings> = {}): RecordingSettings => ({ file: path.join(dir, randomUUID(), 'recorded.jsonl'), rotateBytes: 10 * MB, keep: 2, ...overrides });
  const recorder = (s: RecordingSettings) => new RecordingMessageSender(db.pool, s, clock);

  /** Sends `count` messages, ten at a time as the dispatcher hands them over. */
  async function sendMany(sender: RecordingMessageSender, count: number, from = 0): Promise<void> {
    for (let n = from; n < from + count; n += 10) {
      await Promise.all(Array.from({ length: Math.min(10, from + count - n) }, (_, i) => sender.send(message(n + i))));
    }
  }

  it(`holds nothing per message: ${MESSAGES} recorded messages leave the heap where it was, and the files within their bound`, async () => {
    const gc = collector();
    const rotateBytes = MESSAGES * 40; // about ten rotations whatever the count (lines are ~400 bytes)
    const s = settings({ rotateBytes, keep: 2 });
    const sender = recorder(s);
    await sendMany(sender, 2_000); // warm-up: code compiled, pool connections open
    gc();
    gc();
    const before = process.memoryUsage().heapUsed;

    await sendMany(sender, MESSAGES, 2_000);
    gc();
    gc();
    const grown = process.memoryUsage().heapUsed - before;

    // Kept in memory, the records alone would take well over 8 MB.
    expect(grown).toBeLessThan(2 * MB);
    // About 400 bytes per message were written; three files of at most `rotateBytes` remain, the newest message last.
    const files = recordingFiles(s);
    expect(files.map((file) => fs.existsSync(file))).toEqual([true, true, true]);
    for (const file of files) expect(fs.statSync(file).size).toBeLessThanOrEqual(rotateBytes);
    expect(fs.existsSync(`${s.file}.3`)).toBe(false);
    const kept = await sender.recorded();
    expect(kept.length).toBeGreaterThan(MESSAGES / 5);
    expect(kept.length).toBeLessThan(MESSAGES * 0.4);
    expect(kept.at(-1)!.text).toContain(`MARKA ${MESSAGES + 1_999},`);
  }, 300_000);

  it('starts with a 100 MB file as with none: it never reads it, only opens it to append, and rotates it by renaming', async () => {
    const s = settings();
    fs.mkdirSync(path.dirname(s.file), { recursive: true });
    fs.writeFileSync(s.file, '');
    fs.truncateSync(s.file, 100 * MB);
    const opened: string[] = [];
    const reads: string[] = [];
    const realOpen = fsp.open.bind(fsp);
    jest.spyOn(fsp, 'open').mockImplementation(async (file, flags, mode) => {
      opened.push(String(flags));
      const handle = await realOpen(file, flags, mode);
      for (const method of ['read', 'readFile', 'readLines', 'createReadStream', 'readableWebStream'] as const) {
        jest.spyOn(handle, method).mockImplementation(() => {
          reads.push(`handle.${method}`);
          throw new Error(`the recorder read its file (${method})`);
        });
      }
      return handle;
    });
    for (const [owner, method] of [[fsp, 'readFile'], [fs, 'readFileSync'], [fs, 'createReadStream'], [fs, 'readSync'], [fs, 'openSync']] as const) {
      jest.spyOn(owner as unknown as Record<string, (...args: unknown[]) => unknown>, method).mockImplementation(() => {
        reads.push(method);
        throw new Error(`the recorder read its file (${method})`);
      });
    }

    const sender = recorder(s);
    expect(opened).toEqual([]); // construction touches nothing
    const first = message(1);
    await sender.send(first);

    expect(reads).toEqual([]);
    expect(opened.every((flags) => flags === 'a')).toBe(true);
    jest.restoreAllMocks();
    // Past the rotation size, the big file was moved aside whole; the new one holds the message.
    expect(fs.statSync(`${s.file}.1`).size).toBe(100 * MB);
    expect((await readRecordedMessages({ file: s.file, keep: 0 })).map((recorded) => recorded.id)).toEqual([first.id]);
  });

  it('rotates at the size, keeps the configured number of files, and reads the kept ones oldest first', async () => {
    const s = settings({ rotateBytes: 1_000, keep: 1 });
    const sender = recorder(s);
    const sent: string[] = [];
    for (let n = 0; n < 12; n++) {
      const next = message(n);
      sent.push(next.id);
      await sender.send(next);
    }
    expect(fs.existsSync(`${s.file}.2`)).toBe(false);
    for (const file of recordingFiles(s)) expect(fs.statSync(file).size).toBeLessThanOrEqual(1_000);
    const kept = (await sender.recorded()).map((recorded) => recorded.id);
    // Two lines fit in a file: the current one and one rotated file hold the last three or four.
    expect(kept.length).toBeGreaterThanOrEqual(3);
    expect(kept).toEqual(sent.slice(-kept.length));

    const none = settings({ rotateBytes: 1_000, keep: 0 });
    const forgetful = recorder(none);
    for (let n = 0; n < 6; n++) await forgetful.send(message(n));
    expect(fs.readdirSync(path.dirname(none.file))).toEqual(['recorded.jsonl']);
    expect((await forgetful.recorded()).length).toBeLessThanOrEqual(2);
  });

  it('records a retried row only if the outbox has not marked it recorded', async () => {
    const s = settings();
    const sender = recorder(s);
    const id = randomUUID();
    await db.pool.query(
      `INSERT INTO outbox.messages (id, channel, recipient_id, recipient, template, params, created_at, next_attempt_at) VALUES ($1, 'sms', $2, '{}', 't.sms', '{}', $3, $3)`,
      [id, randomUUID(), clock.now()],
    );
    const notRecorded = randomUUID(); // a retry whose first attempt failed before its line: recorded now
    await sender.send({ ...message(1), id, attempt: 1 });
    await sender.send({ ...message(1), id, attempt: 2 });
    await sender.send({ ...message(2), id: notRecorded, attempt: 2 });

    expect((await sender.recorded()).map((recorded) => recorded.id)).toEqual([id, notRecorded]);
    expect((await db.pool.query('SELECT recorded_at FROM outbox.messages WHERE id = $1', [id])).rows[0]).toEqual({ recorded_at: clock.now() });
  });
});
