import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateText } from '../helpers/interval.js';
import { hits, type Hit } from '../helpers/report.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/interval/${name}`, import.meta.url), 'utf8');

describe('held-back hourly deliveries across the 2024 daylight-saving days (America/New_York)', () => {
  it.each(['spring-2024-clean.tsv', 'autumn-2024-clean.tsv', 'autumn-2024-offset-on-repeat-only.tsv'])('%s has no errors or warnings', async (name) => {
    const report = await validateText(fixture(name));
    expect(hits(report)).toEqual([]);
    expect(report.summary).toMatchObject({ rows: name.startsWith('spring') ? 3 * 71 : 3 * 73, errors: 0, warnings: 0, passed: true });
    const interval = report.profile.interval as Record<string, unknown>;
    expect(interval).toMatchObject({ meters: 2, channels: 3, daysCovered: 3, intervalMinutes: 60, completeness: 1 });
  });

  const damaged: [string, Hit[]][] = [
    ['spring-2024-off-grid.tsv', [[40, 'time', 'INTERVAL_OFF_GRID']]],
    ['spring-2024-bad-unit.tsv', [[120, 'units', 'FIELD_BAD_ENUM']]],
    ['spring-2024-negative.tsv', [[150, 'usage_value', 'USAGE_NEGATIVE']]],
    ['spring-2024-offset-mismatch.tsv', [[60, 'UTC_offset', 'INTERVAL_OFFSET_MISMATCH']]],
    ['spring-2024-nonexistent.tsv', [[27, 'time', 'INTERVAL_NONEXISTENT_TIME']]],
    ['autumn-2024-no-offset.tsv', [26, 27, 99, 100, 172, 173].map((l): Hit => [l, 'UTC_offset', 'INTERVAL_AMBIGUOUS_TIME'])],
  ];
  it.each(damaged)('%s: the damaged line is among the errors', async (name, errors) => {
    const report = await validateText(fixture(name));
    expect(hits(report, ['error'])).toEqual(errors);
    expect(report.summary.passed).toBe(false);
  });

  it('a dropped interval shows as a gap on its day (the off-grid row no longer fills 16:00)', async () => {
    const report = await validateText(fixture('spring-2024-off-grid.tsv'));
    const gap = report.issues.find((i) => i.code === 'INTERVAL_GAP');
    expect(gap?.count).toBe(1);
    expect(gap?.examples[0]).toMatchObject({ line: 26, key: '1001' });
    expect(gap?.message).toContain('1 interval on 1 day (first 2024-03-10: 22 of 23)');
  });
});
