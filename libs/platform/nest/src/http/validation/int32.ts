import { ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * The largest number a registry code, count or id can hold: PostgreSQL's `integer`. Every integer
 * that comes in is checked against it at the edge, so a larger one is the field's own 4xx code and
 * never reaches the database (where it would be an out-of-range error, 500).
 */
export const INT32_MAX = 2_147_483_647;

export interface Int32Options {
  /** Smallest accepted value; default 0 (codes and counts are never negative). */
  min?: number;
  max?: number;
}

/** Whether a value is an integer (a JSON number, not a string) within `[min, max]`. */
export function isInt32(value: unknown, { min = 0, max = INT32_MAX }: Int32Options = {}): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

/**
 * `@IsInt32()` for a DTO field holding a registry number (`iysCode`, `brandCode`, `retailerCode`,
 * `retailerAccess` items with `{ each: true }`…): an integer from 0 (or `min`) to {@link INT32_MAX}.
 * The constraint is named `isInt32`; the field's `@IysCode({ invalid })` maps it to its code.
 */
export function IsInt32(options: Int32Options = {}, validationOptions?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isInt32',
      constraints: [options.min ?? 0, options.max ?? INT32_MAX],
      validator: {
        validate: (value) => isInt32(value, options),
        defaultMessage: () => `$property must be an integer from ${options.min ?? 0} to ${options.max ?? INT32_MAX}`,
      },
    },
    validationOptions,
  );
}
