/**
 * The diff of two rounds of a feed's phase: which issues were fixed, which are new and which are still open. An
 * issue's identity is its fingerprint (code, file type, column) plus, where the example carries one, the key of
 * the row (e.g. a service point and a date), so "FIELD_BAD_DATE on usage.date_to at SP 1001/20240131" is the same
 * issue in round 2 as in round 1 even though the file name, the stamp and the line changed.
 */
import type { Report, ReportIssue } from '../report/types.js';

export type DiffState = 'fixed' | 'new' | 'open';

export interface DiffEntry {
  readonly state: DiffState;
  /** code|fileType|column, or that plus |key for a row's issue. */
  readonly fingerprint: string;
  readonly code: string;
  readonly severity: string;
  readonly fileType?: string;
  readonly column?: string;
  readonly key?: string;
  /** Occurrences in the previous and in this round (for a keyed entry: 1 or 0). */
  readonly previous: number;
  readonly current: number;
}

export interface RoundDiff {
  readonly previousDeliveryId: string | null;
  readonly counts: { readonly fixed: number; readonly new: number; readonly open: number };
  readonly fixed: readonly DiffEntry[];
  readonly new: readonly DiffEntry[];
  readonly open: readonly DiffEntry[];
  /** Sentences about what the diff could not tell (e.g. examples capped, so a key's absence proves nothing). */
  readonly notes: readonly string[];
}

/** The fingerprint of an issue: the report's own, or code|fileType|column when an older report lacks it. */
export function issueFingerprint(i: Pick<ReportIssue, 'code' | 'fileType' | 'column'> & { fingerprint?: string }): string {
  return i.fingerprint ?? `${i.code}|${i.fileType ?? ''}|${i.column ?? ''}`;
}

interface Keyed {
  readonly issue: ReportIssue;
  readonly keys: ReadonlySet<string>;
  /** Every occurrence has its key among the examples (the examples were not capped). */
  readonly complete: boolean;
}

function index(report: Report | null): Map<string, Keyed> {
  const out = new Map<string, Keyed>();
  for (const issue of report?.issues ?? []) {
    const keys = new Set(issue.examples.flatMap((e) => (e.key ? [e.key] : [])));
    const prev = out.get(issueFingerprint(issue));
    // One fingerprint can appear once per file of a type; merge them.
    if (prev) {
      for (const k of prev.keys) keys.add(k);
      out.set(issueFingerprint(issue), { issue: { ...issue, count: issue.count + prev.issue.count }, keys, complete: prev.complete && keys.size >= issue.count + prev.issue.count });
    } else {
      out.set(issueFingerprint(issue), { issue, keys, complete: keys.size >= issue.count });
    }
  }
  return out;
}

const entry = (state: DiffState, issue: ReportIssue, fingerprint: string, previous: number, current: number, key?: string): DiffEntry => ({
  state, fingerprint: key === undefined ? fingerprint : `${fingerprint}|${key}`, code: issue.code, severity: issue.severity,
  ...(issue.fileType !== undefined ? { fileType: issue.fileType } : {}),
  ...(issue.column !== undefined ? { column: issue.column } : {}),
  ...(key !== undefined ? { key } : {}),
  previous, current,
});

/** Compares this round's report with the previous round's (null when this is the first round). */
export function diffRounds(previous: Report | null, current: Report, previousDeliveryId: string | null = null): RoundDiff {
  const before = index(previous);
  const now = index(current);
  const fixed: DiffEntry[] = [];
  const added: DiffEntry[] = [];
  const open: DiffEntry[] = [];
  const notes: string[] = [];
  for (const [fp, cur] of now) {
    const prev = before.get(fp);
    if (!prev) {
      if (cur.keys.size > 0) for (const k of cur.keys) added.push(entry('new', cur.issue, fp, 0, 1, k));
      else added.push(entry('new', cur.issue, fp, 0, cur.issue.count));
      continue;
    }
    if (cur.keys.size === 0 && prev.keys.size === 0) {
      open.push(entry('open', cur.issue, fp, prev.issue.count, cur.issue.count));
      continue;
    }
    for (const k of cur.keys) {
      if (prev.keys.has(k)) open.push(entry('open', cur.issue, fp, 1, 1, k));
      // Not among the previous round's examples: new, unless those were capped (then it may have been there).
      else if (prev.complete) added.push(entry('new', cur.issue, fp, 0, 1, k));
      else open.push(entry('open', cur.issue, fp, 0, 1, k));
    }
    for (const k of prev.keys) {
      if (cur.keys.has(k)) continue;
      // A key missing from capped examples may still be there: only a complete list proves it fixed.
      if (cur.complete) fixed.push(entry('fixed', prev.issue, fp, 1, 0, k));
      else notes.push(`${fp}: examples are capped at ${cur.issue.examples.length} of ${cur.issue.count}; keys not shown may still be open.`);
    }
  }
  for (const [fp, prev] of before) {
    if (now.has(fp)) continue;
    if (prev.keys.size > 0) for (const k of prev.keys) fixed.push(entry('fixed', prev.issue, fp, 1, 0, k));
    else fixed.push(entry('fixed', prev.issue, fp, prev.issue.count, 0));
  }
  return {
    previousDeliveryId,
    counts: { fixed: fixed.length, new: added.length, open: open.length },
    fixed, new: added, open,
    notes: [...new Set(notes)],
  };
}
