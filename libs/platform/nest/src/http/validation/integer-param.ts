import type { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import type { IysErrorItem } from '../iys-error.js';
import { INT32_MAX } from './int32.js';
import { iysCodeEntry, iysErrorItem, iysValidationException } from './iys-codes.js';

export interface IntegerParamOptions {
  min?: number;
  max?: number;
  /** Defaults to none for {@link parseIntegerParam}, to `[name]` for {@link IntegerParamPipe}. */
  location?: (string | number)[];
  /** Echo the rejected value (never for anything that could be personal data). Default false. */
  echoValue?: boolean;
}

const INTEGER = /^-?\d+$/;

function toInteger(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : undefined;
  if (typeof value === 'string' && INTEGER.test(value)) {
    const parsed = Number(value);
    return Number.isSafeInteger(parsed) ? parsed : undefined;
  }
  return undefined;
}

/** The problem with an integer value, or undefined when it is a (safe) integer within bounds. */
export function integerParamProblem(value: unknown, code: string, options: IntegerParamOptions = {}): IysErrorItem | undefined {
  const parsed = toInteger(value);
  const ok = parsed !== undefined && (options.min === undefined || parsed >= options.min) && (options.max === undefined || parsed <= options.max);
  if (ok) return undefined;
  return iysErrorItem(code, { location: options.location, value: options.echoValue ? value : undefined });
}

/**
 * A path or query value that must be an integer: `'42'` → 42; `'4a'`, `'1.5'`, `''`, `undefined`
 * → IysHttpException with `code` (e.g. H190 for iysCode, H191 for brandCode).
 */
export function parseIntegerParam(value: unknown, code: string, options: IntegerParamOptions = {}): number {
  const problem = integerParamProblem(value, code, options);
  if (problem) throw iysValidationException([problem]);
  return toInteger(value)!;
}

/**
 * `@Param('iysCode', new IntegerParamPipe('H190')) iysCode: number`. A path code is a registry number:
 * from 0 to {@link INT32_MAX} unless `min`/`max` say otherwise, so `-1` and `99999999999` get the code too.
 */
export class IntegerParamPipe implements PipeTransform<unknown, number> {
  constructor(
    private readonly code: string,
    private readonly options: IntegerParamOptions = {},
  ) {
    iysCodeEntry(code);
  }

  transform(value: unknown, metadata: ArgumentMetadata): number {
    const location = this.options.location ?? (metadata.data ? [metadata.data] : undefined);
    return parseIntegerParam(value, this.code, { min: 0, max: INT32_MAX, ...this.options, location });
  }
}

export interface PagingOptions {
  /** Largest accepted `limit` (İYS: 100 for retailer lists). */
  maxLimit?: number;
  /** `limit` when absent; defaults to `maxLimit`. */
  defaultLimit?: number;
  offsetCode?: string;
  limitCode?: string;
  tooLargeCode?: string;
  zeroCode?: string;
}

/**
 * `?offset=&limit=` of the İYS list endpoints, every problem reported at once: offset not an integer
 * ≥ 0 → H182; limit not an integer ≥ 0 → H183; limit 0 → H187; limit above the maximum → H186.
 * Absent values take their defaults (offset 0).
 */
export function parsePaging(query: { offset?: unknown; limit?: unknown }, options: PagingOptions = {}): { offset: number; limit: number } {
  const maxLimit = options.maxLimit ?? 100;
  const defaultLimit = options.defaultLimit ?? maxLimit;
  const errors: IysErrorItem[] = [];
  let offset = 0;
  let limit = defaultLimit;
  if (query.offset !== undefined) {
    const problem = integerParamProblem(query.offset, options.offsetCode ?? 'H182', { min: 0, location: ['offset'] });
    if (problem) errors.push(problem);
    else offset = Number(query.offset);
  }
  if (query.limit !== undefined) {
    const problem = integerParamProblem(query.limit, options.limitCode ?? 'H183', { min: 0, location: ['limit'] });
    if (problem) errors.push(problem);
    else {
      limit = Number(query.limit);
      if (limit === 0) errors.push(iysErrorItem(options.zeroCode ?? 'H187', { location: ['limit'] }));
      else if (limit > maxLimit) errors.push(iysErrorItem(options.tooLargeCode ?? 'H186', { location: ['limit'] }));
    }
  }
  if (errors.length) throw iysValidationException(errors);
  return { offset, limit };
}
