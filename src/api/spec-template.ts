/** A standard's columns as a CSV mapping template: one row per file type and column, for a utility's mapping. */
import type { StandardSpec } from '../spec/types.js';

const cell = (v: string | number | undefined): string => {
  const s = v === undefined ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function specTemplateCsv(spec: StandardSpec): string {
  const head = ['file_type', 'position', 'column', 'entity', 'type', 'requirement', 'source', 'format', 'allowed', 'description', 'spec_ref', 'your_source_field'];
  const rows = spec.fileTypes.flatMap((ft) => ft.columns.map((c, i) => [
    ft.id, i + 1, c.name, c.entity, c.type,
    c.requirement.kind === 'conditional' ? `when ${c.requirement.when}` : c.requirement.kind,
    c.source, c.format, c.allowed?.join(' '), c.description, c.specRef, '',
  ]));
  return [head, ...rows].map((r) => r.map(cell).join(',')).join('\n') + '\n';
}
