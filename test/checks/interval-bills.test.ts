/**
 * INTERVAL_BILL_MISMATCH: interval sums over bill periods against loaded bills, through a fake async context
 * (the store's side is test/store/billed-reads.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { resolveProfile } from '../../src/spec/profile.js';
import { validateDelivery, type BilledRead, type DeliveryContext } from '../../src/validate/index.js';
import { INTERVAL_COLUMNS, tempDir, tsv, writeGz } from '../helpers/files.js';
import { counts, intervalName, intervalRow as row, issue, localEnds, validateRows } from '../helpers/interval.js';

const NY = 'America/New_York';
const FROM = '2024-01-10';
const TO = '2024-01-19';

/** Hourly rows of one channel over FROM..TO, values varying (no quality rule fires); `drop` leaves rows out. */
function channel(sp: string, o: Record<string, string> = {}, scale = 1, drop: (date: string, time: string) => boolean = () => false): string[] {
  return localEnds(NY, FROM, TO, 60)
    .map((e, i) => ({ e, v: (0.5 + ((i * 7) % 13) / 10) * scale }))
    .filter(({ e }) => !drop(e.date, e.time))
    .map(({ e, v }) => row({ service_point_id: sp, date: e.date, time: e.time, usage_value: v.toFixed(3), ...o }));
}

/** The sum of a channel's usage over the local days from..to (yyyyMMdd), as the file carries it. */
function sumOf(rows: readonly string[], sp: string, from: string, to: string, sqi = ''): number {
  const at = (name: string) => INTERVAL_COLUMNS.indexOf(name);
  let sum = 0;
  for (const r of rows) {
    const f = r.split('\t');
    if (f[at('service_point_id')] !== sp || f[at('service_quantity_identifier')] !== sqi) continue;
    const date = f[at('date')]!;
    // The interval ending at 0000 belongs to the day before.
    const day = f[at('time')] === '0000' ? dayBefore(date) : date;
    if (day >= from && day <= to) sum += Number(f[at('usage_value')]);
  }
  return sum;
}

function dayBefore(yyyymmdd: string): string {
  const t = Date.UTC(Number(yyyymmdd.slice(0, 4)), Number(yyyymmdd.slice(4, 6)) - 1, Number(yyyymmdd.slice(6, 8))) - 86400000;
  return new Date(t).toISOString().slice(0, 10).replace(/-/g, '');
}

/** Findings of the code over every file of the report. */
const mismatches = (r: Awaited<ReturnType<typeof validateDelivery>>) => r.issues.filter((x) => x.code === 'INTERVAL_BILL_MISMATCH').reduce((n, x) => n + x.count, 0);

const bill = (dateTo: string, duration: number, usage: number, unit = 'KWH'): BilledRead => ({ dateTo, duration, usage, unit });

/** A context whose bills are `bills`, recording what it was asked. */
function fakeContext(bills: Record<string, BilledRead[]>) {
  const calls: { ids: string[]; within?: { from: string; to: string } | undefined }[] = [];
  const context: DeliveryContext = {
    async billedReads(ids, within) {
      calls.push({ ids: [...ids], within });
      return new Map(ids.filter((id) => bills[id]).map((id) => [id, bills[id]!]));
    },
  };
  return { context, calls };
}

