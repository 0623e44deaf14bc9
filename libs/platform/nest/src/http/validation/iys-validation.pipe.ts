import type { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import { IysHttpException } from '../iys-error.js';
import { declaredFields, type DtoClass } from './iys-code.decorator.js';
import { validateIysArray, validateIysBody, type IysArrayValidateOptions, type IysValidationResult } from './iys-validator.js';

export interface IysValidationPipeOptions extends IysArrayValidateOptions {
  /** A request with no body at all means `{}` (every field optional: "use the defaults"). */
  absentBodyIsEmpty?: boolean;
}

type Target = DtoClass | [DtoClass];

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
  ) {}

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
