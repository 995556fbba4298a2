/** Small constructors that keep the spec modules readable as tables. */
import type { ColumnSpec, ColumnType, Requirement, RuleSource } from './types.js';

export const REQUIRED: Requirement = Object.freeze({ kind: 'required', source: 'documented' });
export const REQUIRED_INTAKE: Requirement = Object.freeze({ kind: 'required', source: 'intake' });
export const OPTIONAL: Requirement = Object.freeze({ kind: 'optional' });
export const when = (text: string, source: RuleSource = 'documented'): Requirement =>
  Object.freeze({ kind: 'conditional', when: text, source });

type Extra = Omit<ColumnSpec, 'name' | 'entity' | 'type' | 'requirement' | 'source' | 'description' | 'specRef'>;

/** Builds one frozen column. */
export function column(
  entity: string,
  specRef: string,
  name: string,
  type: ColumnType,
  requirement: Requirement,
  source: RuleSource,
  description: string,
  extra: Extra = {},
): ColumnSpec {
  return Object.freeze({ name, entity, type, requirement, source, description, specRef, ...extra });
}

/** Deep-freezes a spec so that no code can mutate a published standard. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value as Record<string, unknown>)) if (v && typeof v === 'object') deepFreeze(v);
  }
  return value;
}

/** A column constructor bound to one entity block and spec section. */
export const block =
  (entity: string, specRef: string) =>
  (name: string, type: ColumnType, requirement: Requirement, source: RuleSource, description: string, extra: Extra = {}): ColumnSpec =>
    column(entity, specRef, name, type, requirement, source, description, extra);
