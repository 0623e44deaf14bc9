import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { OpenAPIObject } from '@nestjs/swagger';
import { OpenApiConformance } from './openapi-conformance.js';

/**
 * For the specs that start the server as a process (test/e2e/server-*, demo): the harness's hook is
 * not in that process, so their answers are checked here, against the committed document
 * (docs/openapi.json, which test/e2e/openapi-document holds equal to the server's).
 */
let document: OpenAPIObject | undefined;
let templates: { template: string; pattern: RegExp; params: number }[] = [];

function load(): OpenAPIObject {
  if (!document) {
    document = JSON.parse(readFileSync(path.resolve('docs/openapi.json'), 'utf8')) as OpenAPIObject;
    templates = Object.keys(document.paths)
      .map((template) => ({
        template,
        pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
        params: (template.match(/\{/g) ?? []).length,
      }))
      // A literal segment wins over a parameter, as in the router.
      .sort((a, b) => a.params - b.params);
  }
  return document;
}

/** The document's route template of a request, undefined when no operation serves it. */
function routeOf(method: string, pathname: string): string | undefined {
  const operations = load().paths;
  const verb = method === 'HEAD' ? 'get' : method.toLowerCase();
  return templates.find(({ template, pattern }) => pattern.test(pathname) && (operations[template] as Record<string, unknown>)[verb])?.template;
}

/** Throws when an answer does not match the document: operation, status and (JSON) body. */
export function expectDocumentedAnswer(answer: { method: string; url: string; status: number; contentType?: string; body: string }): void {
  const conformance = new OpenApiConformance();
  const method = answer.method.toUpperCase();
  conformance.check(load(), method, routeOf(method, new URL(answer.url).pathname), answer.status, answer.contentType, answer.body);
  const violations = conformance.take();
  if (violations.length > 0) throw new Error(`An answer that drifts from the OpenAPI document:\n${violations.join('\n')}`);
}

/** `fetch`, and the answer checked against the document before it is returned. */
export async function documentedFetch(url: string, init: RequestInit = {}): Promise<Response> {
  const response = await fetch(url, init);
  const body = await response.clone().text();
  expectDocumentedAnswer({ method: init.method ?? 'GET', url, status: response.status, contentType: response.headers.get('content-type') ?? undefined, body });
  return response;
}
