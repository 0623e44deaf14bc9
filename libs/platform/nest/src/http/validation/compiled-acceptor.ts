import 'reflect-metadata';
import { createRequire } from 'node:module';
import { TransformationType } from 'class-transformer';
import { getMetadataStorage, ValidationTypes } from 'class-validator';

type ValidationMetadata = ReturnType<ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']>[number];
type ConstraintValidate = (value: unknown, args: unknown) => unknown;

/** class-transformer's own metadata store (the one its decorators write to; not re-exported by its index). */
interface TransformerStorage {
  findTypeMetadata(target: Function, property: string): unknown;
  findTransformMetadatas(target: Function, property: string, type: TransformationType): unknown[];
  findExposeMetadata(target: Function, property: string): unknown;
  findExcludeMetadata(target: Function, property: string): unknown;
  getExposedMetadatas(target: Function): unknown[];
  getExcludedMetadatas(target: Function): unknown[];
}
const transformerStorage = (createRequire(import.meta.url)('class-transformer/cjs/storage.js') as { defaultMetadataStorage: TransformerStorage })
  .defaultMetadataStorage;

interface Check {
  metadata: ValidationMetadata;
  validate: ConstraintValidate;
}

interface PropertyPlan {
  name: string;
  /** `@IsOptional()` / `@ValidateIf()`: when any says no, the property is not validated (class-validator's rule). */
  conditions: ((object: object, value: unknown) => boolean)[];
  /** `@IsDefined()` first, then every other constraint, in class-validator's order. */
  checks: Check[];
}

/** Takes a JSON object; answers the DTO instance class-transformer would build when the body is certainly valid, else undefined. */
export type CompiledAcceptor = (input: Record<string, unknown>) => object | undefined;

const acceptors = new WeakMap<Function, CompiledAcceptor | null>();
const SUPPORTED = new Set<string>([ValidationTypes.IS_DEFINED, ValidationTypes.CUSTOM_VALIDATION, ValidationTypes.CONDITIONAL_VALIDATION, ValidationTypes.WHITELIST]);

/**
 * The DTO's class-validator rules compiled once into one plain function (docs/adr/0067). It is an
 * acceptance check only: it says "valid" only when class-validator would say so, by calling the very
 * constraint functions the decorators registered, in the order class-validator applies them, on the
 * instance class-transformer would build. Whenever it is not sure — an undeclared field, a value that
 * is neither a JSON scalar nor an array of them, a constraint answering anything but `true` (a
 * failure, a promise), a DTO using nested validation, groups or class-transformer decorators — it
 * answers undefined and the caller takes the general path, which alone writes error envelopes.
 * Undefined (null in the cache) for a DTO it cannot compile.
 */
export function compiledAcceptor(cls: Function): CompiledAcceptor | undefined {
  let acceptor = acceptors.get(cls);
  if (acceptor === undefined) acceptors.set(cls, (acceptor = compile(cls)));
  return acceptor ?? undefined;
}

function compile(cls: Function): CompiledAcceptor | null {
  const storage = getMetadataStorage();
  // The same call validate() makes for an instance of the class (no schema, no groups).
  const metadatas = storage.getTargetValidationMetadatas(cls, '', false, false);
  if (metadatas.length === 0) return null; // forbidUnknownValues: such a body is always refused
  if (transformerStorage.getExposedMetadatas(cls).length > 0 || transformerStorage.getExcludedMetadatas(cls).length > 0) return null;
  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const metadata of metadatas) {
    if (!SUPPORTED.has(metadata.type) || metadata.always || (metadata.groups?.length ?? 0) > 0) return null;
    const list = byProperty.get(metadata.propertyName) ?? [];
    list.push(metadata);
    byProperty.set(metadata.propertyName, list);
  }
  const plans: PropertyPlan[] = [];
  for (const [name, list] of byProperty) {
    if (
      transformerStorage.findTypeMetadata(cls, name) ||
      transformerStorage.findTransformMetadatas(cls, name, TransformationType.PLAIN_TO_CLASS).length > 0 ||
      transformerStorage.findExposeMetadata(cls, name) ||
      transformerStorage.findExcludeMetadata(cls, name)
    ) {
      return null;
    }
    const conditions = list
      .filter((m) => m.type === ValidationTypes.CONDITIONAL_VALIDATION)
      .map((m) => m.constraints[0] as (object: object, value: unknown) => boolean);
    const ordered = [...list.filter((m) => m.type === ValidationTypes.IS_DEFINED), ...list.filter((m) => m.type === ValidationTypes.CUSTOM_VALIDATION)];
    const checks: Check[] = [];
    for (const metadata of ordered) {
      for (const constraint of storage.getTargetValidatorConstraints(metadata.constraintCls)) {
        const instance = constraint.instance as { validate?: ConstraintValidate } | undefined;
        if (constraint.async || typeof instance?.validate !== 'function') return null;
        checks.push({ metadata, validate: instance.validate.bind(instance) });
      }
    }
    plans.push({ name, conditions, checks });
  }
  const fields = new Set(plans.map((p) => p.name));
  const ctor = cls as new () => Record<string, unknown>;
  const targetName = cls.name;

  return (input) => {
    const instance = new ctor();
    for (const key of Object.keys(input)) {
      if (!fields.has(key)) return undefined; // H118, or stripped: the general path decides
      const value = input[key];
      if (Array.isArray(value)) {
        for (const item of value) if (!isScalar(item)) return undefined;
        // class-transformer copies arrays item by item.
        instance[key] = value.slice();
      } else if (isScalar(value)) {
        instance[key] = value;
      } else {
        return undefined;
      }
    }
    for (const plan of plans) {
      const value = instance[plan.name];
      let skip = false;
      for (const condition of plan.conditions) if (!condition(instance, value)) skip = true;
      if (skip) continue;
      for (const { metadata, validate } of plan.checks) {
        if (metadata.validateIf && !metadata.validateIf(instance, value)) continue;
        const args = { targetName, property: plan.name, object: instance, value, constraints: metadata.constraints };
        if (metadata.each && Array.isArray(value)) {
          for (const item of value) if (validate(item, args) !== true) return undefined;
        } else if (validate(value, args) !== true) {
          return undefined;
        }
      }
    }
    return instance;
  };
}

function isScalar(value: unknown): boolean {
  return value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}
