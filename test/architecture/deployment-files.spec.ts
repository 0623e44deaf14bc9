import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { load as parseYaml } from 'js-yaml';
import { ConfigError, loadConfig } from '@iys/platform/config';

/**
 * Rules for Dockerfile and docker-compose.yml, checked without a Docker engine (hadolint-style rules
 * of our own): a multi-stage production image running as an unprivileged user that owns its data
 * folder, with a healthcheck; a compose file whose PostgreSQL is not published, whose services have
 * healthchecks, volumes and a restart policy, and which holds no secret value.
 */
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SECRET_NAME = /(KEY|SECRET|PASSWORD|TOKEN)$/;
/** `${VAR:?message}` (required) or `${VAR:-}` (optional, empty): the only forms a secret may take. */
const INTERPOLATED_SECRET = /^\$\{[A-Z0-9_]+(:\?[^}]*|:-)\}$/;

/** Every variable production refuses to start without, as loadConfig names them (IYS_MAIL_FROM once IYS_SMTP_URL is set). */
function productionRequirements(): string[] {
  const named = [{}, { IYS_SMTP_URL: 'smtp://relay.example:587' }].flatMap((extra) => {
    try {
      loadConfig({ NODE_ENV: 'production', ...extra });
    } catch (error) {
      if (error instanceof ConfigError) return error.problems.join(' ').match(/\b(?:IYS_[A-Z_]+|DATABASE_URL)\b/g) ?? [];
    }
    throw new Error('production started without its settings');
  });
  return [...new Set(named)].sort();
}

interface Instruction {
  keyword: string;
  args: string;
}

interface Stage {
  from: string;
  instructions: Instruction[];
}

function parseDockerfile(text: string): Stage[] {
  const logical = text
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const stages: Stage[] = [];
  for (const line of logical) {
    const [, keyword, args] = /^(\S+)\s*(.*)$/.exec(line)!;
    const instruction = { keyword: keyword.toUpperCase(), args };
    if (instruction.keyword === 'FROM') stages.push({ from: args, instructions: [] });
    else stages.at(-1)?.instructions.push(instruction);
  }
  return stages;
}

/** `ENV A=1 B=2` (or the legacy `ENV A 1`) as pairs. */
function envPairs(args: string): Array<[string, string]> {
  if (!args.includes('=')) {
    const [name, ...rest] = args.split(/\s+/);
    return [[name, rest.join(' ')]];
  }
  return [...args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|\S*)/g)].map(([, name, value]) => [name, value.replace(/^"|"$/g, '')]);
}

function dockerfileViolations(text: string): string[] {
  const stages = parseDockerfile(text);
  const problems: string[] = [];
  if (stages.length < 2) problems.push('the image must be multi-stage (build, then a runtime stage)');
  const runtime = stages.at(-1);
  if (!runtime) return ['no FROM'];
  const of = (keyword: string) => runtime.instructions.filter((instruction) => instruction.keyword === keyword);
  const env = new Map(of('ENV').flatMap((instruction) => envPairs(instruction.args)));
  if (env.get('NODE_ENV') !== 'production') problems.push('the runtime stage must set NODE_ENV=production');
  const user = of('USER').at(-1)?.args.split(':')[0];
  if (!user || user === 'root' || user === '0') problems.push('the runtime stage must end on a non-root USER');
  const dataDir = env.get('IYS_DATA_DIR');
  if (!dataDir) problems.push('the runtime stage must set IYS_DATA_DIR');
  else if (user && !of('RUN').some((run) => new RegExp(`chown\\s+(-R\\s+)?${user}(:\\S+)?\\s+(\\S+\\s+)*${dataDir}(\\s|$)`).test(run.args))) {
    problems.push(`the data folder ${dataDir} must be chowned to ${user}`);
  }
  if (!of('HEALTHCHECK').some((check) => /\bCMD\b/.test(check.args))) problems.push('the runtime stage must declare a HEALTHCHECK');
  if (!of('COPY').some((copy) => /--from=/.test(copy.args))) problems.push('the runtime stage must copy the build from the build stage');
  for (const stage of stages) {
    for (const instruction of stage.instructions.filter(({ keyword }) => keyword === 'ENV' || keyword === 'ARG')) {
      for (const [name, value] of envPairs(instruction.args)) {
        if (SECRET_NAME.test(name) && value) problems.push(`${instruction.keyword} ${name} bakes a secret value into the image`);
      }
    }
  }
  return problems;
}

interface ComposeService {
  image?: string;
  build?: unknown;
  environment?: Record<string, string> | string[];
  ports?: Array<string | { target?: number; published?: string | number }>;
  volumes?: unknown[];
  healthcheck?: { test?: unknown; disable?: boolean };
  restart?: string;
  depends_on?: Record<string, { condition?: string }> | string[];
}

function environmentOf(service: ComposeService): Array<[string, string]> {
  const env = service.environment ?? {};
  if (Array.isArray(env)) return env.map((entry) => [entry.split('=')[0], entry.slice(entry.indexOf('=') + 1)]);
  return Object.entries(env).map(([name, value]) => [name, String(value ?? '')]);
}

