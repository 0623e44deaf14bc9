import { readFile, writeFile } from 'node:fs/promises';
import {
  GetScrubJobQuery,
  GetScrubJobResultQuery,
  isCategory,
  isConsentType,
  parseScrubList,
  parseSender,
  ScrubJobWorker,
  SubmitScrubJobCommand,
  type ScrubFormat,
  type ScrubJobProgress,
} from '@iys/consent';
import { expectPositionals, oneOf, optionalString, registryCode, requiredString, UsageError, type CommandGroup } from '../cli-command.js';
import { present } from '../cli-output.js';

const WIDTH = 30;

/** `[##########....................]  33 % (10000 of 30000)`: one line per chunk on stderr. */
export function progressBar(done: number, total: number): string {
  const share = total === 0 ? 1 : Math.min(1, done / total);
  const filled = Math.round(share * WIDTH);
  return `[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${String(Math.floor(share * 100)).padStart(3)} % (${done} of ${total})`;
}

function formatOf(file: string, given: string | undefined): ScrubFormat {
  if (given !== undefined) return oneOf(given, ['csv', 'jsonl'] as const, '--input-format');
  if (/\.csv$/i.test(file)) return 'csv';
  if (/\.(jsonl|ndjson)$/i.test(file)) return 'jsonl';
  throw new UsageError(`cannot tell the format of '${file}' from its name: give --input-format csv|jsonl`);
}

/**
 * Bulk scrub for an operator's batch system (docs/adr/0034): the same job as
 * `POST /operators/{oc}/scrub-jobs`, submitted through the same command, worked through in this
 * process with a progress bar, its result written to a file or standard output.
 */
export const scrubCommands: CommandGroup = {
  name: 'scrub',
  summary: 'scrub a campaign list against the registry (operator gate)',
  standalone: true,
  commands: [
    {
      name: 'scrub',
      synopsis: 'scrub --file <list.csv|list.jsonl> --operator <code> --type MESAJ|ARAMA|EPOSTA (--sender-id ID | --iys-code N --brand-code N) [--category TICARI|BILGILENDIRME] [--result allowed|decisions] [--out FILE]',
      summary: 'submit a list of up to 1 000 000 recipients as a scrub job, work it through, write the allowed list (or every decision)',
      details: [
        '--file          CSV (first column; a "recipient" header is skipped) or JSON lines; --input-format csv|jsonl when the name does not say',
        '--result        allowed (default): the recipients that may be sent to; decisions: recipient,decision,reason for every line',
        '--out FILE      write the result there (default: standard output); progress goes to standard error',
      ],
      options: {
        file: { type: 'string' },
        'input-format': { type: 'string' },
        operator: { type: 'string' },
        type: { type: 'string' },
        category: { type: 'string' },
        'sender-id': { type: 'string' },
        'iys-code': { type: 'string' },
        'brand-code': { type: 'string' },
        result: { type: 'string' },
        out: { type: 'string' },
      },
      prepare({ values, positionals }) {
        expectPositionals(positionals, []);
        const file = requiredString(values, 'file', '<list.csv|list.jsonl>');
        const inputFormat = formatOf(file, optionalString(values, 'input-format'));
        const operatorCode = registryCode(requiredString(values, 'operator', '<code>'), '--operator');
        const type = requiredString(values, 'type', 'MESAJ|ARAMA|EPOSTA');
        if (!isConsentType(type)) throw new UsageError(`--type must be one of MESAJ, ARAMA, EPOSTA (got '${type}')`);
        const category = optionalString(values, 'category') ?? 'TICARI';
        if (!isCategory(category)) throw new UsageError(`--category must be one of TICARI, BILGILENDIRME (got '${category}')`);
        const senderId = optionalString(values, 'sender-id');
        const iysCode = optionalString(values, 'iys-code');
        const brandCode = optionalString(values, 'brand-code');
        if ((senderId === undefined) === (iysCode === undefined || brandCode === undefined)) {
          throw new UsageError('give the sender as --sender-id ID, or as --iys-code N --brand-code N');
        }
        const sender = parseSender(
          senderId !== undefined ? { senderId } : { iysCode: registryCode(iysCode!, '--iys-code'), brandCode: registryCode(brandCode!, '--brand-code') },
        );
        if (!sender) throw new UsageError('--sender-id must be 1 to 255 characters');
        const result = oneOf(optionalString(values, 'result') ?? 'allowed', ['allowed', 'decisions'] as const, '--result');
        const out = optionalString(values, 'out');

        return async (ctx) => {
          const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
            throw new UsageError(`cannot read '${file}' (${error.code ?? 'error'})`);
          });
          const recipients = parseScrubList(text, inputFormat);
          if (!recipients) throw new UsageError(`'${file}' is not a ${inputFormat} list of 1 to 1 000 000 recipients`);
          const { jobId, total }: { jobId: string; total: number } = await ctx.commands.execute(new SubmitScrubJobCommand(operatorCode, sender, type, category, recipients));
          ctx.err?.(`scrub job ${jobId}: ${total} recipients`);
          const progress = () => ctx.queries.execute(new GetScrubJobQuery(operatorCode, jobId)) as Promise<ScrubJobProgress>;
          const worker = ctx.app?.get(ScrubJobWorker);
          if (!worker) throw new Error('the scrub worker is not available');
          // Worked through here; if an API worker on the same database holds it, follow its progress.
          let done = 0;
          await worker.drainJob(jobId, (recipients) => ctx.err?.(progressBar((done += recipients), total)));
          let state = await progress();
          while (state.status !== 'completed') {
            await new Promise((resolve) => setTimeout(resolve, 500));
            state = await progress();
            ctx.err?.(progressBar(state.processed, state.total));
          }
          let written = '';
          for await (const part of (await ctx.queries.execute(new GetScrubJobResultQuery(operatorCode, jobId, result))) as AsyncIterable<string>) written += part;
          if (out !== undefined) await writeFile(out, written);
          else for (const line of written.split('\r\n').filter(Boolean)) ctx.out(line);
          const summary = { jobId, total: state.total, allowed: state.allowed, result, ...(out !== undefined ? { out } : {}) };
          if (out !== undefined) present(ctx, summary, () => [`scrub job ${jobId}: ${state.allowed} of ${state.total} allowed; ${result} written to ${out}`]);
        };
      },
    },
  ],
};
