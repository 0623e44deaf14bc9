import type { OpenAPIObject } from '@nestjs/swagger';
import {
  IYS_CODES_EXTENSION,
  IYS_ERROR_ENVELOPE,
  IYS_ERROR_ENVELOPE_SCHEMA,
  IYS_ERRORS_EXTENSION,
  iysCodeEntry,
  isIysCodeRegistered,
  iysValidationCodesOf,
  RECIPIENT_SECURITY_SCHEME,
} from '@iys/platform/nest';

/** Answers the HTTP edge can give on any operation, below the controllers (docs/adr/0024). */
const EDGE_ERRORS: Record<number, string[]> = {
  400: ['H014', 'H603'],
  408: ['H636'],
  413: ['H602'],
  414: ['H637'],
  415: ['H601', 'H644'],
  429: ['H124', 'H645'],
  431: ['H638'],
  500: ['H015'],
  503: ['H652'],
};
/** Path parameters every route parses with the same pipe and code (IntegerParamPipe). */
const PATH_PARAMETER_CODES: Record<string, string> = { iysCode: 'H190', brandCode: 'H191' };
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

type Response = { $ref?: string; description?: string; content?: Record<string, { schema?: unknown }>; [IYS_CODES_EXTENSION]?: string[] };
type Operation = { [IYS_ERRORS_EXTENSION]?: string[]; responses?: Record<string, Response>; requestBody?: { content?: Record<string, { schema?: unknown }> }; security?: Record<string, string[]>[] };

const describeCodes = (codes: readonly string[]) =>
  `İYS error envelope; codes: ${codes.map((code) => `${code} (${isIysCodeRegistered(code) ? iysCodeEntry(code).message : ''})`).join(', ')}`;

/** The envelope, its `code` restricted to the ones named for this operation and status. */
function envelope(codes: readonly string[]): Response {
  return {
    description: describeCodes(codes),
    content: {
      'application/json': {
        schema: {
          allOf: [
            { $ref: `#/components/schemas/${IYS_ERROR_ENVELOPE}` },
            { type: 'object', properties: { errors: { type: 'array', items: { type: 'object', properties: { code: { type: 'string', enum: [...codes] } } } } } },
          ],
        },
      },
    },
    [IYS_CODES_EXTENSION]: [...codes],
  };
}

/** The class name of the request body's schema (`X` or an array of `X`), which names its validation pipe. */
function requestDto(operation: Operation): string | undefined {
  const schema = operation.requestBody?.content?.['application/json']?.schema as { $ref?: string; items?: { $ref?: string } } | undefined;
  return (schema?.$ref ?? schema?.items?.$ref)?.split('/').pop();
}

/**
 * What no controller decorator says: the error envelope's schema, the edge's answers on every
 * operation, 401 H351 wherever the operation names a bearer scheme, the codes of the request body's
 * validation and of the provider path parameters; then every error answer's `code` is restricted to
 * the codes named for its operation and status (docs/adr/0043).
 */
export function completeDocument(document: OpenAPIObject): OpenAPIObject {
  document.components ??= {};
  document.components.schemas ??= {};
  document.components.schemas[IYS_ERROR_ENVELOPE] = structuredClone(IYS_ERROR_ENVELOPE_SCHEMA) as never;
  document.components.securitySchemes ??= {};
  document.components.securitySchemes[RECIPIENT_SECURITY_SCHEME] = {
    type: 'http',
    scheme: 'bearer',
    description: "A recipient's own token (POST /recipients/auth/token, /call-centre/callers/sessions); API users' tokens are refused there",
  };
  document.components.responses ??= {};
  document.components.responses.Unauthorized = envelope(['H351']) as never;
  for (const [status, codes] of Object.entries(EDGE_ERRORS)) document.components.responses[`Edge${status}`] = envelope(codes) as never;
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method] as Operation | undefined;
      if (!operation) continue;
      const responses = (operation.responses ??= {});
      const named = new Map<string, Set<string>>();
      const name = (status: string | number, codes: readonly string[]) => {
        const set = named.get(String(status)) ?? new Set<string>();
        for (const code of codes) set.add(code);
        named.set(String(status), set);
      };
      for (const [status, response] of Object.entries(responses)) if (response[IYS_CODES_EXTENSION]) name(status, response[IYS_CODES_EXTENSION]);
      // Codes named without a status answer with the one of the code table.
      for (const code of operation[IYS_ERRORS_EXTENSION] ?? []) name(iysCodeEntry(code).status, [code]);
      delete operation[IYS_ERRORS_EXTENSION];
      // A body's problems answer with the most frequent status among their codes: each of its codes may come with any of them.
      const dto = requestDto(operation);
      const validation = dto ? iysValidationCodesOf(dto) : undefined;
      if (validation) {
        const statuses = new Set(validation.map((code) => iysCodeEntry(code).status));
        for (const status of statuses) name(status, validation);
      }
      for (const [parameter, code] of Object.entries(PATH_PARAMETER_CODES)) if (path.includes(`{${parameter}}`)) name(iysCodeEntry(code).status, [code]);
      const secured = (operation.security ?? document.security ?? []).some((requirement) => Object.keys(requirement).length > 0);
      if (secured && named.has('401')) name(401, ['H351']);
      for (const [status, codes] of Object.entries(EDGE_ERRORS)) if (named.has(status)) name(status, codes);
      for (const [status, codes] of named) responses[status] = envelope([...codes].sort());
      if (secured && !responses['401']) responses['401'] = { $ref: '#/components/responses/Unauthorized' };
      for (const status of Object.keys(EDGE_ERRORS)) responses[status] ??= { $ref: `#/components/responses/Edge${status}` };
    }
  }
  return document;
}
