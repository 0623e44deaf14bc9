/** Name of the İYS error envelope `{"errors":[{code,message,location}]}` among the document's schemas. */
export const IYS_ERROR_ENVELOPE = 'IysErrorEnvelope';

/**
 * The response extension listing the İYS codes an operation may answer with that status. The
 * document's builder (apps/api/src/openapi) turns it into an `enum` of the envelope's `code`, so a
 * code the document does not name for the operation and status fails validation (docs/adr/0043).
 */
export const IYS_CODES_EXTENSION = 'x-iys-codes';

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

/** @nestjs/swagger's metadata key of `@ApiResponse` (DECORATORS.API_RESPONSE, not exported by the package). */
const API_RESPONSE = 'swagger/apiResponse';
const METHOD = 'method';

type ResponsesMetadata = Record<string, Record<string, unknown>>;

function addCodes(holder: object, status: number, codes: readonly string[]): void {
  const responses = (Reflect.getMetadata(API_RESPONSE, holder) ?? {}) as ResponsesMetadata;
  const existing = (responses[status]?.[IYS_CODES_EXTENSION] ?? []) as string[];
  const merged = [...new Set([...existing, ...codes])].sort();
  Reflect.defineMetadata(
    API_RESPONSE,
    {
      ...responses,
      [status]: {
        description: merged.length > 0 ? `İYS error envelope; codes: ${merged.join(', ')}` : 'İYS error envelope',
        schema: { $ref: `#/components/schemas/${IYS_ERROR_ENVELOPE}` },
        [IYS_CODES_EXTENSION]: merged,
      },
    },
    holder,
  );
}

/**
 * Documents one error status of an operation: the envelope schema and the İYS codes it may carry,
 * e.g. `@ApiIysErrors(400, 'H174', 'H175')`. Several calls for one status add up (the access
 * decorators add theirs to the route's own). On a class it applies to every route method.
 */
export function ApiIysErrors(status: number, ...codes: string[]): MethodDecorator & ClassDecorator {
  return ((target: object, _key?: string | symbol, descriptor?: PropertyDescriptor) => {
    if (descriptor) {
      addCodes(descriptor.value as object, status, codes);
      return descriptor;
    }
    for (const method of routeMethods(target)) addCodes(method, status, codes);
    return target;
  }) as MethodDecorator & ClassDecorator;
}

/** Several statuses at once: `@ApiIysErrorMap({ 400: ['H603'], 404: ['H600'] })`. */
export function ApiIysErrorMap(map: Record<number, string[]>): MethodDecorator & ClassDecorator {
  return ((target: object, key?: string | symbol, descriptor?: PropertyDescriptor) => {
    for (const [status, codes] of Object.entries(map)) (ApiIysErrors(Number(status), ...codes) as (t: object, k?: string | symbol, d?: PropertyDescriptor) => unknown)(target, key, descriptor);
    return descriptor ?? target;
  }) as MethodDecorator & ClassDecorator;
}

/** @nestjs/swagger's metadata key of `@ApiExtension`. */
const API_EXTENSION = 'swagger/apiExtension';
/** The operation extension naming codes whose status the document's builder looks up in the code table. */
export const IYS_ERRORS_EXTENSION = 'x-iys-errors';

function addOperationCodes(holder: object, codes: readonly string[]): void {
  const extensions = (Reflect.getMetadata(API_EXTENSION, holder) ?? {}) as Record<string, unknown>;
  const existing = (extensions[IYS_ERRORS_EXTENSION] ?? []) as string[];
  Reflect.defineMetadata(API_EXTENSION, { ...extensions, [IYS_ERRORS_EXTENSION]: [...new Set([...existing, ...codes])].sort() }, holder);
}

/**
 * Documents İYS codes an operation may answer with, each under the status the code table gives it
 * (registerIysCodes): `@ApiIysCodes('H711', 'H712')`. For a code answered with another status than
 * its table's, use {@link ApiIysErrors}. On a class it applies to every route method.
 */
export function ApiIysCodes(...codes: string[]): MethodDecorator & ClassDecorator {
  return ((target: object, _key?: string | symbol, descriptor?: PropertyDescriptor) => {
    if (descriptor) {
      addOperationCodes(descriptor.value as object, codes);
      return descriptor;
    }
    for (const method of routeMethods(target)) addOperationCodes(method, codes);
    return target;
  }) as MethodDecorator & ClassDecorator;
}

function routeMethods(target: object): object[] {
  const prototype = (target as { prototype: object }).prototype;
  return Object.getOwnPropertyNames(prototype)
    .filter((name) => name !== 'constructor')
    .map((name) => Object.getOwnPropertyDescriptor(prototype, name)?.value as unknown)
    .filter((method): method is object => typeof method === 'function' && Reflect.hasMetadata(METHOD, method));
}
