import { EventChainVerifier, type VerificationReport } from '@iys/platform/event-store';
import {
  AUDIT_CONSENT_TYPES,
  AUDIT_RECIPIENT_TYPES,
  AuditAsOfQuery,
  AuditHistoryQuery,
  type AuditAsOf,
  type AuditChainResult,
  type AuditConsentEvent,
  type AuditHistory,
} from '@iys/reconciliation';
import { oneOf, optionalString, requiredString, UsageError, type CommandGroup, type ParsedArguments } from '../cli-command.js';
import { present, renderTable } from '../cli-output.js';

/*
 * The address is personal data. It may go to stdout (the authority running the CLI asked for it), but
 * never into an error message, a log line or stderr: nothing here echoes an argument back.
 */

const IYS_DATE_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

/** Exactly one positional, the address; a stray second one is refused without echoing either. */
function addressArgument(positionals: string[]): string {
  if (positionals.length === 0) throw new UsageError('missing <address>');
  if (positionals.length > 1) throw new UsageError(`expected one <address>, got ${positionals.length} arguments (quote an address with spaces)`);
  const address = positionals[0];
  if (address.trim() === '') throw new UsageError('<address> is empty');
  return address;
}

function noPositionals(positionals: string[]): void {
  if (positionals.length > 0) throw new UsageError(`unexpected argument(s): this command takes none (got ${positionals.length})`);
}

/** A brand code: a positive integer. Unlike registryCode() the value is not echoed (it may be a misplaced address). */
function brandCodeOption(values: ParsedArguments['values']): number {
  const value = requiredString(values, 'brand-code', 'N');
  const parsed = /^\d{1,10}$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(parsed) || parsed <= 0 || parsed > 2_147_483_647) throw new UsageError('--brand-code must be a positive integer');
  return parsed;
}

const chainText = (chain: AuditChainResult) =>
  chain.ok
    ? `chain ok (${chain.eventsChecked} event(s) checked)`
    : `CHAIN BROKEN at position ${chain.firstBroken?.position ?? '?'} (${chain.firstBroken?.reason ?? 'unknown'}), ${chain.eventsChecked} event(s) verified before it`;

const EVENT_HEADERS = ['position', 'status', 'consentDate', 'creationDate', 'source', 'origin', 'actorKind', 'actorId', 'channel', 'transactionId'];
const eventCells = (event: AuditConsentEvent) => [
  event.position,
  event.status,
  event.consentDate,
  event.creationDate,
  event.source,
  event.origin,
  event.actorKind,
  event.actorId,
  event.channel,
  event.transactionId,
];

function historyText(history: AuditHistory): string[] {
  const lines = [`recipient: ${history.recipient}`];
  if (history.consents.length === 0) return [...lines, 'no consents recorded for this address'];
  history.consents.forEach((consent, index) => {
    lines.push(
      '',
      `consent ${index + 1}/${history.consents.length}: iysCode ${consent.iysCode}, brandCode ${consent.brandCode}, ${consent.type}, ${consent.recipientType}: ${chainText(consent.chain)}`,
      ...renderTable(EVENT_HEADERS, consent.events.map(eventCells)).map((line) => `  ${line}`),
    );
  });
  return lines;
}

/** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled. */
function csvField(value: string | number | boolean | null | undefined): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const CSV_HEADERS = ['recipient', 'iysCode', 'brandCode', 'type', 'recipientType', 'chainOk', ...EVENT_HEADERS];

/** One header line, then one row per event (every consent's events, in the history's order). */
export function historyCsv(history: AuditHistory): string[] {
  const rows = history.consents.flatMap((consent) =>
    consent.events.map((event) => [history.recipient, consent.iysCode, consent.brandCode, consent.type, consent.recipientType, consent.chain.ok, ...eventCells(event)]),
  );
  return [CSV_HEADERS, ...rows].map((row) => row.map(csvField).join(','));
}

function asOfText(request: AuditAsOfQuery, answer: AuditAsOf): string[] {
  const lines = [
    `recipient: ${request.recipient}`,
    `consent: brandCode ${request.brandCode}, ${request.type}, ${request.recipientType}`,
    `at: ${answer.at}`,
    `state: ${answer.state}`,
    chainText(answer.chain),
  ];
  if (answer.proof.length === 0) return [...lines, 'no event recorded up to then'];
  return [
    ...lines,
    '',
    'proof (every event recorded up to then, with its chain hash):',
    ...renderTable([...EVENT_HEADERS, 'hash'], answer.proof.map((event) => [...eventCells(event), event.hash])).map((line) => `  ${line}`),
    '',
    'inclusion in the signed daily snapshots (--json for the audit paths and the signature):',
    ...renderTable(
      ['transactionId', 'day', 'status', 'leaf', 'brandRoot', 'registryRoot', 'key'],
      answer.inclusionProofs.map(({ transactionId, inclusion }) =>
        inclusion.status === 'included'
          ? [transactionId, inclusion.day, 'included', `${inclusion.leafIndex + 1}/${inclusion.leafCount}`, inclusion.brandRoot, inclusion.registryRoot, inclusion.publicKeyId]
          : [transactionId, inclusion.day, inclusion.status === 'unverifiable' ? `UNVERIFIABLE (${inclusion.reason})` : inclusion.status, '', '', '', ''],
      ),
    ).map((line) => `  ${line}`),
  ];
}

