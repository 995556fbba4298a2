/** The readable summary printed by `intake validate`: files, counts, then issues with an example each. */
import { formatNumber } from './number.js';
import type { Report } from './types.js';

export interface TerminalOptions {
  readonly color?: boolean;
  /** Issues listed (the rest are counted). */
  readonly maxIssues?: number;
}

export function renderTerminal(report: Report, opts: TerminalOptions = {}): string {
  const c = opts.color ? (code: string, s: string) => `\u001b[${code}m${s}\u001b[0m` : (_: string, s: string) => s;
  const sev = { error: c('31;1', 'error  '), warning: c('33', 'warning'), info: c('36', 'info   ') } as const;
  const out: string[] = [];
  const s = report.summary;
  out.push(`${s.passed ? c('32;1', 'PASSED') : c('31;1', 'FAILED')}  ${s.files} file(s), ${fmt(s.rows)} rows: ${fmt(s.errors)} error(s), ${fmt(s.warnings)} warning(s), ${fmt(s.infos)} note(s)${report.phase ? `  [phase ${report.phase}, as of ${report.asOf}]` : ''}`);
  out.push('');
  for (const f of report.files) {
    out.push(`  ${f.name}  ${f.standard ?? '?'}/${f.fileType ?? '?'}  ${fmt(f.rows)} rows  ${f.compression}  ${fmt(f.errors)} errors  ${fmt(f.warnings)} warnings`);
  }
  const max = opts.maxIssues ?? 40;
  if (report.issues.length > 0) out.push('');
  for (const i of report.issues.slice(0, max)) {
    const ex = i.examples[0];
    const where = [i.file ? shortName(i.file) : 'delivery', ex?.line !== undefined ? `line ${ex.line}` : undefined, i.column].filter(Boolean).join(':');
    out.push(`${sev[i.severity]} ${i.code}  ×${fmt(i.count)}  ${where}`);
    out.push(`         ${i.message}`);
    if (i.severity !== 'info') out.push(`         ${c('2', `fix: ${i.hint}`)}`);
    const more = i.examples.slice(1, 4).map((e) => e.line).filter((l) => l !== undefined);
    if (more.length > 0) out.push(`         ${c('2', `also lines ${more.join(', ')}${i.count > 4 ? ', …' : ''}`)}`);
  }
  if (report.issues.length > max) out.push(`… and ${report.issues.length - max} more kinds of issue (see the JSON or HTML report).`);
  for (const t of report.truncated) out.push(`${c('33', 'note:')} ${t}`);
  out.push('');
  return out.join('\n');
}

function fmt(n: number): string {
  return formatNumber(n);
}

function shortName(name: string): string {
  return name.length > 48 ? `…${name.slice(-47)}` : name;
}
