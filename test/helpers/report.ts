/** Turns a report into `[line, column, code]` rows, the way check tests read. */
import type { Report } from '../../src/report/types.js';

export type Hit = [line: number | null, column: string | null, code: string];

export function hits(report: Report, severities: readonly string[] = ['error', 'warning', 'info']): Hit[] {
  const out: Hit[] = [];
  for (const i of report.issues) {
    if (!severities.includes(i.severity)) continue;
    if (i.examples.length === 0) out.push([null, i.column ?? null, i.code]);
    for (const e of i.examples) out.push([e.line ?? null, i.column ?? null, i.code]);
  }
  return out.sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0) || (a[1] ?? '').localeCompare(b[1] ?? '') || a[2].localeCompare(b[2]));
}

export function codes(report: Report): string[] {
  return [...new Set(report.issues.map((i) => i.code))].sort();
}
