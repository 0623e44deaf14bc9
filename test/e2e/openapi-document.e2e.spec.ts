import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { OpenAPIObject } from '@nestjs/swagger';
import { iysCodeEntry, isIysCodeRegistered } from '@iys/platform/nest';
import { openApiDocumentOf } from '../../apps/api/src/http-app.js';
import { startTestApp, type TestApp } from './app-harness.js';
import { expectDocumentedAnswer } from './documented-fetch.js';
import { UNDOCUMENTED_OPERATIONS, UNDOCUMENTED_OPERATIONS_CAP } from './openapi-allow-list.js';

/**
 * The committed OpenAPI document (docs/openapi.json) and the client types generated from it
 * (test/support/generated/iys-api.ts) are the server's current ones. `npm run docs:openapi`
 * rewrites both (docs/adr/0043).
 */
const DOCUMENT_FILE = path.resolve('docs/openapi.json');
const TYPES_FILE = path.resolve('test/support/generated/iys-api.ts');
const WRITE = process.env.IYS_WRITE_OPENAPI === '1';
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

function generateTypes(documentFile: string, out: string): string {
  execFileSync(process.execPath, [path.resolve('node_modules/openapi-typescript/bin/cli.js'), documentFile, '-o', out, '--root-types', '--alphabetize'], { stdio: 'pipe' });
  return `/* eslint-disable */\n// Generated from docs/openapi.json by openapi-typescript (npm run docs:openapi); do not edit.\n${readFileSync(out, 'utf8')}`;
}

function operations(document: OpenAPIObject) {
  return Object.entries(document.paths).flatMap(([route, item]) =>
    METHODS.filter((method) => item[method]).map((method) => ({ key: `${method.toUpperCase()} ${route}`, operation: item[method]! })),
  );
}

type Responses = Record<string, { description?: string; content?: Record<string, { schema?: unknown }> } | undefined>;
/** A 2xx with a body schema, or one described as having none (Nest's own placeholder has no description). */
const hasSuccessSchema = (operation: { responses?: unknown }) =>
  Object.entries((operation.responses ?? {}) as Responses).some(
    ([status, response]) => status.startsWith('2') && (status === '204' || response?.content !== undefined || Boolean(response?.description)),
  );

describe('the OpenAPI document', () => {
  let harness: TestApp;
  let document: OpenAPIObject;
  let text: string;

  beforeAll(async () => {
    harness = await startTestApp();
    document = openApiDocumentOf(harness.app);
    text = `${JSON.stringify(document, null, 2)}\n`;
    if (WRITE) writeFileSync(DOCUMENT_FILE, text);
  });
  afterAll(() => harness.close());

  it('is the committed docs/openapi.json (npm run docs:openapi rewrites it)', () => {
    expect(existsSync(DOCUMENT_FILE) ? readFileSync(DOCUMENT_FILE, 'utf8') : '').toBe(text);
  });

  it('generates the committed client types', () => {
    const scratch = mkdtempSync(path.join(os.tmpdir(), 'iys-openapi-'));
    try {
      const generated = generateTypes(DOCUMENT_FILE, path.join(scratch, 'iys-api.ts'));
      if (WRITE) writeFileSync(TYPES_FILE, generated);
      expect(readFileSync(TYPES_FILE, 'utf8')).toBe(generated);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it('describes the success answer of every operation outside the shrinking allow-list', () => {
    const undocumented = operations(document).filter(({ operation }) => !hasSuccessSchema(operation)).map(({ key }) => key);
    expect(undocumented.filter((key) => !UNDOCUMENTED_OPERATIONS.has(key))).toEqual([]);
    // The list only shrinks: an entry that is now documented, or no longer served, must go.
    expect([...UNDOCUMENTED_OPERATIONS].filter((key) => !undocumented.includes(key))).toEqual([]);
    // …and it cannot grow: every operation is documented (the cap is 0).
    expect(UNDOCUMENTED_OPERATIONS.size).toBeLessThanOrEqual(UNDOCUMENTED_OPERATIONS_CAP);
    expect(UNDOCUMENTED_OPERATIONS_CAP).toBe(0);
  });

  it('names only registered İYS codes for the error statuses of every operation, as an enum of the envelope code', () => {
    const problems: string[] = [];
    for (const { key, operation } of operations(document)) {
      for (const [status, response] of Object.entries((operation.responses ?? {}) as Record<string, { 'x-iys-codes'?: string[] }>)) {
        for (const code of response['x-iys-codes'] ?? []) if (!isIysCodeRegistered(code)) problems.push(`${key} ${status}: ${code} is not a registered İYS code`);
      }
    }
    expect(problems).toEqual([]);
    // The check of every answer rests on this: an error's code is an enum per operation and status.
    const consent = document.paths['/sps/{iysCode}/brands/{brandCode}/consents'].post!.responses['403'] as { content: Record<string, { schema: { allOf: unknown[] } }> };
    expect(consent.content['application/json'].schema.allOf[1]).toMatchObject({ properties: { errors: { items: { properties: { code: { enum: expect.arrayContaining(['H195', 'H363']) } } } } } });
    expect(iysCodeEntry('H195').status).toBe(403);
  });

  it('checks an answer of a server process code by code against the committed document', () => {
    const refusal = (code: string) => ({ method: 'POST', url: 'http://127.0.0.1:1/sps/700001/brands/700001/consents', status: 403, contentType: 'application/json', body: JSON.stringify({ errors: [{ code, message: 'm' }] }) });
    expect(() => expectDocumentedAnswer(refusal('H195'))).not.toThrow();
    // H641 is a code of C2 (404), not of C1 and not with 403.
    expect(() => expectDocumentedAnswer(refusal('H641'))).toThrow(/must be equal to one of the allowed values/);
    expect(() => expectDocumentedAnswer({ ...refusal('H195'), status: 418 })).toThrow(/the status is not documented/);
    expect(() => expectDocumentedAnswer({ method: 'GET', url: 'http://127.0.0.1:1/health/live', status: 200, contentType: 'application/json', body: '{"status":"fine"}' })).toThrow(/does not match/);
  });

  it('describes the error envelope on every operation and names the bearer scheme where a token is needed', () => {
    for (const { key, operation } of operations(document)) {
      expect({ key, edge: (operation.responses as Record<string, unknown>)['500'] }).toEqual({ key, edge: { $ref: '#/components/responses/Edge500' } });
    }
    expect(document.components?.responses?.Edge500).toMatchObject({ content: { 'application/json': { schema: { allOf: [{ $ref: '#/components/schemas/IysErrorEnvelope' }, expect.anything()] } } } });
    expect(document.components?.securitySchemes?.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  });
});
