import { parseIysDate } from '@iys/platform/building-blocks';
import { TakeDailySnapshotsCommand, type DailySnapshotsTaken } from '@iys/reconciliation';
import { expectPositionals, optionalString, UsageError, type CommandGroup } from '../cli-command.js';
import { present, renderTable } from '../cli-output.js';

/** The signed daily reconciliation snapshots, by hand (the worker takes them nightly). */
export const reconcileCommands: CommandGroup = {
  name: 'reconcile',
  summary: 'signed daily reconciliation snapshots',
  standalone: true,
  commands: [
    {
      name: 'reconcile',
      synopsis: 'reconcile [--date YYYY-MM-DD]',
      summary: "take the signed snapshot of a completed day, or of every completed day that has none",
      details: [
        '--date D   one Istanbul calendar day, yesterday or earlier (today and later: error H502)',
        'Without --date every day from the first movement up to yesterday that has no snapshot is taken.',
        'A day that already has a snapshot is left unchanged. Progress goes to stderr.',
      ],
      options: { date: { type: 'string' } },
      prepare({ values, positionals }) {
        expectPositionals(positionals, []);
        const date = optionalString(values, 'date');
        if (date !== undefined && parseIysDate(date) === undefined) throw new UsageError(`--date must be a day as YYYY-MM-DD (got '${date}')`);
        return async (ctx) => {
          const progress = ctx.err ?? (() => undefined);
          const taken: DailySnapshotsTaken = await ctx.commands.execute(
            new TakeDailySnapshotsCommand(date, (step) => {
              if (step.kind === 'day-started') progress(`${step.day}: ${step.brands} brand(s) with movements`);
              else if (step.kind === 'brand-done') progress(`${step.day}: brand ${step.brandCode} hashed (${step.done}/${step.total}, ${step.eventCount} events)`);
              else progress(`${step.day}: ${step.created ? 'snapshot signed and stored' : 'already had a snapshot, unchanged'}`);
            }),
          );
          present(ctx, taken, () =>
            taken.days.length === 0
              ? ['no day to snapshot']
              : renderTable(
                  ['day', 'created', 'brands', 'events', 'registryRoot', 'key'],
                  taken.days.map((day) => [day.day, day.created, day.brandCount, day.eventCount, day.registryRoot, day.publicKeyId]),
                ),
          );
        };
      },
    },
  ],
};
