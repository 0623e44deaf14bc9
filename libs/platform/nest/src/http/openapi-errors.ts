import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';

/** Name of the İYS error envelope `{"errors":[{code,message,location}]}` among the document's schemas. */
export const IYS_ERROR_ENVELOPE = 'IysErrorEnvelope';

/** The envelope's JSON Schema, as every 4xx/5xx answer carries it. */
export const IYS_ERROR_ENVELOPE_SCHEMA = {
  type: 'object',
  required: ['errors'],
  additionalProperties: false,
  properties: {
    errors: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['code', 'message'],
        additionalProperties: false,
        properties: {
          code: { type: 'string', pattern: '^H[0-9]{3}$', example: 'H174' },
          message: { type: 'string', example: 'İstek geçerli olmalıdır.' },
          location: { type: 'array', items: { oneOf: [{ type: 'string' }, { type: 'integer' }] }, example: ['recipient'] },
          value: { description: 'The offending value, echoed for enum fields' },
        },
      },
    },
  },
  example: { errors: [{ code: 'H603', message: 'İstek geçerli olmalıdır.', location: ['body'] }] },
} as const;

/**
 * Documents one error status of an operation: the envelope schema and the İYS codes it may carry,
 * e.g. `@ApiIysErrors(400, 'H174', 'H175')`. One call per status.
 */
export function ApiIysErrors(status: number, ...codes: string[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiResponse({
      status,
      description: codes.length > 0 ? `İYS error envelope; codes: ${codes.join(', ')}` : 'İYS error envelope',
      schema: { $ref: `#/components/schemas/${IYS_ERROR_ENVELOPE}` },
    }),
  );
}

/** Several statuses at once: `@ApiIysErrorMap({ 400: ['H603'], 404: ['H600'] })`. */
export function ApiIysErrorMap(map: Record<number, string[]>): MethodDecorator & ClassDecorator {
  return applyDecorators(...Object.entries(map).map(([status, codes]) => ApiIysErrors(Number(status), ...codes)));
}
