import { formatIysDateTime } from '@iys/platform/building-blocks';
import { OutboxAdmin, RecordingMessageSender, type DeadLetter, type RecordedMessage } from '@iys/platform/outbox';
import { normaliseAddress, PiiVault } from '@iys/platform/pii';
import { expectPositionals, isUuid, optionalString, UsageError, type CommandContext, type CommandGroup } from '../cli-command.js';
import { present, renderTable } from '../cli-output.js';

/*
 * Dead letters carry no personal data. Recorded messages do (addresses, codes, links): they exist
 * only where a channel has no gateway (development), and go to stdout only, never to stderr or a log.
 */

function appOf(ctx: CommandContext): NonNullable<CommandContext['app']> {
  if (!ctx.app) throw new Error('outbox commands need the application context');
  return ctx.app;
}

const deadLetterJson = (letter: DeadLetter) => ({ ...letter, createdAt: formatIysDateTime(letter.createdAt), deadAt: formatIysDateTime(letter.deadAt) });

/**
 * The recorded messages, all or only those to one address however it was spelled. The file holds
 * the vault's recipient id, not the address: an address the vault does not know (never registered,
 * or erased) has none, and an unparseable one matches nothing.
 */
async function recordedMessages(ctx: CommandContext, to: string | undefined): Promise<{ messages: RecordedMessage[]; shownAs: (message: RecordedMessage) => string }> {
  const recorder = appOf(ctx).get(RecordingMessageSender);
  if (to === undefined) return { messages: await recorder.recorded(), shownAs: (message) => message.recipientId };
  let address: string;
  try {
    address = normaliseAddress(to).value;
  } catch {
    return { messages: [], shownAs: () => to };
  }
  const recipientId = await appOf(ctx).get(PiiVault).findRecipientId(address);
  const messages = recipientId === undefined ? [] : await recorder.recorded((message) => message.recipientId === recipientId);
  return { messages, shownAs: () => address };
}

/** The outbox, for the administrator: dead letters, sending one again, and (development) what was recorded. */
export const outboxCommands: CommandGroup = {
  name: 'outbox',
  summary: 'dead letters of the message outbox, and the messages recorded where no gateway is configured',
  commands: [
    {
      name: 'dead-letters',
      synopsis: 'outbox dead-letters [--limit N] [--after ID]',
      summary: 'messages the outbox gave up on, oldest first (no address, no content)',
      details: ['--limit N    1 to 100 (default 50)', '--after ID   the id of the last dead letter of the previous page'],
      options: { limit: { type: 'string' }, after: { type: 'string' } },
      prepare({ values, positionals }) {
        expectPositionals(positionals, []);
        const limitText = optionalString(values, 'limit') ?? '50';
        const limit = /^\d{1,3}$/.test(limitText) ? Number(limitText) : Number.NaN;
        if (!(limit >= 1 && limit <= 100)) throw new UsageError(`--limit must be an integer from 1 to 100 (got '${limitText}')`);
        const after = optionalString(values, 'after');
        if (after !== undefined && !isUuid(after)) throw new UsageError(`--after must be a message id (got '${after}')`);
        return async (ctx) => {
          const letters = (await appOf(ctx).get(OutboxAdmin).deadLetters({ limit, after })).map(deadLetterJson);
          present(ctx, { items: letters }, () =>
            letters.length === 0
              ? ['no dead letters']
              : renderTable(
                  ['id', 'channel', 'template', 'attempts', 'lastError', 'createdAt', 'deadAt'],
                  letters.map((letter) => [letter.id, letter.channel, letter.template, letter.attempts, letter.lastError, letter.createdAt, letter.deadAt]),
                ),
          );
        };
      },
    },
    {
      name: 'retry',
      synopsis: 'outbox retry <id>',
      summary: 'send a dead letter again (pending, attempts reset, same id)',
      details: ['The dispatcher sends it where background work runs (the API or the worker).'],
      prepare({ positionals }) {
        const [id] = expectPositionals(positionals, ['id']);
        if (!isUuid(id!)) throw new UsageError(`<id> must be a message id (got '${id}')`);
        return async (ctx) => {
          if (!(await appOf(ctx).get(OutboxAdmin).retry(id!))) {
            ctx.err?.(`error H690: Gönderilemeyen ileti bulunamadı. (${id!.toLowerCase()} is not a dead letter)`);
            return 1;
          }
          present(ctx, { id: id!.toLowerCase(), status: 'pending' }, () => [`${id!.toLowerCase()}: pending again`]);
        };
      },
    },
    {
      name: 'recorded',
      synopsis: 'outbox recorded [--to ADDRESS]',
      summary: 'messages recorded instead of sent, for channels without a gateway (development), newest last',
      details: [
        '--to ADDRESS   only those to this phone number or e-mail address',
        'Read from IYS_DATA_DIR/outbox/recorded-messages.jsonl and its rotated copies (.1, .2); they hold',
        'codes and links in clear, and the recipient id instead of the address.',
      ],
      options: { to: { type: 'string' } },
      prepare({ values, positionals }) {
        expectPositionals(positionals, []);
        const to = optionalString(values, 'to');
        return async (ctx) => {
          const file = appOf(ctx).get(RecordingMessageSender).file;
          const { messages, shownAs } = await recordedMessages(ctx, to);
          present(ctx, { items: messages }, () =>
            messages.length === 0
              ? [`no recorded messages in ${file}`]
              : messages.flatMap((message) => [
                  `${message.recordedAt}  ${message.channel}  ${shownAs(message)}  ${message.template}  ${message.id}`,
                  ...(message.subject === undefined ? [] : [`  subject: ${message.subject}`]),
                  ...message.text.split('\n').map((line) => `  ${line}`),
                ]),
          );
        };
      },
    },
  ],
};
