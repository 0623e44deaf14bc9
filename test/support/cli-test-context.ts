import { randomBytes, randomUUID } from 'node:crypto';
import { ModulesContainer } from '@nestjs/core';
import { pino } from 'pino';
import { loadConfig } from '@iys/platform/config';
import type { PlatformRuntime } from '@iys/platform/nest';
import { PiiVault } from '@iys/platform/pii';
import { createTestDatabase, type TestDatabase } from '@iys/platform/testing';
import { allMigrations } from '@iys/composition';
import { SubmitApplicationCommand } from '@iys/service-provider';
import { runCli } from '../../apps/cli/src/cli-dispatcher.js';
import { createCliApplication, type CliApplication } from '../../apps/cli/src/cli.module.js';

/** The CLI's Nest context on a fresh test database, as `npm run cli` builds it (no background work). */
export async function startCliForTests(instanceId: string, env: NodeJS.ProcessEnv = {}): Promise<{ db: TestDatabase; cli: CliApplication; close(): Promise<void> }> {
  const db = await createTestDatabase(allMigrations);
  const runtime: PlatformRuntime = {
    config: loadConfig({ NODE_ENV: 'test', ...env }),
    pool: db.pool,
    vault: new PiiVault({ pool: db.pool, masterKey: randomBytes(32), hmacKey: randomBytes(32) }),
    logger: pino({ level: 'silent' }),
    runProjections: false,
    tokenSigningKey: randomBytes(32),
    instanceId,
  };
  const cli = await createCliApplication(runtime);
  return {
    db,
    cli,
    async close() {
      await cli.close();
      await db.drop();
    },
  };
}

/** Runs the CLI on its test context: exit code, stdout and stderr (lines joined). */
export async function runCliForTests(cli: CliApplication, argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runCli(argv, { commands: cli.commands, queries: cli.queries, app: cli.app, out: (line) => stdout.push(line), err: (line) => stderr.push(line), debug: false });
  return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
}

/** A provider with two brands, applied for through the command bus and approved through the CLI. */
export async function approvedProviderForTests(cli: CliApplication, title: string): Promise<{ iysCode: number; brandCodes: number[] }> {
  const applicationId = randomUUID();
  await cli.commands.execute(
    new SubmitApplicationCommand(applicationId, {
      title,
      mersis: '0015001526400496',
      taxNumber: '1234567890',
      address: 'Büyükdere Cad. No:1 Şişli İstanbul',
      signatory: { name: 'Ayşe Yılmaz', nationalId: '10000000146', mobile: '+905321234567', email: 'ayse.yilmaz@ornekticaret.com.tr' },
      brands: [
        { name: 'DENETIM', approvedAddressCount: 12000 },
        { name: 'DENETIM EXPRESS', approvedAddressCount: 300 },
      ],
    }),
  );
  const approved = await runCliForTests(cli, ['applications', 'approve', applicationId, '--activation-date', '2020-01-01T00:00:00Z', '--json']);
  if (approved.code !== 0) throw new Error(`approval failed: ${approved.stderr}`);
  const iysCode = (JSON.parse(approved.stdout) as { iysCode: number }).iysCode;
  const brands = await runCliForTests(cli, ['providers', 'brands', String(iysCode), '--json']);
  return { iysCode, brandCodes: (JSON.parse(brands.stdout) as { brandCode: number }[]).map((brand) => brand.brandCode) };
}

/** The consent context's registrar, as its C1 endpoint uses it (apps reach contexts only through their index). */
export interface RegistrarForTests {
  register(
    submissions: { recipient: string; recipientType: 'BIREYSEL' | 'TACIR'; type: 'ARAMA' | 'MESAJ' | 'EPOSTA'; status: 'ONAY' | 'RET'; consentDate?: string; source?: string }[],
    context: { iysCode: number; brandCode: number; origin: 'HS' | 'IYS'; actorKind: 'service-provider'; actorId: string; channel: string },
  ): Promise<({ ok: true; transactionId: string; creationDate: Date } | { ok: false; error: { code: string } })[]>;
}

/** The registrar instance in the Nest container, found by class name: the CLI must not import consent internals. */
export function findRegistrar(cli: CliApplication): RegistrarForTests {
  for (const module of cli.app.get(ModulesContainer).values()) {
    for (const wrapper of module.providers.values()) {
      if (wrapper.metatype && wrapper.metatype.name === 'ConsentRegistrar' && wrapper.instance) return wrapper.instance as RegistrarForTests;
    }
  }
  throw new Error('ConsentRegistrar not found in the container');
}
