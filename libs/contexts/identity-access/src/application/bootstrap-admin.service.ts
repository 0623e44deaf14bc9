import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { AppConfig } from '@iys/platform/config';
import { APP_CONFIG, PROCESS_GROUP, ProcessGroup } from '@iys/platform/nest';
import { ACCOUNTS, type Accounts } from './accounts.port.js';
import { CreateApiUserCommand } from './commands/create-api-user/create-api-user.command.js';

/**
 * The first start creates the registry administrator from IYS_ADMIN_USERNAME / IYS_ADMIN_PASSWORD.
 * In development without them, `admin` gets a random password that is printed once, here.
 */
@Injectable()
export class BootstrapAdminService implements OnApplicationBootstrap {
  private readonly logger = new Logger('bootstrap-admin');

  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(ACCOUNTS) private readonly accounts: Accounts,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(PROCESS_GROUP) private readonly group: ProcessGroup,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // With several API processes, their background worker alone creates it (and prints it once: ADR 0058).
    if (this.group.role === 'api') return;
    if (await this.accounts.hasAdmin()) return;
    const username = this.config.IYS_ADMIN_USERNAME ?? 'admin';
    const password = this.config.IYS_ADMIN_PASSWORD ?? randomBytes(18).toString('base64url');
    try {
      await this.commands.execute(new CreateApiUserCommand(username, password, 'admin', null, 'system'));
    } catch (error) {
      // Another instance created it at the same moment.
      if ((error as { code?: string }).code === 'H621') return;
      throw error;
    }
    if (this.config.IYS_ADMIN_PASSWORD) {
      this.logger.log({ username }, 'registry administrator created');
      return;
    }
    this.logger.warn({ username }, 'registry administrator created with a generated development password (printed once, framed, on stdout)');
    // Outside the JSON log on purpose: shown whatever LOG_LEVEL is, readable by a person, never in a log store.
    process.stdout.write(framedCredentials(username, password));
  }
}

/** The generated administrator credentials as a framed block a newcomer cannot miss. */
export function framedCredentials(username: string, password: string): string {
  const lines = [
    'Registry administrator (development, generated on this first start; shown only now):',
    `  username: ${username}`,
    `  password: ${password}`,
    'Set IYS_ADMIN_USERNAME / IYS_ADMIN_PASSWORD before a first start to choose them instead.',
  ];
  const width = Math.max(...lines.map((line) => line.length));
  const rule = `+${'-'.repeat(width + 2)}+`;
  return [rule, ...lines.map((line) => `| ${line.padEnd(width)} |`), rule, ''].join('\n');
}
