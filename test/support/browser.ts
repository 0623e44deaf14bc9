import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect } from '@jest/globals';
import chromium from '@sparticuz/chromium';
import { chromium as playwright, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ProjectionRunner } from '@iys/platform/event-store';
import { ProjectionRegistry } from '@iys/platform/nest';
import { startTestApp, type TestApp } from '../e2e/app-harness.js';
// @ts-expect-error a plain .mjs module shared with the global setup
import { CHROMIUM_ARGS } from './browser-global-setup.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
/** Screenshots of failed browser tests land here (git-ignored). */
export const BROWSER_OUTPUT_DIR = path.join(here, '..', '.browser-output');

let browser: Promise<Browser> | undefined;

/** This worker's connection to the run's one Chromium (launched by the web project's global setup). */
export function sharedBrowser(): Promise<Browser> {
  browser ??= (async () => {
    const endpoint = process.env.IYS_BROWSER_WS_ENDPOINT;
    // Run outside the web project (no global setup): a Chromium of this file's own.
    if (!endpoint) return playwright.launch({ executablePath: await chromium.executablePath(), args: CHROMIUM_ARGS as string[], headless: true });
    return playwright.connect(endpoint);
  })();
  return browser;
}

afterAll(async () => {
  if (browser) await (await browser).close();
  browser = undefined;
});

export interface WebTestApp extends TestApp {
  /** http://127.0.0.1:<port> */
  baseUrl: string;
}

/** The real application (as startTestApp) listening on an ephemeral port, for a browser to open. */
export async function startWebTestApp(...args: Parameters<typeof startTestApp>): Promise<WebTestApp> {
  const harness = await startTestApp(...args);
  await harness.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = harness.app.getHttpServer().address() as AddressInfo;
  return { ...harness, baseUrl: `http://127.0.0.1:${port}` };
}

export interface PageRun {
  page: Page;
  context: BrowserContext;
}

/**
 * Runs `body` on a fresh page in a fresh context (its own cookies), Turkish locale, a phone-sized
 * viewport unless said. A failure writes a screenshot of the page to test/.browser-output/. Any
 * Content-Security-Policy violation or script error on the page fails the test too.
 */
export async function withPage<T>(
  baseUrl: string,
  name: string,
  body: (run: PageRun) => Promise<T>,
  { viewport = { width: 390, height: 844 } }: { viewport?: { width: number; height: number } } = {},
): Promise<T> {
  const context = await (await sharedBrowser()).newContext({ baseURL: baseUrl, locale: 'tr-TR', viewport, acceptDownloads: true });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && !/Failed to load resource/.test(message.text())) problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`script error: ${error.message}`));
  try {
    const result = await body({ page, context });
    expect(problems).toEqual([]);
    return result;
  } catch (error) {
    mkdirSync(BROWSER_OUTPUT_DIR, { recursive: true });
    const file = path.join(BROWSER_OUTPUT_DIR, `${name.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 100)}.png`);
    await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
    if (error instanceof Error) error.message += `\n(screenshot: ${path.relative(process.cwd(), file)})`;
    throw error;
  } finally {
    await context.close();
  }
}

const require = createRequire(import.meta.url);
let axeSource: string | undefined;

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * axe-core (from node_modules, evaluated in the page without a <script> tag, so the page's CSP
 * stays as served) on the current page: no serious or critical violation of WCAG 2.0/2.1/2.2 A/AA.
 */
export async function expectAccessible(page: Page): Promise<void> {
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const scope = globalThis as unknown as { axe: { run(context: unknown, options: object): Promise<{ violations: AxeViolation[] }> }; document: unknown };
    const result = await scope.axe.run(scope.document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')} [${page.url()}]`)).toEqual([]);
}

/** Waits until every async projection of the app has caught up (inline ones are written with the events) (the caught-up probe; no sleeps). */
export async function projectionsCaughtUp(app: TestApp['app']): Promise<void> {
  const runner = app.get(ProjectionRunner);
  for (const projection of app.get(ProjectionRegistry).all().filter((p) => !p.inline)) await runner.waitUntilCaughtUp(projection, { timeoutMs: 15_000 });
}
