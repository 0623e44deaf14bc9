import { describe, expect, it } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contextLinks, contextMapMermaid } from './context-map.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const START = '<!-- context-map:as-built -->';
const END = '<!-- /context-map:as-built -->';

describe('the context map in docs/architecture', () => {
  it('draws exactly the links between contexts that the code has (regenerate it from the failure message)', () => {
    const file = join(repoRoot, 'docs', 'architecture', 'context-map.md');
    const doc = readFileSync(file, 'utf8');
    const from = doc.indexOf(START);
    const to = doc.indexOf(END);
    expect(from).toBeGreaterThanOrEqual(0);
    expect(to).toBeGreaterThan(from);
    const generated = contextMapMermaid(contextLinks(repoRoot));
    // `npm run docs:context-map` redraws it after a change of links.
    if (process.env.IYS_WRITE_CONTEXT_MAP === '1') writeFileSync(file, `${doc.slice(0, from + START.length)}\n${generated}\n${doc.slice(to)}`);
    else expect(doc.slice(from + START.length, to).trim()).toBe(generated);
  });

  it('finds a link the code has, so a missing one would fail the test above', () => {
    const links = contextLinks(repoRoot);
    expect(links).toContainEqual(expect.objectContaining({ publisher: 'consent', consumer: 'recipient', uses: expect.arrayContaining(['RECIPIENT_CONSENTS']) }));
  });
});
