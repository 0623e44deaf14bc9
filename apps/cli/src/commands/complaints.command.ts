import { complaintStatsCsv, GetComplaintStatsQuery, type ComplaintStats } from '@iys/complaint';
import { expectPositionals, optionalString, UsageError, type CommandGroup } from '../cli-command.js';
import { present, renderTable } from '../cli-output.js';

/** Complaint statistics for the administrator: the same numbers the ministry-wide authority sees. */
export const complaintsCommands: CommandGroup = {
  name: 'complaints',
  summary: 'complaint statistics',
  commands: [
    {
      name: 'stats',
      synopsis: 'complaints stats [--format text|csv]',
      summary: 'complaints per provider, brand and month; justified share; median days to decision; check-step deflection',
      details: ['--format csv   the CSV the authority downloads (GET /complaints/stats?format=csv); --json for JSON'],
      options: { format: { type: 'string' } },
      prepare({ values, positionals }) {
        expectPositionals(positionals, []);
        const format = optionalString(values, 'format') ?? 'text';
        if (format !== 'text' && format !== 'csv') throw new UsageError(`--format must be text or csv (got '${format}')`);
        return async (ctx) => {
          const stats: ComplaintStats = await ctx.queries.execute(new GetComplaintStatsQuery(undefined));
          if (format === 'csv' && !ctx.json) {
            for (const line of complaintStatsCsv(stats).split('\r\n').filter(Boolean)) ctx.out(line);
            return;
          }
          present(ctx, stats, () => [
            ...(stats.rows.length === 0
              ? ['no complaints']
              : renderTable(
                  ['month', 'iysCode', 'brandCode', 'complaints', 'decided', 'justified', 'justifiedShare', 'medianDays'],
                  stats.rows.map((r) => [r.month, r.iysCode, r.brandCode, r.complaints, r.decided, r.justified, r.justifiedShare, r.medianDaysToDecision]),
                )),
            `checks: ${stats.checks.total}, followed by a complaint: ${stats.checks.followedByComplaint}, deflection rate: ${stats.checks.deflectionRate ?? '-'}`,
          ]);
        };
      },
    },
  ],
};
