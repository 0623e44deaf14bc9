import { Transform } from 'class-transformer';
import { ValidateBy, type ValidationOptions } from 'class-validator';
import { isSafeText, toNfc, type SafeTextOptions } from '@iys/platform/building-blocks';

/**
 * `@SafeText()` on a name, title or other free-text field: the string is brought to NFC, and one
 * holding a control or format character (NUL, bidi overrides and isolates, zero-width characters),
 * a lone surrogate or an unassigned code point is refused. The constraint is named `safeText`; map it
 * with `@IysCode({ safeText: 'H…' })` or let `invalid` cover it. Recipient addresses get the same
 * rule from the address normaliser, which knows whether an e-mail (H120) or a phone (H121) was meant.
 */
export function SafeText(options: SafeTextOptions = {}, validationOptions?: ValidationOptions): PropertyDecorator {
  const normalise = Transform(({ value }: { value: unknown }) => {
    if (typeof value === 'string') return toNfc(value);
    if (Array.isArray(value)) return value.map((item) => (typeof item === 'string' ? toNfc(item) : item));
    return value;
  });
  const check = ValidateBy(
    {
      name: 'safeText',
      validator: {
        validate: (value) => typeof value !== 'string' || isSafeText(value, options),
        defaultMessage: () => '$property must not contain control or format characters',
      },
    },
    validationOptions,
  );
  return (target, property) => {
    normalise(target, property);
    check(target, property);
  };
}
