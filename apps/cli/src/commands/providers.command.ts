import { ListBrandsQuery, SetActivationDateCommand, type BrandListItem } from '@iys/service-provider';
import { expectPositionals, isoDate, registryCode, type CommandGroup } from '../cli-command.js';
import { present, renderTable } from '../cli-output.js';

/** Approved service providers: their activation date and brands. */
export const providersCommands: CommandGroup = {
  name: 'providers',
  summary: 'approved service providers',
  commands: [
    {
      name: 'set-activation-date',
      synopsis: 'providers set-activation-date <iysCode> <ISO date>',
      summary: "change a provider's activation date",
      details: ['After the activation date, consents may be back-dated only 3 business days.'],
      prepare({ positionals }) {
        const [rawCode, rawDate] = expectPositionals(positionals, ['iysCode', 'ISO date']);
        const iysCode = registryCode(rawCode);
        const activationDate = isoDate(rawDate, 'the activation date');
        return async (ctx) => {
          await ctx.commands.execute(new SetActivationDateCommand(iysCode, activationDate, ctx.actor));
          const normalised = new Date(activationDate).toISOString();
          present(ctx, { iysCode, activationDate: normalised }, () => [`activation date of iysCode ${iysCode} set to ${normalised}`]);
        };
      },
    },
    {
      name: 'brands',
      synopsis: 'providers brands <iysCode>',
      summary: "a provider's active brands (master first)",
      prepare({ positionals }) {
        const [rawCode] = expectPositionals(positionals, ['iysCode']);
        const iysCode = registryCode(rawCode);
        return async (ctx) => {
          const brands: BrandListItem[] = await ctx.queries.execute(new ListBrandsQuery(iysCode));
          present(ctx, brands, () =>
            brands.length === 0
              ? [`no active brands for iysCode ${iysCode}`]
              : renderTable(['brandCode', 'name', 'master'], brands.map((brand) => [brand.brandCode, brand.name, brand.master])),
          );
        };
      },
    },
  ],
};
