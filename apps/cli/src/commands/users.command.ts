import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { ROLES } from '@iys/platform/building-blocks';
import { CreateApiUserCommand } from '@iys/identity-access';
import { expectPositionals, oneOf, optionalString, registryCode, requiredString, UsageError, type CommandGroup, type ParsedArguments } from '../cli-command.js';
import { present } from '../cli-output.js';

/** 24 random bytes: 32 URL-safe characters, far above the registry's 12-character minimum. */
export function generatePassword(): string {
  return randomBytes(24).toString('base64url');
}

const MAX_ALLOWED_IPS = 50;

function ipAddresses(raw: ParsedArguments['values'][string]): string[] {
  const given = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  const addresses = given.map((value) => {
    if (typeof value !== 'string' || isIP(value.trim()) === 0) throw new UsageError(`--allowed-ip must be an IPv4 or IPv6 address (got '${String(value)}')`);
    return value.trim();
  });
  if (addresses.length > MAX_ALLOWED_IPS) throw new UsageError(`at most ${MAX_ALLOWED_IPS} --allowed-ip addresses`);
  return [...new Set(addresses)];
}

/** API users (the admin API's POST /admin/users). */
export const usersCommands: CommandGroup = {
  name: 'users',
  summary: 'API users of the registry',
  commands: [
    {
      name: 'create',
      synopsis: `users create --username U --role ${ROLES.join('|')} [--iys-code N] [--integrator-code N] [--allowed-ip IP]… [--password P | --password-stdin]`,
      summary: 'create an API user',
      details: [
        '--username U         3–64 characters: letters, digits and . _ -',
        '--role R             admin, provider, integrator, authority or operator',
        '--iys-code N         the provider the user acts for (required for, and only for, role provider)',
        '--integrator-code N  the integrator the user acts for (required for, and only for, role integrator)',
        '--allowed-ip IP      a source address the user may call from; repeat for more (default: any)',
        '--password P         at least 12 characters (visible in the shell history: prefer --password-stdin)',
        '--password-stdin     read the password from standard input',
        'Without a password a strong random one is generated and printed once.',
      ],
      options: {
        username: { type: 'string' },
        role: { type: 'string' },
        'iys-code': { type: 'string' },
        'integrator-code': { type: 'string' },
        'allowed-ip': { type: 'string', multiple: true },
        password: { type: 'string' },
        'password-stdin': { type: 'boolean' },
      },
      prepare({ values, positionals }) {
        expectPositionals(positionals, []);
        const username = requiredString(values, 'username', 'U');
        const role = oneOf(requiredString(values, 'role', 'R'), ROLES, '--role');
        const rawCode = optionalString(values, 'iys-code');
        const iysCode = rawCode === undefined ? null : registryCode(rawCode, '--iys-code');
        const rawIntegrator = optionalString(values, 'integrator-code');
        const integratorCode = rawIntegrator === undefined ? null : registryCode(rawIntegrator, '--integrator-code');
        const allowedIps = ipAddresses(values['allowed-ip']);
        const given = optionalString(values, 'password');
        const fromStdin = values['password-stdin'] === true;
        if (given !== undefined && fromStdin) throw new UsageError('give either --password or --password-stdin, not both');

        return async (ctx) => {
          let password = given;
          if (fromStdin) {
            if (!ctx.readStdin) throw new UsageError('--password-stdin: standard input is not available');
            password = (await ctx.readStdin()).replace(/\r?\n$/, '');
            if (password === '') throw new UsageError('--password-stdin: standard input was empty');
          }
          const generated = password === undefined;
          password ??= generatePassword();

          const userId: string = await ctx.commands.execute(new CreateApiUserCommand(username, password, role, iysCode, ctx.actor, integratorCode, allowedIps));
          present(ctx, { userId, username, role, iysCode, integratorCode, allowedIps, ...(generated ? { password } : {}) }, () => [
            `created ${role} user ${username}${iysCode === null ? '' : ` for iysCode ${iysCode}`}${integratorCode === null ? '' : ` for integratorCode ${integratorCode}`} (userId ${userId})`,
            ...(allowedIps.length > 0 ? [`allowed from: ${allowedIps.join(', ')}`] : []),
            ...(generated ? [`password: ${password}`, 'The password is shown only this once: store it now.'] : []),
          ]);
        };
      },
    },
  ],
};
