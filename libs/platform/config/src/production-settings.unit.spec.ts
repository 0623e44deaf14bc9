import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadConfig } from './app-config.js';

const key = () => randomBytes(32).toString('base64');

/** A production environment that starts: every setting production insists on, well formed. */
const COMPLETE_PRODUCTION_ENV: NodeJS.ProcessEnv = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://iys:secret@db.internal:5432/iys',
  IYS_MASTER_KEY: key(),
  IYS_HMAC_KEY: key(),
  IYS_TOKEN_SIGNING_KEY: key(),
  IYS_SIGNING_KEY: randomBytes(48).toString('base64'),
  IYS_ADMIN_USERNAME: 'registry-admin',
  IYS_ADMIN_PASSWORD: randomBytes(24).toString('hex'),
  IYS_SMS_WEBHOOK_SECRET: randomBytes(32).toString('hex'),
  IYS_METRICS_TOKEN: randomBytes(32).toString('base64url'),
  IYS_PUBLIC_BASE_URL: 'https://iys.example.org',
  IYS_SMS_GATEWAY_URL: 'https://sms.example/v1/messages',
  IYS_SMTP_URL: 'smtps://iys:secret@smtp.example:465',
  IYS_MAIL_FROM: 'İYS <noreply@iys.example>',
  IYS_CALL_GATEWAY_URL: 'https://call.example/v1/calls',
};

/** The variables of the README's "Production requires" table. */
function readmeProductionList(): string[] {
  const readme = readFileSync(fileURLToPath(new URL('../../../../README.md', import.meta.url)), 'utf8');
  const start = readme.indexOf('### Production requires');
  expect(start).toBeGreaterThan(-1);
  const section = readme.slice(start + 1, readme.indexOf('\n#', start + 1) === -1 ? undefined : readme.indexOf('\n#', start + 1));
  return [...section.matchAll(/^\| `([A-Z][A-Z0-9_]*)` \|/gm)].map((match) => match[1]);
}

describe('what production requires', () => {
  it('starts with the complete environment (a new requirement must join it, and the README)', () => {
    expect(() => loadConfig(COMPLETE_PRODUCTION_ENV)).not.toThrow();
  });

  it('is exactly what the README lists: each listed variable is refused when missing, and no other is', () => {
    const required = Object.keys(COMPLETE_PRODUCTION_ENV)
      .filter((name) => name !== 'NODE_ENV')
      .filter((name) => {
        const { [name]: _left, ...without } = COMPLETE_PRODUCTION_ENV;
        try {
          loadConfig(without);
          return false;
        } catch {
          return true;
        }
      });
    expect(readmeProductionList().sort()).toEqual(required.sort());
  });
});
