/**
 * The mapping template an extract engineer fills in: one row per column of every file type, with its type,
 * requirement, allowed values and description, and two empty columns for the utility's source field and rule.
 */
import type { UtilityProfile } from './profile.js';
import { DEFAULT_PROFILE } from './profile.js';
import type { ColumnSpec, Requirement, StandardSpec } from './types.js';

const q = (v: string | number): string => {
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function requirementText(r: Requirement): string {
  switch (r.kind) {
    case 'required':
      return r.source === 'intake' ? 'required (Intake)' : 'required';
    case 'optional':
      return 'optional';
    case 'conditional':
      return `required when ${r.when}${r.source === 'intake' ? ' (Intake)' : ''}`;
  }
}

export function typeText(c: ColumnSpec): string {
  const parts: string[] = [c.type];
  if (c.format) parts.push(c.format);
  if (c.maxLength !== undefined) parts.push(`max ${c.maxLength} chars`);
  if (c.min !== undefined || c.max !== undefined) parts.push(`${c.min ?? '…'}–${c.max ?? '…'}`);
  if (c.maxDecimals !== undefined) parts.push(`≤ ${c.maxDecimals} decimals`);
  if (c.asciiOnly) parts.push('ASCII only');
  return parts.join(', ');
}

export function mappingTemplate(spec: StandardSpec, profile: UtilityProfile = DEFAULT_PROFILE): string {
  const header = ['file_type', 'position', 'column', 'entity', 'type', 'required', 'allowed_values', 'source', 'description', 'utility_source_field', 'transformation_notes'];
  const rows = [header.join(',')];
  for (const ft of spec.fileTypes) {
    ft.columns.forEach((c, i) => {
      const allowed = [...(c.allowed ?? []), ...(profile.extraEnumValues[c.name] ?? [])].join(' | ');
      rows.push([ft.id, i + 1, c.name, c.entity, typeText(c), requirementText(c.requirement), allowed, c.source === 'intake' ? 'Intake' : 'documented', c.description, '', ''].map(q).join(','));
    });
  }
  return `${rows.join('\n')}\n`;
}
