import { createHash } from 'node:crypto';
import { WEB_CSS } from './assets/web.css.js';
import { WEB_JS } from './assets/web.js.js';

export interface WebAsset {
  contentType: string;
  body: string;
  /** Short content hash: URLs change when the content does, so assets may be cached for long. */
  version: string;
}

const ASSETS = new Map<string, WebAsset>();

/**
 * Adds a file the app serves at /assets/<name> (CSS or a small script; no inline code is allowed
 * by the Content-Security-Policy). Assets are TypeScript string modules so that `tsc` carries them
 * into dist/ and nothing is fetched from a CDN.
 */
export function defineAsset(name: string, contentType: string, body: string): void {
  if (!/^[a-z0-9][a-z0-9.-]*\.(css|js|svg)$/.test(name)) throw new Error(`not an asset name: ${name}`);
  const existing = ASSETS.get(name);
  if (existing && existing.body !== body) throw new Error(`asset ${name} defined twice`);
  ASSETS.set(name, { contentType, body, version: createHash('sha256').update(body).digest('hex').slice(0, 12) });
}

export const webAsset = (name: string): WebAsset | undefined => ASSETS.get(name);

/** The versioned URL of an asset, for a page's <link> or <script>. */
export function assetUrl(name: string): string {
  const asset = ASSETS.get(name);
  if (!asset) throw new Error(`unknown asset ${name}: defineAsset it first`);
  return `/assets/${name}?v=${asset.version}`;
}

defineAsset('web.css', 'text/css; charset=utf-8', WEB_CSS);
defineAsset('web.js', 'text/javascript; charset=utf-8', WEB_JS);
