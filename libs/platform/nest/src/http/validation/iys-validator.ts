import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validate, type ValidationError } from 'class-validator';
import type { IysErrorItem } from '../iys-error.js';
import { iysCodeEntry, iysErrorItem, iysErrorsStatus } from './iys-codes.js';
import { declaredFields, iysCodeMapping, iysCodesOf, iysDtoOptions, type DtoClass, type IysCodeMapping } from './iys-code.decorator.js';
import { compiledAcceptor } from './compiled-acceptor.js';

type Location = (string | number)[];
type ValidationMetadata = ReturnType<ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']>[number];

export interface IysValidateOptions {
  /** Code for a body that is not a JSON object; wins over `@IysDto({ invalidBody })`. Default H603. */
  invalidBody?: string;
  /** Code for a failed constraint the DTO does not map. Default H603. */
  fallbackCode?: string;
  /** `reject` (default): each undeclared property is an H118 error. `strip`: it is dropped silently. */
  unknownFields?: 'reject' | 'strip';
  /**
   * `false`: every body goes through class-transformer and class-validator, never through the
   * compiled acceptance check (the reference the compiled check is proved against). Default true.
   */
  compiled?: boolean;
}

export interface IysArrayValidateOptions extends IysValidateOptions {
  /** Refuse longer arrays with this one error before looking at the items (e.g. `{ count: 1000, code: 'H125' }`). */
  maxItems?: { count: number; code: string };
}

export type IysValidationResult<T> = { ok: true; value: T } | { ok: false; status: number; errors: IysErrorItem[] };

const DEFAULT_CODE = 'H603';
const WHITELIST = 'whitelistValidation';
const checkedClasses = new WeakSet<Function>();

