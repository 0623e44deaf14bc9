// Plain ESM: Jest loads its global setup outside the TypeScript transform.
import chromium from '@sparticuz/chromium';
import { chromium as playwright } from 'playwright-core';

/** Chromium's flags here: no sandbox (containers, root), software GL, no /dev/shm reliance. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--no-zygote', '--disable-dev-shm-usage', '--font-render-hinting=none', '--use-gl=angle', '--use-angle=swiftshader'];

/**
 * One headless Chromium per test run (the web project's global setup: it runs only when a browser
 * spec does). The binary ships inside the @sparticuz/chromium npm package, so `npm ci` is the whole
 * set-up. Workers connect to it over its WebSocket and open a fresh context per test.
 */
export default async function browserGlobalSetup() {
  if (process.env.IYS_BROWSER_WS_ENDPOINT) return;
  const server = await playwright.launchServer({ executablePath: await chromium.executablePath(), args: CHROMIUM_ARGS, headless: true });
  process.env.IYS_BROWSER_WS_ENDPOINT = server.wsEndpoint();
  globalThis.__IYS_BROWSER_SERVER__ = server;
}
