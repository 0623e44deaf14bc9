import { IysHttpException, iysErrorItem } from '@iys/platform/nest';
import {
  ApproveApplicationCommand,
  ListApplicationsQuery,
  RejectApplicationCommand,
  type ApplicationListItem,
  type Approval,
} from '@iys/service-provider';
import { expectPositionals, isoDate, isUuid, oneOf, optionalString, requiredString, UsageError, type CommandGroup } from '../cli-command.js';
import { present, renderTable } from '../cli-output.js';

const STATUSES = ['pending', 'approved', 'rejected'] as const;

/** As the admin API: an id that is not a UUID names no application (H616). */
function applicationId(value: string): string {
  if (!isUuid(value)) throw new IysHttpException(404, [iysErrorItem('H616')]);
  return value;
}

/** The review queue: list, approve, reject (the admin API's /admin/applications). */
export const applicationsCommands: CommandGroup = {
  name: 'applications',
  summary: "review service providers' applications",
  commands: [
    {
      name: 'list',
      synopsis: 'applications list [--status pending|approved|rejected]',
      summary: 'list applications, oldest first',
      details: ['--status S   only applications in status S (pending, approved or rejected)'],
      options: { status: { type: 'string' } },
      prepare({ values, positionals }) {
        expectPositionals(positionals, []);
        const raw = optionalString(values, 'status');
        const status = raw === undefined ? undefined : oneOf(raw, STATUSES, '--status');
        return async (ctx) => {
          const items: ApplicationListItem[] = await ctx.queries.execute(new ListApplicationsQuery(status));
          present(ctx, items, () =>
            items.length === 0
              ? [status ? `no ${status} applications` : 'no applications']
              : renderTable(
                  ['applicationId', 'status', 'title', 'brands', 'iysCode'],
                  items.map((item) => [item.applicationId, item.status, item.title, item.brands.join(', '), item.iysCode]),
                ),
          );
        };
      },
    },
    {
      name: 'approve',
      synopsis: 'applications approve <applicationId> [--activation-date ISO]',
      summary: 'approve: issues the iysCode and a brandCode per brand',
      details: ['--activation-date D   ISO 8601; after it consents may be back-dated only 3 business days (default: now)'],
      options: { 'activation-date': { type: 'string' } },
      prepare({ values, positionals }) {
        const [rawId] = expectPositionals(positionals, ['applicationId']);
        const rawDate = optionalString(values, 'activation-date');
        const activationDate = rawDate === undefined ? undefined : isoDate(rawDate, '--activation-date');
        return async (ctx) => {
          const id = applicationId(rawId);
          const approval: Approval = await ctx.commands.execute(new ApproveApplicationCommand(id, ctx.actor, activationDate));
          present(ctx, { applicationId: id, ...approval }, () => [
            `approved application ${id}`,
            `iysCode: ${approval.iysCode}`,
            `activationDate: ${approval.activationDate}`,
            '',
            ...renderTable(['brandCode', 'name', 'master'], approval.brands.map((brand) => [brand.brandCode, brand.name, brand.master])),
          ]);
        };
      },
    },
    {
      name: 'reject',
      synopsis: 'applications reject <applicationId> --reason "…"',
      summary: 'reject with a reason',
      details: ['--reason R   why (3–1000 characters); kept with the application'],
      options: { reason: { type: 'string' } },
      prepare({ values, positionals }) {
        const [rawId] = expectPositionals(positionals, ['applicationId']);
        const reason = requiredString(values, 'reason', '"…"').trim();
        if (reason.length < 3 || reason.length > 1000) throw new UsageError('--reason must be 3 to 1000 characters');
        return async (ctx) => {
          const id = applicationId(rawId);
          await ctx.commands.execute(new RejectApplicationCommand(id, reason, ctx.actor));
          present(ctx, { applicationId: id, status: 'rejected' }, () => [`rejected application ${id}`]);
        };
      },
    },
  ],
};