/** Fails fast (once per class) when a DTO maps to a code nobody registered. */
function assertCodesRegistered(cls: Function, extra: (string | undefined)[]): void {
  if (checkedClasses.has(cls)) {
    for (const code of extra) if (code) iysCodeEntry(code);
    return;
  }
  for (const code of [...iysCodesOf(cls), ...extra]) if (code) iysCodeEntry(code);
  checkedClasses.add(cls);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalidBodyCode(cls: Function, options: IysValidateOptions): string {
  return options.invalidBody ?? iysDtoOptions(cls).invalidBody ?? DEFAULT_CODE;
}

/**
 * Validates one JSON object against a DTO class. Returns the class instance, or every problem of the
 * body as İYS error items ordered by the DTO's property order (unknown fields last, in body order).
 */
export async function validateIysBody<T extends object>(
  cls: DtoClass<T>,
  input: unknown,
  options: IysValidateOptions = {},
): Promise<IysValidationResult<T>> {
  assertCodesRegistered(cls, [options.invalidBody, options.fallbackCode]);
  if (!isPlainObject(input)) return failure([iysErrorItem(invalidBodyCode(cls, options))]);
  const { instance, errors } = await validateObject(cls, input, [], options);
  return errors.length ? failure(errors) : { ok: true, value: instance };
}

/**
 * Validates a JSON array whose items are DTO objects (the C3 batch body). Item problems carry
 * `location: [index, …]` with a 0-based index. Shape only: batch semantics are the caller's.
 */
export async function validateIysArray<T extends object>(
  cls: DtoClass<T>,
  input: unknown,
  options: IysArrayValidateOptions = {},
): Promise<IysValidationResult<T[]>> {
  assertCodesRegistered(cls, [options.invalidBody, options.fallbackCode, options.maxItems?.code]);
  if (!Array.isArray(input)) return failure([iysErrorItem(invalidBodyCode(cls, options))]);
  if (options.maxItems && input.length > options.maxItems.count) return failure([iysErrorItem(options.maxItems.code)]);
  const instances: T[] = [];
  const errors: IysErrorItem[] = [];
  for (const [index, item] of input.entries()) {
    if (!isPlainObject(item)) {
      errors.push(iysErrorItem(invalidBodyCode(cls, options), { location: [index] }));
      continue;
    }
    const result = await validateObject(cls, item, [index], options);
    instances.push(result.instance);
    errors.push(...result.errors);
  }
  return errors.length ? failure(errors) : { ok: true, value: instances };
}

function failure(errors: IysErrorItem[]): { ok: false; status: number; errors: IysErrorItem[] } {
  return { ok: false, status: iysErrorsStatus(errors), errors };
}

async function validateObject<T extends object>(
  cls: DtoClass<T>,
  input: Record<string, unknown>,
  path: Location,
  options: IysValidateOptions,
): Promise<{ instance: T; errors: IysErrorItem[] }> {
  // The hot path: a body the compiled check accepts is valid for class-validator too (ADR 0067);
  // anything else, every invalid body included, is answered by the general path below.
  if (options.compiled !== false) {
    const accepted = compiledAcceptor(cls)?.(input);
    if (accepted) return { instance: accepted as T, errors: [] };
  }
  const instance = plainToInstance(cls as unknown as new () => T, input);
  const reject = (options.unknownFields ?? 'reject') === 'reject';
  const validationErrors = await validate(instance, {
    whitelist: true,
    forbidNonWhitelisted: reject,
    forbidUnknownValues: true,
    validationError: { target: true, value: true },
  });
  const mapper = new ErrorMapper(options.fallbackCode ?? DEFAULT_CODE);
  await mapper.mapLevel(validationErrors, path, cls, undefined);
  return { instance, errors: mapper.items };
}

class ErrorMapper {
  readonly items: IysErrorItem[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly fallbackCode: string) {}

  /**
   * One level of the class-validator tree. At an object level the errors are sorted by the owning
   * class's declaration order (undeclared properties last); at an array level by index.
   */
  async mapLevel(errors: ValidationError[], path: Location, owner: Function | undefined, parentMapping: IysCodeMapping | undefined) {
    const fieldsByClass = new Map<Function, string[]>();
    const rank = (error: ValidationError): number => {
      if (Array.isArray(error.target)) return Number(error.property);
      const cls = (error.target as object | undefined)?.constructor ?? owner;
      if (!cls) return Number.MAX_SAFE_INTEGER;
      let fields = fieldsByClass.get(cls);
      if (!fields) fieldsByClass.set(cls, (fields = declaredFields(cls)));
      const index = fields.indexOf(error.property);
      return index < 0 ? Number.MAX_SAFE_INTEGER : index;
    };
    const sorted = errors.map((error, position) => ({ error, position, rank: rank(error) }));
    sorted.sort((a, b) => a.rank - b.rank || a.position - b.position);
    for (const { error } of sorted) await this.mapError(error, path, parentMapping);
  }

  private async mapError(error: ValidationError, path: Location, parentMapping: IysCodeMapping | undefined): Promise<void> {
    const target = error.target as object | undefined;
    // No property: the value of the parent was not an object class-validator knows (missing @Type).
    if (error.property === undefined) {
      this.push(parentMapping?.invalid, path, undefined);
      return;
    }
    const inArray = Array.isArray(target);
    const key: string | number = inArray ? Number(error.property) : error.property;
    const location = [...path, key];
    const cls = !inArray && target ? target.constructor : undefined;
    const mapping = inArray ? parentMapping : cls ? iysCodeMapping(cls, error.property) : undefined;
    const constraints = Object.keys(error.constraints ?? {});

    if (constraints.includes(WHITELIST)) {
      this.add(
        iysErrorItem('H118', { location, params: { field: error.property, fields: cls ? declaredFields(cls).join(', ') : '' } }),
      );
      return;
    }
    if (!inArray && constraints.length > 0 && (error.value === undefined || error.value === null)) {
      this.push(mapping?.missing ?? codeFor(mapping, 'isDefined'), location, undefined);
      return;
    }
    const echo = mapping?.echoValue === true;
    const order = mapping ? Object.keys(mapping) : [];
    const ordered = [...constraints].sort((a, b) => rankOf(order, a) - rankOf(order, b));
    for (const constraint of ordered) {
      const code = codeFor(mapping, constraint);
      const failing = cls && Array.isArray(error.value) ? await failingIndices(cls, error.property, constraint, error.value, target) : undefined;
      if (failing) {
        for (const index of failing) this.push(code, [...location, index], echo ? error.value[index] : undefined);
      } else {
        this.push(code, location, echo ? error.value : undefined);
      }
    }
    if (error.children?.length) {
      const childOwner = isObjectValue(error.value) ? (error.value as object).constructor : undefined;
      await this.mapLevel(error.children, location, childOwner, mapping);
    }
  }

  private push(code: string | undefined, location: Location, value: unknown): void {
    this.add(iysErrorItem(code ?? this.fallbackCode, { location, value }));
  }

  private add(item: IysErrorItem): void {
    const key = `${item.code}|${JSON.stringify(item.location ?? [])}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.items.push(item);
  }
}

function isObjectValue(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function rankOf(order: string[], constraint: string): number {
  const index = order.indexOf(constraint);
  return index < 0 ? order.length : index;
}

function codeFor(mapping: IysCodeMapping | undefined, constraint: string): string | undefined {
  const specific = mapping?.[constraint];
  if (typeof specific === 'string') return specific;
  return mapping?.invalid;
}

function constraintName(metadata: ValidationMetadata): string {
  const constraint = getMetadataStorage().getTargetValidatorConstraints(metadata.constraintCls)[0];
  return constraint?.name ?? metadata.type;
}

/**
 * For a constraint declared with `{ each: true }` on an array property, the indices of the items that
 * fail it, so each gets its own `location: [field, index]`. Undefined when not applicable.
 */
async function failingIndices(
  cls: Function,
  property: string,
  constraint: string,
  values: unknown[],
  object: object | undefined,
): Promise<number[] | undefined> {
  const storage = getMetadataStorage();
  const metadata = storage
    .getTargetValidationMetadatas(cls, '', false, false)
    .find((m) => m.propertyName === property && m.each && constraintName(m) === constraint);
  if (!metadata) return undefined;
  const validator = storage.getTargetValidatorConstraints(metadata.constraintCls)[0]?.instance as
    | { validate(value: unknown, args: unknown): boolean | Promise<boolean> }
    | undefined;
  if (!validator) return undefined;
  const failing: number[] = [];
  for (const [index, value] of values.entries()) {
    const valid = await validator.validate(value, {
      targetName: cls.name,
      property,
      object,
      value,
      constraints: metadata.constraints,
    });
    if (!valid) failing.push(index);
  }
  return failing.length ? failing : undefined;
}
