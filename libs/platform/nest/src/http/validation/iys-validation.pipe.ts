import type { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import { IysHttpException } from '../iys-error.js';
import { declaredFields, iysCodesOf, iysDtoOptions, type DtoClass } from './iys-code.decorator.js';
import { validateIysArray, validateIysBody, type IysArrayValidateOptions, type IysValidationResult } from './iys-validator.js';

export interface IysValidationPipeOptions extends IysArrayValidateOptions {
  /** A request with no body at all means `{}` (every field optional: "use the defaults"). */
  absentBodyIsEmpty?: boolean;
}

type Target = DtoClass | [DtoClass];

const CODES_BY_DTO = new Map<string, Set<string>>();
const CLASS_BY_NAME = new Map<string, DtoClass>();
const AMBIGUOUS_NAMES = new Set<string>();

/**
 * The codes the validation pipes built for the DTO class of that name may answer with (the
 * OpenAPI document names a request body's schema after its class); undefined when no pipe names it.
 */
export function iysValidationCodesOf(dtoName: string): string[] | undefined {
  // The document names a schema after its class: two classes of one name would be described as one.
  if (AMBIGUOUS_NAMES.has(dtoName)) throw new Error(`Two validated DTO classes are named ${dtoName}: the OpenAPI document would describe one for both; rename one`);
  const codes = CODES_BY_DTO.get(dtoName);
  return codes ? [...codes].sort() : undefined;
}

/**
 * Validates a request value against a DTO and answers every problem at once, in İYS codes.
 *
 * - `@Body(new IysValidationPipe(AddConsentDto))`: one object.
 * - `@Body(new IysValidationPipe([AddConsentDto], { maxItems: { count: 1000, code: 'H125' } }))` or
 *   `IysValidationPipe.arrayOf(AddConsentDto)`: a JSON array of them (locations start with the index).
 * - `app.useGlobalPipes(new IysValidationPipe())`: every `@Body()`/`@Query()`/`@Param()` whose
 *   declared type is a class with validation decorators; other parameters pass through untouched.
 *
 * Unknown properties are H118 errors for bodies and silently stripped for query and path objects,
 * unless `unknownFields` says otherwise. The valid value comes back as a class instance.
 */
export class IysValidationPipe implements PipeTransform<unknown, Promise<unknown>> {
  constructor(
    private readonly target?: Target,
    private readonly options: IysValidationPipeOptions = {},
  ) {
    if (target) {
      // Codes, not pipes, are kept: a pipe built per request must not grow this map.
      const cls = Array.isArray(target) ? target[0] : target;
      const name = cls.name;
      if ((CLASS_BY_NAME.get(name) ?? cls) !== cls) AMBIGUOUS_NAMES.add(name);
      CLASS_BY_NAME.set(name, cls);
      const codes = CODES_BY_DTO.get(name) ?? new Set<string>();
      for (const code of this.codes()) codes.add(code);
      CODES_BY_DTO.set(name, codes);
    }
  }

  /** Every İYS code this pipe may answer with, for the OpenAPI document (docs/adr/0043). */
  codes(): string[] {
    if (!this.target) return [];
    const cls = Array.isArray(this.target) ? this.target[0] : this.target;
    const { invalidBody, fallbackCode, maxItems, unknownFields } = this.options;
    const codes = new Set([...iysCodesOf(cls), invalidBody ?? iysDtoOptions(cls).invalidBody ?? 'H603', fallbackCode ?? 'H603']);
    if (unknownFields !== 'strip') codes.add('H118');
    if (maxItems) codes.add(maxItems.code);
    return [...codes].sort();
  }

  static arrayOf(cls: DtoClass, options: IysValidationPipeOptions = {}): IysValidationPipe {
    return new IysValidationPipe([cls], options);
  }

  async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const target = this.target ?? this.targetFromMetadata(metadata);
    if (!target) return value;
    const options: IysValidationPipeOptions = {
      ...this.options,
      unknownFields: this.options.unknownFields ?? (metadata.type === 'body' ? 'reject' : 'strip'),
    };
    const given = value === undefined && this.options.absentBodyIsEmpty && metadata.type === 'body' ? {} : value;
    const result: IysValidationResult<unknown> = Array.isArray(target)
      ? await validateIysArray(target[0], given, options)
      : await validateIysBody(target, given, options);
    if (!result.ok) throw new IysHttpException(result.status, result.errors);
    return result.value;
  }

  private targetFromMetadata(metadata: ArgumentMetadata): DtoClass | undefined {
    if (metadata.type === 'custom') return undefined;
    const metatype = metadata.metatype as DtoClass | undefined;
    if (typeof metatype !== 'function') return undefined;
    return declaredFields(metatype).length > 0 ? metatype : undefined;
  }
}
