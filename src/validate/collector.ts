/**
 * Collects diagnostics of one delivery: true counts always, examples up to a cap, and (optionally) every
 * occurrence streamed to the issues CSV. Occurrences are recorded by code index and column index; strings are
 * only made for the examples that are kept.
 */
import { CATALOGUE, renderMessage, type Severity } from '../checks/catalogue.js';
import type { ReportExample, ReportIssue } from '../report/types.js';
import type { IssuesCsvWriter } from '../report/issues-csv.js';

const CODE_INDEX = new Map(CATALOGUE.map((d, i) => [d.code, i]));

/** The index of a catalogue code, resolved once when checks are compiled. */
export function codeIndex(code: string): number {
  const i = CODE_INDEX.get(code);
  if (i === undefined) throw new Error(`unknown diagnostic code ${code}`);
  return i;
}

interface Bucket {
  readonly codeIdx: number;
  readonly column: string | undefined;
  count: number;
  readonly examples: ReportExample[];
  expected: string | undefined;
}

export interface Occurrence {
  readonly line?: number | undefined;
  readonly value?: string | undefined;
  readonly key?: string | undefined;
  readonly expected?: string | undefined;
  readonly received?: string | undefined;
  readonly detail?: string | undefined;
}

/** Masks personal data: keeps the first character and the shape, e.g. "J•••" or "j•••@e•••". */
export function maskValue(v: string): string {
  if (v.length === 0) return v;
  if (v.includes('@')) {
    const [local = '', domain = ''] = v.split('@');
    return `${local.slice(0, 1)}•••@${domain.slice(0, 1)}•••`;
  }
  return `${v.slice(0, 1)}•••`;
}

export class FileIssues {
  private readonly buckets = new Map<number, Bucket>();
  readonly severityCounts = { error: 0, warning: 0, info: 0 };

  constructor(
    readonly fileName: string | undefined,
    readonly fileType: string | undefined,
    private readonly maxExamples: number,
    private readonly csv: IssuesCsvWriter | undefined,
  ) {}

  /** Whether an occurrence of (code, column) would be kept as an example or streamed: decode only then. */
  wants(codeIdx: number, colIdx: number): boolean {
    if (this.csv) return true;
    const b = this.buckets.get(codeIdx * 4096 + colIdx + 1);
    return !b || b.examples.length < this.maxExamples;
  }

  /**
   * Records one occurrence. `colIdx` is -1 for no column; `columnName` names it. The occurrence object is
   * only built by callers that passed `wants()`, so the common path allocates nothing.
   */
  add(codeIdx: number, colIdx: number, columnName: string | undefined, occ: Occurrence | null): void {
    const key = codeIdx * 4096 + colIdx + 1;
    let b = this.buckets.get(key);
    if (!b) {
      b = { codeIdx, column: columnName, count: 0, examples: [], expected: occ?.expected };
      this.buckets.set(key, b);
    }
    b.count++;
    const sev = (CATALOGUE[codeIdx] as { severity: Severity }).severity;
    this.severityCounts[sev]++;
    if (occ) {
      if (b.examples.length < this.maxExamples) {
        const ex: { line?: number; value?: string; key?: string; detail?: string } = {};
        if (occ.line !== undefined) ex.line = occ.line;
        if (occ.value !== undefined) ex.value = occ.value;
        if (occ.key !== undefined) ex.key = occ.key;
        if (occ.detail !== undefined) ex.detail = occ.detail;
        else if (occ.received !== undefined || occ.expected !== undefined) {
          ex.detail = renderMessage(CATALOGUE[codeIdx]!.code, { column: columnName, expected: occ.expected, received: occ.received ?? occ.value });
        }
        b.examples.push(ex);
        if (b.expected === undefined) b.expected = occ.expected;
      }
      this.csv?.write(this.fileName, occ.line, columnName, CATALOGUE[codeIdx]!.code, sev, occ.value, occ.key, occ.detail ?? renderMessage(CATALOGUE[codeIdx]!.code, { column: columnName, expected: occ.expected, received: occ.received ?? occ.value }));
    }
  }

  get errors(): number {
    return this.severityCounts.error;
  }

  get warnings(): number {
    return this.severityCounts.warning;
  }

  /** The issues of this file, most severe and most frequent first. */
  issues(): ReportIssue[] {
    const out: ReportIssue[] = [];
    for (const b of this.buckets.values()) {
      const def = CATALOGUE[b.codeIdx]!;
      const first = b.examples[0];
      const issue: ReportIssue = {
        code: def.code,
        severity: def.severity,
        ...(this.fileName !== undefined ? { file: this.fileName } : {}),
        ...(this.fileType !== undefined ? { fileType: this.fileType } : {}),
        ...(b.column !== undefined ? { column: b.column } : {}),
        count: b.count,
        message: first?.detail ?? renderMessage(def.code, { column: b.column, expected: b.expected, received: first?.value }),
        hint: def.hint,
        specRef: def.specRef,
        examples: b.examples,
        fingerprint: `${def.code}|${this.fileType ?? ''}|${b.column ?? ''}`,
      };
      out.push(issue);
    }
    const rank = { error: 0, warning: 1, info: 2 } as const;
    return out.sort((a, b) => rank[a.severity] - rank[b.severity] || b.count - a.count || a.code.localeCompare(b.code));
  }
}