function composeViolations(text: string): string[] {
  const compose = parseYaml(text) as { services?: Record<string, ComposeService>; volumes?: Record<string, unknown> };
  const services = compose.services ?? {};
  const problems: string[] = [];
  const postgres = Object.entries(services).filter(([, service]) => /^postgres(:|$)/.test(service.image ?? ''));
  if (postgres.length === 0) problems.push('a PostgreSQL service is expected');
  for (const [name, service] of postgres) {
    if ((service.ports ?? []).length > 0) problems.push(`${name} must not publish a port on the host (PostgreSQL stays on the compose network)`);
  }
  for (const [name, service] of Object.entries(services)) {
    if (!service.healthcheck?.test || service.healthcheck.disable) problems.push(`${name} needs a healthcheck`);
    if (!service.restart || service.restart === 'no') problems.push(`${name} needs a restart policy`);
    const named = (service.volumes ?? []).filter((volume) => typeof volume === 'string' && Object.hasOwn(compose.volumes ?? {}, volume.split(':')[0]));
    if (named.length === 0) problems.push(`${name} needs a named volume for its data`);
    const dependsOn = service.depends_on ?? {};
    for (const [dependency, condition] of Array.isArray(dependsOn) ? dependsOn.map((d) => [d, {}] as const) : Object.entries(dependsOn)) {
      if ((condition as { condition?: string }).condition !== 'service_healthy') problems.push(`${name} must wait for ${dependency} with condition: service_healthy`);
    }
    for (const [variable, value] of environmentOf(service)) {
      if (SECRET_NAME.test(variable) && !INTERPOLATED_SECRET.test(value)) problems.push(`${name}.${variable} holds a literal value; require it with \${${variable}:?…}`);
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
        const password = /^[a-z][a-z0-9+.-]*:\/\/[^:/@]+:([^@]*)@/i.exec(value)?.[1];
        if (password !== undefined && !INTERPOLATED_SECRET.test(password)) problems.push(`${name}.${variable} holds a literal password`);
      }
    }
  }
  return problems;
}

describe('Dockerfile', () => {
  const text = readFileSync(join(repoRoot, 'Dockerfile'), 'utf8');

  it('builds a multi-stage production image that runs as a non-root user owning its data folder, with a healthcheck', () => {
    expect(dockerfileViolations(text)).toEqual([]);
  });

  it('the rules catch the image that ran as `node` in a root-owned /app with NODE_ENV=development', () => {
    const former = [
      'FROM node:20-bookworm-slim AS build',
      'RUN npm ci',
      'FROM node:20-bookworm-slim',
      'WORKDIR /app',
      'ENV NODE_ENV=development',
      'COPY --from=build /app/dist ./dist',
      'USER node',
      'CMD ["node", "dist/apps/api/src/main.js"]',
    ].join('\n');
    expect(dockerfileViolations(former)).toEqual([
      'the runtime stage must set NODE_ENV=production',
      'the runtime stage must set IYS_DATA_DIR',
      'the runtime stage must declare a HEALTHCHECK',
    ]);
    expect(dockerfileViolations('FROM node:20\nENV NODE_ENV=production IYS_DATA_DIR=/d\nRUN chown node /d\nHEALTHCHECK CMD true\nENV IYS_HMAC_KEY=x')).toEqual([
      'the image must be multi-stage (build, then a runtime stage)',
      'the runtime stage must end on a non-root USER',
      'the runtime stage must copy the build from the build stage',
      'ENV IYS_HMAC_KEY bakes a secret value into the image',
    ]);
  });
});

describe('docker-compose.yml', () => {
  const text = readFileSync(join(repoRoot, 'docker-compose.yml'), 'utf8');

  it('keeps PostgreSQL off the host, holds no secret value, and gives every service a healthcheck, a volume and a restart policy', () => {
    expect(composeViolations(text)).toEqual([]);
  });

  it('requires every variable the production configuration requires, in production mode', () => {
    const compose = parseYaml(text) as { services: Record<string, ComposeService> };
    const api = new Map(environmentOf(compose.services.api));
    expect(api.get('NODE_ENV')).toBe('production');
    const required = productionRequirements();
    expect(required).toEqual(expect.arrayContaining(['DATABASE_URL', 'IYS_HMAC_KEY', 'IYS_MASTER_KEY', 'IYS_SMS_WEBHOOK_SECRET', 'IYS_TOKEN_SIGNING_KEY']));
    for (const name of required.filter((variable) => variable !== 'DATABASE_URL')) {
      expect([name, api.get(name)]).toEqual([name, expect.stringMatching(new RegExp(`^\\$\\{${name}:\\?`))]);
    }
    expect(api.get('DATABASE_URL')).toMatch(/\$\{POSTGRES_PASSWORD:\?/);
  });

  it('the rules catch a published database, a default key and a service without healthcheck', () => {
    const key = randomBytes(32).toString('base64');
    const former = [
      'services:',
      '  postgres:',
      '    image: postgres:17',
      '    environment: { POSTGRES_PASSWORD: iys }',
      '    ports: ["5432:5432"]',
      '    volumes: ["pgdata:/var/lib/postgresql/data"]',
      '    healthcheck: { test: ["CMD-SHELL", "pg_isready"] }',
      '  api:',
      '    build: .',
      '    environment:',
      '      DATABASE_URL: postgres://iys:iys@postgres:5432/iys',
      `      IYS_HMAC_KEY: \${IYS_HMAC_KEY:-${key}}`,
      '    depends_on: [postgres]',
      'volumes:',
      '  pgdata:',
    ].join('\n');
    expect(composeViolations(former)).toEqual([
      'postgres must not publish a port on the host (PostgreSQL stays on the compose network)',
      'postgres needs a restart policy',
      'postgres.POSTGRES_PASSWORD holds a literal value; require it with ${POSTGRES_PASSWORD:?…}',
      'api needs a healthcheck',
      'api needs a restart policy',
      'api needs a named volume for its data',
      'api must wait for postgres with condition: service_healthy',
      'api.DATABASE_URL holds a literal password',
      'api.IYS_HMAC_KEY holds a literal value; require it with ${IYS_HMAC_KEY:?…}',
    ]);
  });
});
