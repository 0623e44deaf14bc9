import { ValidateBy, isISO8601, type ValidationOptions } from 'class-validator';
import { parseIysDateTime } from '@iys/platform/building-blocks';

/**
 * An instant the administrator's API takes (ADR 0042): the wire's `YYYY-MM-DD HH:mm:ss` read in
 * Europe/Istanbul, like every İYS date, or, for the clients written against the earlier admin API,
 * a strict ISO 8601 date-time with its zone. Answers always use the wire form.
 */
export function parseAdminInstant(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const wire = parseIysDateTime(value);
  if (wire) return wire;
  // A date-time with a zone: a bare day or a zone-less time would be read in the server's zone.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(value)) return undefined;
  if (!isISO8601(value, { strict: true, strictSeparator: true })) return undefined;
  const instant = new Date(value);
  return Number.isNaN(instant.getTime()) ? undefined : instant;
}

/** `@IsAdminInstant()`: a field {@link parseAdminInstant} accepts; the constraint is named `isAdminInstant`. */
export function IsAdminInstant(validationOptions?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isAdminInstant',
      validator: {
        validate: (value) => parseAdminInstant(value) !== undefined,
        defaultMessage: () => '$property must be YYYY-MM-DD HH:mm:ss (Europe/Istanbul) or an ISO 8601 date-time with its zone',
      },
    },
    validationOptions,
  );
}
