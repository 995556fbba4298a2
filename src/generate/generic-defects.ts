/**
 * Defects for the standards of generic.ts (billing, account, premise, …). Each damaged row carries one defect
 * in one field, chosen by the column's type, and only in columns no other row depends on: never a key, an
 * id, a unique or timeline column, a column of a reference (either end) or of a row rule. So the damage is
 * seen at its own line and nowhere else, as for legacy billing and interval (defects.ts).
 */
import { DEFAULT_PROFILE, type ColumnSpec, type FileTypeSpec, type StandardSpec } from '../spec/index.js';
import { isRequired } from '../validate/columns.js';
import { damagedValue, type DefectKind, type DefectPlanner } from './defects.js';

/** The defect kinds this module injects: field-local ones only. */
type GenericKind = Extract<DefectKind, 'bad-date' | 'bad-time' | 'bad-number' | 'not-integer' | 'number-comma' | 'unknown-enum' | 'bad-zip' | 'bad-state' | 'bad-email' | 'bad-phone' | 'bad-language' | 'bad-offset' | 'empty-required' | 'invalid-utf8'>;

/** A damageable column of a file type and the kinds its type allows. */
interface Target {
  readonly index: number;
  readonly name: string;
  readonly kinds: readonly GenericKind[];
}

/**
 * Columns other rows or files rely on: left alone. Keys only matter when another file refers to this one or
 * the rows form timelines; otherwise a damaged key only makes its own row invalid (two damaged keys that
 * happen to match are reported at the later one, itself damaged). Ids are left alone where the customer
 * entity checks tie rows together by them (files with account or service point ids).
 */
function dependedOn(standard: StandardSpec, type: FileTypeSpec): Set<string> {
  const referenced = standard.fileTypes.some((other) => (other.references ?? []).some((r) => r.target === type.id));
  const out = new Set<string>(referenced || type.timeline ? [...type.keyColumns, ...(type.uniqueKey ?? [])] : []);
  if (type.timeline) for (const c of [...type.timeline.key, type.timeline.start, type.timeline.end]) out.add(c);
  for (const rule of type.rowRules ?? []) {
    if (rule.kind === 'order') out.add(rule.start).add(rule.end);
    else if (rule.kind === 'one-of') {
      for (const c of rule.columns) out.add(c);
      if (rule.when) out.add(rule.when.column);
    } else out.add(rule.column);
  }
  for (const ref of type.references ?? []) {
    for (const c of ref.columns) out.add(c);
    if (ref.notAfter) out.add(ref.notAfter.column);
  }
  // Columns other file types refer to.
  for (const other of standard.fileTypes) {
    for (const ref of other.references ?? []) {
      if (ref.target !== type.id) continue;
      for (const c of ref.targetColumns) out.add(c);
      if (ref.notAfter) out.add(ref.notAfter.targetColumn);
    }
  }
  const entities = type.columns.some((c) => c.name === 'account_id' || c.name === 'service_point_id');
  if (entities) for (const c of type.columns) if (/(^|_)id$|_identifier$/.test(c.name)) out.add(c.name);
  return out;
}

function kindsOf(col: ColumnSpec, csv: boolean): GenericKind[] {
  const kinds: GenericKind[] = [];
  switch (col.type) {
    case 'date': case 'datetime': case 'timestamp': case 'iso-datetime': kinds.push('bad-date'); break;
    case 'time': kinds.push('bad-time'); break;
    case 'integer': kinds.push('bad-number', 'not-integer'); break;
    case 'decimal': kinds.push('bad-number'); if (!csv) kinds.push('number-comma'); break;
    case 'enum': case 'currency': case 'country': case 'locale': kinds.push('unknown-enum'); break;
    case 'zip': kinds.push('bad-zip'); break;
    case 'state': kinds.push('bad-state'); break;
    case 'email': kinds.push('bad-email'); break;
    case 'phone': kinds.push('bad-phone'); break;
    case 'language': kinds.push('bad-language'); break;
    case 'utc-offset': kinds.push('bad-offset'); break;
    case 'string': case 'label': case 'identifier': kinds.push('invalid-utf8'); break;
  }
  if (col.requirement.kind === 'required' && isRequired(col, DEFAULT_PROFILE)) kinds.push('empty-required');
  return kinds;
}

/** The columns of a file type that may be damaged, with their kinds. */
export function defectTargets(standard: StandardSpec, type: FileTypeSpec): Target[] {
  const skip = dependedOn(standard, type);
  const csv = type.delimiter === ',';
  return type.columns
    .map((col, index) => ({ index, name: col.name, kinds: skip.has(col.name) ? [] : kindsOf(col, csv) }))
    .filter((t) => t.kinds.length > 0);
}

/**
 * A value of `kind` for a field that held `value`: defects.ts's values, except for dates, whose list there holds
 * 2024-01-15 — valid in the ISO date-time columns these standards have.
 */
function damaged(kind: GenericKind, column: string, value: string, p: DefectPlanner): string {
  if (kind === 'bad-date') return p.pick(['20241301', '2024/01/15', '1/15/2024', '20241232', 'yesterday']);
  return damagedValue(kind, column, value, [], NO_COLUMNS, p);
}
const NO_COLUMNS: ReadonlyMap<string, number> = new Map();

/** Damages one field of a row; returns the column and kind, or undefined when the file has no target. */
export function damageGenericRow(fields: string[], targets: readonly Target[], p: DefectPlanner): { column: string; kind: DefectKind } | undefined {
  if (targets.length === 0) return undefined;
  const t = p.pick(targets);
  const kind = p.pick(t.kinds);
  fields[t.index] = damaged(kind, t.name, fields[t.index] ?? '', p);
  return { column: t.name, kind };
}