describe('interval sums against loaded bills', () => {
  const kwh = [
    ...channel('SP_OK'),
    ...channel('SP_OFF'),
    // A gap on 2024-01-12: a bill over that day is not compared.
    ...channel('SP_GAP', {}, 1, (d, t) => d === '20240112' && t === '1400'),
    // Consumption and generation: only consumption is summed.
    ...channel('SP_GEN'),
    ...channel('SP_GEN', { service_quantity_identifier: 'GENERATED' }, 3),
    ...channel('SP_GEN_ONLY', { service_quantity_identifier: 'GENERATED' }),
  ];
  const wh = channel('SP_WH', { units: 'WH' }, 1000);
  const days = (rows: string[], sp: string, from: string, to: string) => sumOf(rows, sp, from, to);

  const bills: Record<string, BilledRead[]> = {
    // 1 % above the interval sum: within 2 %.
    SP_OK: [bill('20240119', 10, days(kwh, 'SP_OK', '20240110', '20240119') * 1.01)],
    // 5 % off on the second bill; the first matches. A bill reaching past the data is not compared.
    SP_OFF: [
      bill('20240114', 5, days(kwh, 'SP_OFF', '20240110', '20240114')),
      bill('20240119', 5, days(kwh, 'SP_OFF', '20240115', '20240119') * 1.05),
      bill('20240125', 10, 1),
    ],
    // Off by half over the day with a gap: not compared.
    SP_GAP: [bill('20240114', 5, days(kwh, 'SP_GAP', '20240110', '20240114') * 1.5)],
    SP_GEN: [bill('20240119', 10, days(kwh, 'SP_GEN', '20240110', '20240119'))],
    SP_GEN_ONLY: [bill('20240119', 10, 1)],
    // WH intervals against KWH bills: one matches after conversion, one is 5 % off.
    SP_WH: [
      bill('20240114', 5, days(wh, 'SP_WH', '20240110', '20240114') / 1000),
      bill('20240119', 5, (days(wh, 'SP_WH', '20240115', '20240119') / 1000) * 0.95),
    ],
  };

  async function run(context: DeliveryContext, profile = resolveProfile({})) {
    const dir = tempDir();
    const a = writeGz(dir, intervalName(60), tsv(INTERVAL_COLUMNS, kwh));
    const b = writeGz(dir, 'opwr_demo_res_2-0-5_interval60_20250102000000.gz', tsv(INTERVAL_COLUMNS, wh));
    return validateDelivery([a, b], { context, profile });
  }

  it('warns per service point whose bills are off by more than 2 %, converting WH to KWH', async () => {
    const { context, calls } = fakeContext(bills);
    const r = await run(context);
    expect(issue(r, 'INTERVAL_BILL_MISMATCH').severity).toBe('warning');
    expect(mismatches(r)).toBe(2);
    // Each finding sits on the file that holds the service point's consumption channel.
    const all = r.issues.filter((x) => x.code === 'INTERVAL_BILL_MISMATCH');
    expect(all.map((x) => [x.file, x.examples.map((e) => e.key)])).toEqual(expect.arrayContaining([
      [intervalName(60), ['SP_OFF']],
      ['opwr_demo_res_2-0-5_interval60_20250102000000.gz', ['SP_WH']],
    ]));
    expect(all).toHaveLength(2);
    const off = all.find((x) => x.file === intervalName(60))!.examples[0]!;
    expect(off.detail).toContain('1 of 2 bills');
    expect(off.detail).toContain('2024-01-15 – 2024-01-19');
    expect(off.detail).toContain('KWH');
    expect(off.line).toBe(2 + 240);
    const whDetail = all.find((x) => x.file !== intervalName(60))!.examples[0]!.detail;
    expect(whDetail).toContain('1 of 2 bills');
    // Billed 5 % below the intervals: the intervals are 5.3 % above the bill.
    expect(whDetail).toContain('(+5.3 %)');
    // The file's warning count includes the findings made after it was read.
    expect(r.files.find((f) => f.name === intervalName(60))!.warnings).toBe(r.issues.filter((x) => x.file === intervalName(60) && x.severity === 'warning').reduce((n, x) => n + x.count, 0));
    // Asked once (one batch), for the service points with consumption days, within the days the data covers.
    expect(calls).toHaveLength(1);
    expect([...calls[0]!.ids].sort()).toEqual(['SP_GAP', 'SP_GEN', 'SP_OFF', 'SP_OK', 'SP_WH']);
    expect(calls[0]!.within).toEqual({ from: '20240110', to: '20240119' });
  });

  it('the tolerance comes from the profile', async () => {
    const r = await run(fakeContext(bills).context, resolveProfile({ interval: { billUsageTolerance: 0.06 } }));
    expect(mismatches(r)).toBe(0);
    const strict = await run(fakeContext(bills).context, resolveProfile({ interval: { billUsageTolerance: 0.005 } }));
    // SP_OK (1 % off) now counts too.
    expect(mismatches(strict)).toBe(3);
    expect(() => resolveProfile({ interval: { billUsageTolerance: 0 } })).toThrow(/billUsageTolerance/);
  });

  it('units that do not convert are not compared', async () => {
    const r = await validateRows(channel('SP_OFF'), { context: fakeContext({ SP_OFF: [bill('20240119', 10, 1, 'THERMS')] }).context });
    expect(counts(r).INTERVAL_BILL_MISMATCH).toBeUndefined();
    const kwhBill = await validateRows(channel('SP_OFF'), { context: fakeContext({ SP_OFF: [bill('20240119', 10, 1)] }).context });
    expect(counts(kwhBill).INTERVAL_BILL_MISMATCH).toBe(1);
  });

  it('rows sorted by date (channels interleaved) give the same sums', async () => {
    const rows = [...channel('SP_OK'), ...channel('SP_OFF')];
    const byDate = rows.map((r, i) => ({ r, k: i % 240, i })).sort((a, b) => a.k - b.k || a.i - b.i).map((x) => x.r);
    const r = await validateRows(byDate, { context: fakeContext({ SP_OK: bills.SP_OK!, SP_OFF: bills.SP_OFF! }).context });
    expect(r.issues.filter((x) => x.code === 'INTERVAL_BILL_MISMATCH').flatMap((x) => x.examples.map((e) => e.key))).toEqual(['SP_OFF']);
  });

  it('without billedReads (the CLI) nothing is compared', async () => {
    const r = await validateRows(channel('SP_OFF'), {});
    expect(counts(r).INTERVAL_BILL_MISMATCH).toBeUndefined();
  });
});
