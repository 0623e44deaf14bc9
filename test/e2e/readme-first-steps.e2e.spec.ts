import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, TEST_ADMIN, type TestApp } from './app-harness.js';

const run = promisify(execFile);

/** The fenced `bash` blocks of one README section, in order. */
export function bashBlocks(markdown: string, heading: string): string[] {
  const start = markdown.indexOf(`\n${heading}\n`);
  if (start === -1) throw new Error(`README.md has no section "${heading}"`);
  const end = markdown.indexOf('\n## ', start + heading.length + 2);
  const section = markdown.slice(start, end === -1 ? undefined : end);
  return [...section.matchAll(/^```bash\n([\s\S]*?)^```$/gm)].map((match) => match[1]!);
}

/**
 * The README's "First steps" as a newcomer pastes them: every bash block, in order, in one bash with
 * `set -euo pipefail`, against a server listening on a real port. A command that fails (curl --fail-with-body:
 * any 4xx or 5xx) fails the test, so the README cannot drift from the API.
 */
describe('README.md "First steps"', () => {
  let harness: TestApp;
  let base: string;

  beforeAll(async () => {
    harness = await startTestApp();
    if (!harness.app.getHttpServer().listening) await harness.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(harness.app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(() => harness.close());

  it('runs from the admin token to C1, C2, C6 and M1 exactly as written', async () => {
    const blocks = bashBlocks(readFileSync(new URL('../../README.md', import.meta.url), 'utf8'), '## First steps');
    expect(blocks.length).toBeGreaterThanOrEqual(5);
    const script = ['set -euo pipefail', ...blocks].join('\n');
    const { stdout } = await run('bash', ['-c', script], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, IYS: base, ADMIN_USER: TEST_ADMIN.username, ADMIN_PASSWORD: TEST_ADMIN.password },
      timeout: 120_000,
    }).catch((error: { stdout: string; stderr: string }) => {
      throw new Error(`the README's commands failed:\n${error.stderr}\n--- stdout ---\n${error.stdout}`);
    });
    // The approval, the user, C1's transaction, C2's status, C6's page and M1's summary, each on stdout.
    expect(stdout).toMatch(/"iysCode":\d+/);
    expect(stdout).toMatch(/"transactionId":"[0-9a-f-]{36}"/);
    expect(stdout).toMatch(/"status":"ONAY"/);
    expect(stdout).toMatch(/"list":\[/);
    expect(stdout).toMatch(/\{"changeStats":\[\]\}/);
  }, 180_000);

  it('stops at the first refused command (the check has teeth)', async () => {
    const blocks = bashBlocks(readFileSync(new URL('../../README.md', import.meta.url), 'utf8'), '## First steps');
    const script = ['set -euo pipefail', ...blocks.slice(0, 2)].join('\n');
    await expect(
      run('bash', ['-c', script], { env: { PATH: process.env.PATH, HOME: process.env.HOME, IYS: base, ADMIN_USER: TEST_ADMIN.username, ADMIN_PASSWORD: 'not-the-password' }, timeout: 60_000 }),
    ).rejects.toMatchObject({ stderr: expect.stringMatching(/curl: \(22\)[\s\S]*"code":"H251"/) }); // 401, and its envelope shown
  });
});
