import type { OpenAPIObject } from '@nestjs/swagger';
import { IYS_ERROR_ENVELOPE, IYS_ERROR_ENVELOPE_SCHEMA, PLATFORM_ERROR_CODES } from '@iys/platform/nest';

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
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

/**
 * What no controller decorator says: the error envelope's schema, the edge's answers on every
 * operation and, where a bearer token is required, 401 H351 (docs/adr/0043).
 */
export function completeDocument(document: OpenAPIObject): OpenAPIObject {
  document.components ??= {};
  document.components.schemas ??= {};
  document.components.schemas[IYS_ERROR_ENVELOPE] = structuredClone(IYS_ERROR_ENVELOPE_SCHEMA) as never;
  const envelope = (codes: string[]) => ({
    description: `İYS error envelope; codes: ${codes.map((code) => `${code} (${PLATFORM_ERROR_CODES[code as keyof typeof PLATFORM_ERROR_CODES]?.message ?? ''})`).join(', ')}`,
    content: { 'application/json': { schema: { $ref: `#/components/schemas/${IYS_ERROR_ENVELOPE}` } } },
  });
  document.components.responses ??= {};
  document.components.responses.Unauthorized = envelope(['H351']);
  for (const [status, codes] of Object.entries(EDGE_ERRORS)) document.components.responses[`Edge${status}`] = envelope(codes);
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const responses = (operation.responses ??= {});
      const secured = (operation.security ?? document.security ?? []).some((requirement) => Object.keys(requirement).length > 0);
      if (secured && !responses['401']) responses['401'] = { $ref: '#/components/responses/Unauthorized' };
      for (const status of Object.keys(EDGE_ERRORS)) responses[status] ??= { $ref: `#/components/responses/Edge${status}` };
    }
  }
  return document;
}