/** The verifier's report as JSON: the bigint global position as a string. */
function verificationJson(report: VerificationReport) {
  const { firstBroken, ...rest } = report;
  return firstBroken ? { ...rest, firstBroken: { ...firstBroken, globalPosition: firstBroken.globalPosition?.toString() } } : rest;
}

/** The consent audit for Ministry auditors, and the whole event store's hash-chain check. */
export const auditCommands: CommandGroup = {
  name: 'audit',
  summary: "consent audit (an address's history, a consent's state at an instant) and the event store's hash-chain check",
  commands: [
    {
      name: 'history',
      synopsis: 'audit history <address> [--format text|csv]',
      summary: "every consent of an address across providers and brands, each change in order, each consent's chain check",
      details: [
        '<address>      a phone number (+905xxxxxxxxx) or an e-mail address; quote it in the shell',
        '--format csv   one CSV row per event (with a header line) instead of the text tables',
        '--json         the whole answer as one JSON line (not with --format csv)',
        'The address is personal data: it is printed on stdout only, never logged.',
      ],
      options: { format: { type: 'string' } },
      prepare({ values, positionals }) {
        const address = addressArgument(positionals);
        const format = oneOf(optionalString(values, 'format') ?? 'text', ['text', 'csv'] as const, '--format');
        if (format === 'csv' && values.json === true) throw new UsageError('--json and --format csv exclude each other');
        return async (ctx) => {
          const history: AuditHistory = await ctx.queries.execute(new AuditHistoryQuery(address));
          if (format === 'csv') {
            for (const line of historyCsv(history)) ctx.out(line);
            return;
          }
          present(ctx, history, () => historyText(history));
        };
      },
    },
    {
      name: 'as-of',
      synopsis: 'audit as-of --recipient A --brand-code N --type T --recipient-type R --at "YYYY-MM-DD HH:mm:ss"',
      summary: 'a consent’s state as the registry knew it at a past instant, with the events, chain hashes and snapshot inclusion proofs it rests on',
      details: [
        '--recipient A        the phone number (ARAMA, MESAJ) or e-mail address (EPOSTA)',
        '--brand-code N       the brand',
        `--type T             ${AUDIT_CONSENT_TYPES.join(', ')}`,
        `--recipient-type R   ${AUDIT_RECIPIENT_TYPES.join(', ')}`,
        '--at "…"             Europe/Istanbul, by the registry\'s recording time (creationDate): an event',
        '                     recorded in that very second counts',
        'Each event also gets its inclusion proof in the signed snapshot of its day (pending-snapshot while',
        'that day has none); the proof format is in libs/contexts/reconciliation/README.md.',
      ],
      options: {
        recipient: { type: 'string' },
        'brand-code': { type: 'string' },
        type: { type: 'string' },
        'recipient-type': { type: 'string' },
        at: { type: 'string' },
      },
      prepare({ values, positionals }) {
        noPositionals(positionals);
        const recipient = requiredString(values, 'recipient', 'A');
        const brandCode = brandCodeOption(values);
        const type = oneOf(requiredString(values, 'type', 'T'), AUDIT_CONSENT_TYPES, '--type');
        const recipientType = oneOf(requiredString(values, 'recipient-type', 'R'), AUDIT_RECIPIENT_TYPES, '--recipient-type');
        const at = requiredString(values, 'at', '"YYYY-MM-DD HH:mm:ss"');
        if (!IYS_DATE_TIME.test(at)) throw new UsageError('--at must be "YYYY-MM-DD HH:mm:ss" (Europe/Istanbul)');
        const query = new AuditAsOfQuery(recipient, brandCode, type, recipientType, at);
        return async (ctx) => {
          const answer: AuditAsOf = await ctx.queries.execute(query);
          present(ctx, answer, () => asOfText(query, answer));
        };
      },
    },
    {
      name: 'verify',
      synopsis: 'audit verify',
      summary: "re-compute every stream's hash chain in the whole event store and report the first broken link",
      details: [
        'Progress goes to stderr. Exit status 1 when a link is broken (edited, removed or inserted event,',
        'or a stream head that does not match its events); the report names the stream and position.',
      ],
      prepare({ positionals }) {
        noPositionals(positionals);
        return async (ctx) => {
          if (!ctx.app) throw new Error('audit verify needs the application context (EventChainVerifier)');
          const verifier = ctx.app.get(EventChainVerifier);
          const progress = ctx.err ?? (() => undefined);
          progress('verifying the event store hash chains…');
          const report = await verifier.verifyAll({ onProgress: (events) => progress(`${events} event(s) verified`) });
          present(ctx, verificationJson(report), () => {
            const counts = `${report.streamsChecked} stream(s), ${report.eventsChecked} event(s) verified`;
            if (!report.firstBroken) return [`event store intact: ${counts}`];
            const link = report.firstBroken;
            return [
              'event store hash chain BROKEN',
              `first broken link: stream ${link.streamId}, position ${link.streamPosition}${link.globalPosition === undefined ? '' : ` (global position ${link.globalPosition})`}: ${link.reason}`,
              `before it: ${counts}`,
            ];
          });
          if (report.ok) return 0;
          progress('error: the event store hash chain is broken (first broken link on stdout)');
          return 1;
        };
      },
    },
  ],
};
