import { Ajv, type ValidateFunction } from 'ajv';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isWebRequest } from '@iys/platform/web';
import { UNDOCUMENTED_OPERATIONS } from './openapi-allow-list.js';

type Operation = { responses?: Record<string, { $ref?: string; content?: Record<string, { schema?: object }> }> };

/**
 * OpenAPI 3.0's `nullable: true` permits null whatever else the schema says (also beside `allOf`
 * or `enum`, where JSON Schema's reading of Ajv's `nullable` would still refuse it): each such
 * schema becomes `anyOf: [null, the schema]`.
 */
function withNullAllowed(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withNullAllowed);
  if (typeof schema !== 'object' || schema === null) return schema;
  const { nullable, ...rest } = schema as Record<string, unknown>;
  const converted = Object.fromEntries(Object.entries(rest).map(([key, value]) => [key, key === 'example' ? value : withNullAllowed(value)]));
  return nullable === true ? { anyOf: [{ type: 'null' }, converted] } : converted;
}

/** `/sps/:iysCode/brands` → `/sps/{iysCode}/brands`, the document's spelling of a route. */
export const openApiPath = (route: string) => route.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/**
 * Checks every answer the e2e suite receives against the OpenAPI document the server serves:
 * the operation (method + route template) must be in it, the status documented for it, and a JSON
 * body valid against that status's schema (docs/adr/0043). Violations are collected; the harness
 * fails the running test with them.
 */
export class OpenApiConformance {
  private readonly violations: string[] = [];
  private readonly validators = new WeakMap<object, ValidateFunction>();
  private readonly ajvs = new WeakMap<OpenAPIObject, Ajv>();
  private readonly components = new WeakMap<OpenAPIObject, object>();

  /** Checks one answer; a violation is kept as one readable line. */
  check(document: OpenAPIObject, method: string, route: string | undefined, status: number, contentType: string | undefined, payload: unknown): void {
    const violation = this.violationOf(document, method.toUpperCase(), route, status, contentType, payload);
    if (violation) this.violations.push(violation);
  }

  /** A Fastify onSend observer bound to a document known later (the app builds it after its hooks). */
  observer(document: () => OpenAPIObject | undefined) {
    return (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
      const current = document();
      // Web pages are HTML for browsers, kept out of the OpenAPI document by @WebController (docs/adr/0054).
      if (!current || isWebRequest(request)) return;
      const contentType = reply.getHeader('content-type');
      this.check(current, request.method, request.routeOptions?.url, reply.statusCode, typeof contentType === 'string' ? contentType : undefined, payload);
    };
  }

  /** The violations so far, emptied. */
  take(): string[] {
    return this.violations.splice(0, this.violations.length);
  }

  private violationOf(document: OpenAPIObject, method: string, route: string | undefined, status: number, contentType: string | undefined, payload: unknown): string | undefined {
    if (method === 'OPTIONS') return undefined;
    if (route !== undefined && (route === '/docs' || route.startsWith('/docs/') || route.startsWith('/docs*'))) return undefined;
    const text = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : undefined;
    const isJson = contentType?.startsWith('application/json') ?? false;
    // Below the router (no route matched, or the edge answered first), or /metrics (Prometheus text,
    // kept out of the document on purpose, ADR 0042): only the envelope of a refusal is known.
    if (route === undefined || route === '*' || route === '/*' || route === '/metrics') {
      if (status >= 400 && isJson && text) return this.validate(document, { $ref: '#/components/schemas/IysErrorEnvelope' }, text, `${method} (no route) ${status}`);
      return undefined;
    }
    const path = openApiPath(route);
    const label = `${method} ${path} ${status}`;
    const operation = (document.paths[path] as Record<string, Operation> | undefined)?.[method === 'HEAD' ? 'get' : method.toLowerCase()];
    if (!operation) return `${label}: the operation is not in the OpenAPI document`;
    if (UNDOCUMENTED_OPERATIONS.has(`${method === 'HEAD' ? 'GET' : method} ${path}`)) return undefined;
    const declared = operation.responses?.[String(status)] ?? operation.responses?.[`${String(status)[0]}XX`] ?? operation.responses?.default;
    const response = declared && '$ref' in declared ? (document.components?.responses?.[String(declared.$ref).split('/').pop()!] as typeof declared) : declared;
    if (!response) return `${label}: the status is not documented for this operation`;
    if (method === 'HEAD' || text === undefined || text === '') return undefined;
    const mediaType = contentType?.split(';')[0].trim() ?? '';
    const media = response.content?.[mediaType];
    if (!media) return `${label}: the body (${mediaType || 'no content type'}) is not documented for this status`;
    if (!isJson || !media.schema) return undefined;
    return this.validate(document, media.schema, text, label);
  }

  private validate(document: OpenAPIObject, schema: object, text: string, label: string): string | undefined {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return `${label}: the body is not JSON`;
    }
    let validate = this.validators.get(schema);
    if (!validate) {
      let components = this.components.get(document);
      if (!components) this.components.set(document, (components = withNullAllowed(document.components) as object));
      validate = this.ajvFor(document).compile({ ...(withNullAllowed(schema) as object), components });
      this.validators.set(schema, validate);
    }
    if (validate(body)) return undefined;
    const problems = (validate.errors ?? []).slice(0, 3).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');
    return `${label}: the body does not match the document (${problems}): ${text.slice(0, 300)}`;
  }

  private ajvFor(document: OpenAPIObject): Ajv {
    let ajv = this.ajvs.get(document);
    if (!ajv) {
      // OpenAPI 3.0 schemas: `nullable`, `example` and friends are not JSON Schema keywords.
      ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
      ajv.addKeyword({ keyword: 'example' });
      this.ajvs.set(document, ajv);
    }
    return ajv;
  }
}
