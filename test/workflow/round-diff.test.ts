import { describe, expect, it } from 'vitest';
import type { Report, ReportIssue } from '../../src/report/types.js';
import { diffRounds } from '../../src/workflow/round-diff.js';

const issue = (code: string, column: string, keys: string[], count = keys.length): ReportIssue => ({
  code, severity: 'error', file: 'f', fileType: 'usage', column, count, message: '', hint: '', specRef: '',
  fingerprint: `${code}|usage|${column}`, examples: keys.map((key, i) => ({ line: i + 2, key })),
});
const report = (issues: ReportIssue[]): Report => ({
  tool: 'intake', version: '0.1.0', generatedAt: '', summary: { files: 1, rows: 1, errors: 1, warnings: 0, infos: 0, passed: false },
  files: [], issues, profile: {}, truncated: [], elapsedMs: 0,
});
const keysOf = (entries: readonly { fingerprint: string }[]) => entries.map((e) => e.fingerprint).sort();

describe('round diff', () => {
  it('names fixed, new and still-open issues by fingerprint and row key', () => {
    const r1 = report([issue('FIELD_BAD_DATE', 'date_to', ['sp1', 'sp2', 'sp3']), issue('FIELD_REQUIRED', 'usage_value', ['sp9'])]);
    const r2 = report([issue('FIELD_BAD_DATE', 'date_to', ['sp3', 'sp4']), issue('FIELD_ENUM', 'is_estimate', ['sp5'])]);
    const d = diffRounds(r1, r2, 'prev');
    expect(d.previousDeliveryId).toBe('prev');
    expect(keysOf(d.fixed)).toEqual(['FIELD_BAD_DATE|usage|date_to|sp1', 'FIELD_BAD_DATE|usage|date_to|sp2', 'FIELD_REQUIRED|usage|usage_value|sp9']);
    expect(keysOf(d.new)).toEqual(['FIELD_BAD_DATE|usage|date_to|sp4', 'FIELD_ENUM|usage|is_estimate|sp5']);
    expect(keysOf(d.open)).toEqual(['FIELD_BAD_DATE|usage|date_to|sp3']);
    expect(d.counts).toEqual({ fixed: 3, new: 2, open: 1 });
  });
  it('keeps file-level issues (no key) at the fingerprint, with counts', () => {
    const d = diffRounds(report([issue('FILE_UNCOMPRESSED', '', [], 1)]), report([issue('FILE_UNCOMPRESSED', '', [], 1)]));
    expect(d.open).toMatchObject([{ code: 'FILE_UNCOMPRESSED', previous: 1, current: 1 }]);
    expect(d.counts).toEqual({ fixed: 0, new: 0, open: 1 });
  });
  it('does not call a key fixed when this round capped its examples', () => {
    const d = diffRounds(report([issue('FIELD_BAD_DATE', 'date_to', ['sp1', 'sp2'])]), report([issue('FIELD_BAD_DATE', 'date_to', ['sp2'], 50)]));
    expect(d.fixed).toEqual([]);
    expect(d.notes.length).toBe(1);
  });
  it('treats a first round as all new', () => {
    const d = diffRounds(null, report([issue('FIELD_BAD_DATE', 'date_to', ['sp1'])]));
    expect(d.counts).toEqual({ fixed: 0, new: 1, open: 0 });
  });
});
