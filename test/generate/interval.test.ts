import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { generate } from '../../src/generate/index.js';
import { dayOfCompact, records, scratchDirs } from './helpers.js';

const dir = scratchDirs();

type Row = Record<string, string>;

const dayBefore = (d: string): string => new Date((dayOfCompact(d) - 1) * 86400000).toISOString().slice(0, 10).replaceAll('-', '');

function perChannelDay(rows: Row[]): Map<string, number> {
  const n = new Map<string, number>();
  for (const r of rows) {
    // An interval ending at 0000 belongs to the day before.
    const key = `${r.service_point_id}|${r.service_quantity_identifier}|${r.time === '0000' ? dayBefore(r.date as string) : r.date}`;
    n.set(key, (n.get(key) ?? 0) + 1);
  }
  return n;
}

describe('interval generator', () => {
  for (const minutes of [5, 15, 30, 60, 1440]) {
    it(`writes ${minutes}-minute intervals on the grid, with UTC offsets of America/New_York`, async () => {
      const out = await dir(`iv${minutes}`);
      const m = await generate({ standard: 'interval', interval: minutes, meters: 3, since: '2025-06-01', until: '2025-06-03', out });
      expect(m.files[0]?.name).toMatch(new RegExp(`_2-0-5_interval${minutes}_20250604000000\\.gz$`));
      const rows = await records(join(out, m.files[0]?.name ?? ''));
      expect(rows.length).toBe(m.files[0]?.rows);
      for (const r of rows) {
        expect(Number(r.time) % 100 % Math.min(60, minutes) === 0 || minutes === 1440).toBe(true);
        if (minutes === 1440) expect(r.time).toBe('0000');
        expect(r.UTC_offset).toBe('-04:00');
        expect(Number(r.usage_value)).toBeGreaterThanOrEqual(0);
        expect(['KWH', 'THERMS']).toContain(r.units);
      }
      const channels = new Set(rows.map((r) => `${r.service_point_id}|${r.service_quantity_identifier}`));
      expect(rows.length).toBeLessThanOrEqual(channels.size * 3 * (1440 / minutes));
      expect(rows.length).toBeGreaterThan(channels.size * 3 * (1440 / minutes) * 0.9);
    });
  }

  it('has 23 hours on the spring-forward day and 25 on the autumn day, the repeated hour told apart by UTC_offset', async () => {
    const spring = await dir('spring');
    const ms = await generate({ standard: 'interval', interval: 15, meters: 4, since: '2025-03-09', until: '2025-03-09', out: spring, seed: 3 });
    const springRows = await records(join(spring, ms.files[0]?.name ?? ''));
    const counts = [...perChannelDay(springRows).entries()].filter(([k]) => k.endsWith('|20250309'));
    // Gaps are injected now and then: every channel has at most 92 intervals, most exactly 92.
    expect(counts.every(([, n]) => n <= 92)).toBe(true);
    expect(counts.filter(([, n]) => n === 92).length).toBeGreaterThan(0);
    expect(springRows.some((r) => r.date === '20250309' && (r.time ?? '') >= '0200' && (r.time ?? '') < '0300')).toBe(false);

    const autumn = await dir('autumn');
    const ma = await generate({ standard: 'interval', interval: 60, meters: 4, since: '2024-11-03', until: '2024-11-03', out: autumn, seed: 3 });
    const autumnRows = await records(join(autumn, ma.files[0]?.name ?? ''));
    const one = perChannelDay(autumnRows);
    expect([...one.values()].filter((n) => n === 25).length).toBeGreaterThan(0);
    expect([...one.values()].every((n) => n <= 25)).toBe(true);
    const repeated = autumnRows.filter((r) => r.date === '20241103' && r.time === '0100');
    expect(new Set(repeated.map((r) => r.UTC_offset))).toEqual(new Set(['-04:00', '-05:00']));
  });

  it('follows service points of the billing population, in another time zone too', async () => {
    const billing = await dir('bill');
    const mb = await generate({ standard: 'legacy-billing', accounts: 200, out: billing, seed: 8 });
    const sps = new Set((await records(join(billing, mb.files[0]?.name ?? ''))).filter((r) => r.meter_type === 'AMI').map((r) => r.service_point_id));
    const iv = await dir('ivpop');
    const mi = await generate({ standard: 'interval', accounts: 200, interval: 60, days: 2, until: '2025-06-30', out: iv, seed: 8, timeZone: 'America/Los_Angeles' });
    const rows = await records(join(iv, mi.files[0]?.name ?? ''));
    const ivSps = new Set(rows.map((r) => r.service_point_id));
    expect(ivSps.size).toBeGreaterThan(100);
    for (const sp of ivSps) expect(sps.has(sp)).toBe(true);
    expect(rows.every((r) => r.UTC_offset === '-07:00')).toBe(true);
    expect(rows.some((r) => r.service_quantity_identifier === 'GENERATED')).toBe(true);
  });

  it('sums, over a bill period, to the billed actual read of the same service point (within 2 %)', async () => {
    const billing = await dir('sum-bill');
    const mb = await generate({ standard: 'legacy-billing', accounts: 150, out: billing, seed: 12, until: '2025-06-30' });
    const iv = await dir('sum-iv');
    const mi = await generate({ standard: 'interval', accounts: 150, interval: 60, since: '2025-01-01', until: '2025-06-30', out: iv, seed: 12 });
    const perDay = new Map<string, number>();
    for (const r of await records(join(iv, mi.files[0]?.name ?? ''))) {
      if (r.service_quantity_identifier !== '') continue;
      const day = r.time === '0000' ? dayBefore(r.date ?? '') : (r.date ?? '');
      const key = `${r.service_point_id}|${day}`;
      perDay.set(key, (perDay.get(key) ?? 0) + Number(r.usage_value));
    }
    let compared = 0;
    for (const r of await records(join(billing, mb.files[1]?.name ?? ''))) {
      const end = dayOfCompact(r.date_to ?? '');
      const start = end - Number(r.duration) + 1;
      if (r.is_estimate !== 'A' || start < dayOfCompact('20250101')) continue;
      let sum = 0;
      let days = 0;
      for (let d = start; d <= end; d++) {
        const v = perDay.get(`${r.service_point_id}|${new Date(d * 86400000).toISOString().slice(0, 10).replaceAll('-', '')}`);
        if (v !== undefined) { sum += v; days++; }
      }
      if (days !== end - start + 1) continue; // not an AMI point, or outside the interval window
      expect(Math.abs(sum - Number(r.usage_value)) / Number(r.usage_value), `${JSON.stringify(r)} sum ${sum}`).toBeLessThan(0.02);
      compared++;
    }
    expect(compared).toBeGreaterThan(100);
  });

  it('samples at least 13 months by default, then incrementals continue at the next interval', async () => {
    const base = await dir('ivbase');
    const m0 = await generate({ standard: 'interval', interval: 1440, meters: 5, until: '2025-06-30', out: base, seed: 6 });
    expect(m0.phase).toBe('sample');
    const rows0 = await records(join(base, m0.files[0]?.name ?? ''));
    expect(rows0.reduce((m, r) => ((r.date ?? m) < m ? (r.date ?? m) : m), '99999999') <= '20240601').toBe(true);
    const inc = await dir('ivinc');
    const m1 = await generate({ standard: 'interval', phase: 'incremental', after: base, days: 2, out: inc });
    expect(m1.until).toBe('2025-07-02');
    const rows1 = await records(join(inc, m1.files[0]?.name ?? ''));
    const first = new Map<string, string>();
    for (const r of rows1) if (!first.has(r.service_point_id as string)) first.set(r.service_point_id as string, `${r.date}${r.time}`);
    expect(first.size).toBeGreaterThan(0);
    for (const v of first.values()) expect(v).toBe('202507020000');
    expect(m1.files[0]?.name).toMatch(/_interval1440_20250703000000\.gz$/);
  });
});
