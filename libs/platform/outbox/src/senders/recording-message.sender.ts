import { existsSync, readFileSync } from 'node:fs';
import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import type { Clock } from '@iys/platform/building-blocks';
import { CLOCK } from '@iys/platform/nest';
import type { MessageSender, OutgoingMessage } from '../message-sender.js';

/** Where the recording sender appends (`<IYS_DATA_DIR>/outbox/recorded-messages.jsonl`); null: memory only. */
export const RECORDED_MESSAGES_FILE = Symbol('OUTBOX_RECORDED_MESSAGES_FILE');

/** The file under a data folder. */
export function recordedMessagesFile(dataDir: string): string {
  return path.resolve(dataDir, 'outbox', 'recorded-messages.jsonl');
}

/** One message as the recording sender kept it (and one line of the file). */
export interface RecordedMessage extends Omit<OutgoingMessage, 'attempt'> {
  /** ISO 8601, by the registry clock. */
  recordedAt: string;
}

/**
 * The development and test stand-in for every channel left unconfigured: "sends" by keeping the
 * message in memory (`sent()`, newest last) and appending it as one JSON line to a file, so that a
 * developer running `npm start` can read the codes and links they were sent
 * (`npm run cli -- outbox recorded`). Production refuses to start with it (config validation).
 *
 * Idempotent like a real gateway: an id it has already recorded, in this process or in the file
 * from an earlier run, is ignored. The file holds addresses and codes in clear, so it lives in the
 * gitignored data folder, is created readable by its owner only, and exists only outside production.
 */
@Injectable()
export class RecordingMessageSender implements MessageSender {
  private readonly recorded: RecordedMessage[] = [];
  private readonly ids: Set<string>;

  constructor(
    @Inject(RECORDED_MESSAGES_FILE) readonly file: string | null,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.ids = new Set(file === null ? [] : readRecordedMessages(file).map((message) => message.id));
  }

  async send(message: OutgoingMessage): Promise<void> {
    if (this.ids.has(message.id)) return;
    this.ids.add(message.id);
    const record: RecordedMessage = {
      id: message.id,
      channel: message.channel,
      to: message.to,
      ...(message.subject === undefined ? {} : { subject: message.subject }),
      text: message.text,
      template: message.template,
      recordedAt: this.clock.now().toISOString(),
    };
    try {
      if (this.file !== null) {
        await mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
        await appendFile(this.file, `${JSON.stringify(record)}\n`, { encoding: 'utf8', mode: 0o600 });
      }
    } catch (error) {
      this.ids.delete(message.id); // not recorded: a retry must record it
      throw error;
    }
    this.recorded.push(record);
  }

  /** What this instance recorded, oldest first. */
  sent(): RecordedMessage[] {
    return this.recorded.map((message) => ({ ...message }));
  }

  /** Forgets what `sent()` lists; the ids stay known, so a repeated id is still ignored. */
  clear(): void {
    this.recorded.length = 0;
  }
}

/** The messages of a recording file, oldest first (none when it does not exist); malformed lines are skipped. */
export function readRecordedMessages(file: string): RecordedMessage[] {
  if (!existsSync(file)) return [];
  const messages: RecordedMessage[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      const parsed = JSON.parse(line) as Partial<RecordedMessage>;
      if (typeof parsed.id === 'string' && typeof parsed.to === 'string' && typeof parsed.text === 'string') messages.push(parsed as RecordedMessage);
    } catch {
      // a line cut short by a crash: skipped
    }
  }
  return messages;
}
