import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import readline from 'node:readline';
import { Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import type { Clock } from '@iys/platform/building-blocks';
import { CLOCK, PG_POOL } from '@iys/platform/nest';
import type { MessageSender, OutgoingMessage } from '../message-sender.js';

export const RECORDING_SETTINGS = Symbol('OUTBOX_RECORDING_SETTINGS');

/** Where and how much the recording sender writes (IYS_OUTBOX_RECORDING_ROTATE_MB, IYS_OUTBOX_RECORDING_KEEP). */
export interface RecordingSettings {
  /** The file written to; rotated copies are `<file>.1` (the newer) to `<file>.<keep>`. */
  file: string;
  /** A write that would take the file past this size rotates it first. */
  rotateBytes: number;
  /** Rotated files kept besides the current one (0: the full file is deleted). */
  keep: number;
}

/** The file under a data folder. */
export function recordedMessagesFile(dataDir: string): string {
  return path.resolve(dataDir, 'outbox', 'recorded-messages.jsonl');
}

/**
 * One message as the recording sender kept it (one line of the file). No address: only the vault's
 * opaque recipient id, which nobody can link back to the address once the subject is erased.
 */
export interface RecordedMessage {
  id: string;
  channel: OutgoingMessage['channel'];
  recipientId: string;
  subject?: string;
  text: string;
  template: string;
  /** ISO 8601, by the registry clock. */
  recordedAt: string;
}

/**
 * The development and test stand-in for every channel left unconfigured: "sends" by appending the
 * message as one JSON line to a file, so that a developer running `npm start` can read the codes and
 * links they were sent (`npm run cli -- outbox recorded --to <address>`). Production refuses to
 * start with it (config validation). ADR 0018 has the rules:
 *
 * - Nothing per message stays in memory, and the file is never read by the sender: it is opened for
 *   appending at each write, its size taken from `stat`, so start-up does not depend on how big it grew.
 * - Idempotent like a real gateway, from what the outbox knows: a first attempt cannot have been
 *   recorded before; a retried row is recorded only if its `recorded_at` is still null.
 * - Bounded: rotated at `rotateBytes`, `keep` older files kept, so old codes and links age out.
 * - No address in the file: the recipient id stands for it (the CLI resolves `--to` through the vault).
 *
 * One process writes the file (the one where the dispatcher runs); writes are serialised in it.
 */
@Injectable()
export class RecordingMessageSender implements MessageSender {
  readonly file: string;
  /** The write in progress: each write waits for the one before, so rotation never races an append. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(RECORDING_SETTINGS) private readonly settings: RecordingSettings,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.file = settings.file;
  }

  async send(message: OutgoingMessage): Promise<void> {
    // Every hand-over adds an attempt first, so only a retried row can have been recorded already.
    if (message.attempt > 1 && (await this.alreadyRecorded(message.id))) return;
    const record: RecordedMessage = {
      id: message.id,
      channel: message.channel,
      recipientId: message.recipientId,
      ...(message.subject === undefined ? {} : { subject: message.subject }),
      text: message.text,
      template: message.template,
      recordedAt: this.clock.now().toISOString(),
    };
    await this.append(`${JSON.stringify(record)}\n`);
    // After the line is written: a crash in between records the row once more on its retry, never loses it.
    await this.pool.query(`UPDATE outbox.messages SET recorded_at = $2 WHERE id = $1 AND recorded_at IS NULL`, [message.id, this.clock.now()]);
  }

  /** The recorded messages that pass `filter`, oldest first, from the rotated files and the current one. */
  recorded(filter: (message: RecordedMessage) => boolean = () => true): Promise<RecordedMessage[]> {
    return readRecordedMessages(this.settings, filter);
  }

  private async alreadyRecorded(id: string): Promise<boolean> {
    const { rows } = await this.pool.query<{ recorded: boolean }>(`SELECT recorded_at IS NOT NULL AS recorded FROM outbox.messages WHERE id = $1`, [id]);
    return rows[0]?.recorded ?? false;
  }

  private append(line: string): Promise<void> {
    const written = this.queue.then(() => this.write(Buffer.from(line, 'utf8')));
    this.queue = written.catch(() => undefined);
    return written;
  }

  /**
   * Opens the file for appending at each write (never for reading), so nothing stays open between
   * messages and a file rotated or deleted meanwhile is simply started again.
   */
  private async write(bytes: Buffer): Promise<void> {
    const { file, rotateBytes } = this.settings;
    await fsp.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    let handle = await fsp.open(file, 'a', 0o600);
    try {
      const size = (await handle.stat()).size;
      if (size > 0 && size + bytes.length > rotateBytes) {
        await handle.close();
        await this.rotate();
        handle = await fsp.open(file, 'a', 0o600);
      }
      await handle.appendFile(bytes);
    } finally {
      await handle.close();
    }
  }

  private async rotate(): Promise<void> {
    const { file, keep } = this.settings;
    if (keep === 0) await fsp.rm(file, { force: true });
    for (let n = keep; n >= 1; n--) await renameIfPresent(n === 1 ? file : `${file}.${n - 1}`, `${file}.${n}`);
  }
}

async function renameIfPresent(from: string, to: string): Promise<void> {
  try {
    await fsp.rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/** The recording files, oldest first: `<file>.<keep>` … `<file>.1`, then `<file>`. */
export function recordingFiles({ file, keep }: Pick<RecordingSettings, 'file' | 'keep'>): string[] {
  return [...Array.from({ length: keep }, (_, i) => `${file}.${keep - i}`), file];
}

/**
 * The messages of the recording files that pass `filter`, oldest first (none when there are no
 * files), read line by line so that only the matches are held; malformed lines are skipped.
 * Each line is returned, so a row recorded twice (a crash right after its line) shows twice.
 */
export async function readRecordedMessages(
  settings: Pick<RecordingSettings, 'file' | 'keep'>,
  filter: (message: RecordedMessage) => boolean = () => true,
): Promise<RecordedMessage[]> {
  const messages: RecordedMessage[] = [];
  for (const file of recordingFiles(settings)) {
    let input: fs.ReadStream;
    try {
      input = fs.createReadStream(file, { encoding: 'utf8' });
      await new Promise<void>((resolve, reject) => input.once('open', () => resolve()).once('error', reject));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue; // not rotated that far yet
      throw error;
    }
    for await (const line of readline.createInterface({ input, crlfDelay: Infinity })) {
      const message = parseRecordedLine(line);
      if (message !== undefined && filter(message)) messages.push(message);
    }
  }
  return messages;
}

function parseRecordedLine(line: string): RecordedMessage | undefined {
  if (line.trim() === '') return undefined;
  try {
    const parsed = JSON.parse(line) as Partial<RecordedMessage>;
    const valid = typeof parsed.id === 'string' && typeof parsed.recipientId === 'string' && typeof parsed.text === 'string';
    return valid ? (parsed as RecordedMessage) : undefined;
  } catch {
    return undefined; // a line cut short by a crash
  }
}
