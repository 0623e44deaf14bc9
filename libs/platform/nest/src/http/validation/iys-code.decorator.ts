import { Transform } from 'class-transformer';
import { Allow, getMetadataStorage } from 'class-validator';

const CODE_PATTERN = /^H\d{3}$/;

/**
 * How the problems of one DTO property become İYS codes. Keys other than `echoValue` name either
 * - `missing`: the value is `undefined`/`null` on a property that is not `@IsOptional()`;
 * - a class-validator constraint name (`isDefined`, `isIn`, `isEnum`, `matches`, `isInt`, `maxLength`,
 *   `nestedValidation`, `arrayMaxSize`, the `name` of a custom constraint …);
 * - `invalid`: any failed constraint without its own entry.
 * Unmapped problems fall back to the pipe's `fallbackCode` (H603).
 * The key order also orders several problems of the same property in the response.
 */
export interface IysCodeMapping {
  missing?: string;
  invalid?: string;
  /** Put the offending value into `value`. Only for fields that can never hold personal data (enums, codes). */
  echoValue?: boolean;
  [constraint: string]: string | boolean | undefined;
}

export interface IysDtoOptions {
  /** Code for a body that is not a JSON object (array, string, number, null). Default H603. */
  invalidBody?: string;
}

export type DtoClass<T extends object = object> = abstract new (...args: never[]) => T;

const codeMappings = new WeakMap<Function, Map<string, IysCodeMapping>>();
const dtoOptions = new WeakMap<Function, IysDtoOptions>();

/**
 * Maps the class-validator problems of a property to İYS codes, e.g.
 * `@IysCode({ missing: 'H170', invalid: 'H116', echoValue: true })`. Also declares the property as
 * accepted (like `@Allow()`), so it counts as known even without other decorators.
 */
export function IysCode(mapping: IysCodeMapping): PropertyDecorator {
  for (const [key, code] of Object.entries(mapping)) {
    if (key === 'echoValue') {
      if (code !== undefined && typeof code !== 'boolean') throw new Error('@IysCode echoValue must be a boolean');
      continue;
    }
    if (typeof code !== 'string' || !CODE_PATTERN.test(code)) {
      throw new Error(`@IysCode ${key}: "${String(code)}" is not an İYS code like H123`);
    }
  }
  const frozen = Object.freeze({ ...mapping });
  return (target, propertyKey) => {
    if (typeof propertyKey !== 'string') throw new Error('@IysCode applies to string-named properties');
    const ctor = target.constructor;
    let map = codeMappings.get(ctor);
    if (!map) codeMappings.set(ctor, (map = new Map()));
    map.set(propertyKey, frozen);
    Allow()(target, propertyKey);
  };
}

/** Class-level options of a DTO validated by `IysValidationPipe`. */
export function IysDto(options: IysDtoOptions): ClassDecorator {
  if (options.invalidBody !== undefined && !CODE_PATTERN.test(options.invalidBody)) {
    throw new Error(`@IysDto invalidBody: "${options.invalidBody}" is not an İYS code like H123`);
  }
  return (target) => {
    dtoOptions.set(target, { ...options });
  };
}

/**
 * Turns a string of digits (query and path values are strings) into a number and leaves anything
 * else untouched, so `@IsInt()` then fails on it. Unlike `@Type(() => Number)` it never turns
 * `''` into 0.
 */
export function ToInteger(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value));
}

function classChain(cls: Function): Function[] {
  const chain: Function[] = [];
  for (let c: unknown = cls; typeof c === 'function' && c !== Function.prototype && c !== Object; c = Object.getPrototypeOf(c)) {
    chain.unshift(c as Function);
  }
  return chain;
}

/** The mapping of a property, looked up through the class hierarchy (the subclass wins). */
export function iysCodeMapping(cls: Function, property: string): IysCodeMapping | undefined {
  for (let c: unknown = cls; typeof c === 'function' && c !== Object; c = Object.getPrototypeOf(c)) {
    const mapping = codeMappings.get(c as Function)?.get(property);
    if (mapping) return mapping;
  }
  return undefined;
}

/** Every code a DTO class (not its nested classes) may raise, for the start-up check. */
export function iysCodesOf(cls: Function): string[] {
  const codes = new Set<string>();
  for (const c of classChain(cls)) {
    for (const mapping of codeMappings.get(c)?.values() ?? []) {
      for (const [key, code] of Object.entries(mapping)) if (key !== 'echoValue' && typeof code === 'string') codes.add(code);
    }
    const invalidBody = dtoOptions.get(c)?.invalidBody;
    if (invalidBody) codes.add(invalidBody);
  }
  return [...codes];
}

export function iysDtoOptions(cls: Function): IysDtoOptions {
  let options: IysDtoOptions = {};
  for (const c of classChain(cls)) options = { ...options, ...dtoOptions.get(c) };
  return options;
}

/**
 * The properties a DTO accepts, in declaration order (base class first): every property carrying a
 * class-validator decorator or `@IysCode`.
 */
export function declaredFields(cls: Function): string[] {
  const storage = getMetadataStorage();
  const fields: string[] = [];
  for (const c of classChain(cls)) {
    for (const metadata of storage.getTargetValidationMetadatas(c, '', false, false)) {
      if (metadata.target === c && !fields.includes(metadata.propertyName)) fields.push(metadata.propertyName);
    }
  }
  return fields;
}
