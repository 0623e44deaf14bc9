import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Which context publishes each `@iys/contracts` namespace. */
const PUBLISHER_OF: Record<string, string> = {
  ServiceProviderContracts: 'service-provider',
  IdentityAccessContracts: 'identity-access',
  ConsentContracts: 'consent',
  RecipientContracts: 'recipient',
  ComplaintContracts: 'complaint',
  DealerContracts: 'dealer',
  ReconciliationContracts: 'reconciliation',
};
const NAMESPACES = Object.keys(PUBLISHER_OF).join('|');
const NAMESPACE_USE = new RegExp(`\\b(${NAMESPACES})\\.([A-Za-z_][A-Za-z0-9_]*)`, 'g');
const DESTRUCTURED = new RegExp(`\\{([^}]*)\\}\\s*=\\s*(${NAMESPACES})\\b`, 'g');

/** `[namespace, name]` for every contract a source file uses, dotted or destructured. */
function contractUses(source: string): [string, string][] {
  const dotted = [...source.matchAll(NAMESPACE_USE)].map(([, namespace, name]) => [namespace, name] as [string, string]);
  const destructured = [...source.matchAll(DESTRUCTURED)].flatMap(([, names, namespace]) =>
    names.split(',').map((name) => [namespace, name.split(':')[0].trim()] as [string, string]).filter(([, name]) => name !== ''),
  );
  return [...dotted, ...destructured];
}

export interface ContextLink {
  publisher: string;
  consumer: string;
  /** The contract names the consumer uses, sorted. */
  uses: string[];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** Every link between contexts that the code has: a consumer using a publisher's contracts. */
export function contextLinks(repoRoot: string): ContextLink[] {
  const contextsDir = join(repoRoot, 'libs', 'contexts');
  const links = new Map<string, Set<string>>();
  for (const consumer of readdirSync(contextsDir).sort()) {
    for (const file of sourceFiles(join(contextsDir, consumer, 'src'))) {
      for (const [namespace, name] of contractUses(readFileSync(file, 'utf8'))) {
        const publisher = PUBLISHER_OF[namespace];
        if (publisher === consumer) continue;
        const key = `${publisher} ${consumer}`;
        links.set(key, (links.get(key) ?? new Set()).add(name));
      }
    }
  }
  return [...links.entries()]
    .map(([key, uses]) => {
      const [publisher, consumer] = key.split(' ');
      return { publisher, consumer, uses: [...uses].sort() };
    })
    .sort((a, b) => `${a.publisher} ${a.consumer}`.localeCompare(`${b.publisher} ${b.consumer}`));
}

/** The Mermaid picture of those links, as docs/architecture/context-map.md shows it. */
export function contextMapMermaid(links: ContextLink[]): string {
  const id = (context: string) => context.replace(/-/g, '_');
  const contexts = [...new Set(Object.values(PUBLISHER_OF))].sort();
  return [
    '```mermaid',
    'flowchart LR',
    ...contexts.map((context) => `  ${id(context)}["${context}"]`),
    ...links.map(({ publisher, consumer, uses }) => `  ${id(publisher)} -- "${uses.join(', ')}" --> ${id(consumer)}`),
    '```',
  ].join('\n');
}
