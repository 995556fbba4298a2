import { describe, expect, it } from 'vitest';
import { resolveProfile } from '../../src/spec/profile.js';
import { hits } from '../helpers/report.js';
import { counts, intervalRow as row, issue, localEnds, localMidnights, validateRows, type LocalEnd } from '../helpers/interval.js';

const NY = 'America/New_York';
/** Rows of one channel over local days, values varying so that no quality rule fires. */
const days = (from: string, to: string, minutes = 60, o: Record<string, string> = {}, ends?: LocalEnd[]) =>
  (ends ?? localEnds(NY, from, to, minutes)).map((e, i) => row({ date: e.date, time: e.time, usage_value: (0.5 + ((i * 7) % 13) / 10).toFixed(2), ...o }));
const errorsAndWarnings = (r: Awaited<ReturnType<typeof validateRows>>) => hits(r, ['error', 'warning']);

describe('interval grid', () => {
  it('accepts every hour of a day and the midnight end as the next day 0000', async () => {
    const rows = days('2024-01-15', '2024-01-15');
    expect(rows[rows.length - 1]).toContain('20240116\t0000');
    const r = await validateRows(rows);
    expect(hits(r)).toEqual([]);
  });

  it('flags times off the grid of the file name, at the time column', async () => {
    const r = await validateRows([
      row({ time: '0100' }),
      row({ time: '0130' }),
      row({ time: '0200' }),
    ]);
    expect(hits(r, ['error'])).toEqual([[3, 'time', 'INTERVAL_OFF_GRID']]);
  });

  it('15-minute data: quarter hours across the autumn change, offsets only on the repeated hour', async () => {
    const ends = localEnds(NY, '2024-11-02', '2024-11-04', 15);
    const repeated = (e: LocalEnd) => ends.filter((x) => x.date === e.date && x.time === e.time).length > 1;
    const rows = ends.map((e, i) => row({ date: e.date, time: e.time, UTC_offset: repeated(e) ? e.offset : '', usage_value: (0.1 + (i % 9) / 20).toFixed(2) }));
    // 25 hours: 99 quarter hours dated 2024-11-03 and the one ending at midnight, dated 2024-11-04 0000.
    expect(ends.filter((e) => e.date === '20241103' && e.time !== '0000').length).toBe(99);
    const r = await validateRows(rows, { minutes: 15 });
    expect(hits(r)).toEqual([]);
    expect(r.profile.interval).toMatchObject({ intervalMinutes: 15, reads: 96 + 100 + 96, completenessByDay: { '2024-11-02': 1, '2024-11-03': 1, '2024-11-04': 1 } });
  });

  it('15-minute data: 0110 is off the grid, 01:00–01:45 on the autumn day need an offset', async () => {
    const r = await validateRows([
      row({ date: '20241103', time: '0045', usage_value: '0.2' }),
      row({ date: '20241103', time: '0100', usage_value: '0.2' }),
      row({ date: '20241103', time: '0110', usage_value: '0.2' }),
      row({ date: '20241103', time: '0145', usage_value: '0.2' }),
      row({ date: '20241103', time: '0200', usage_value: '0.2' }),
    ], { minutes: 15 });
    expect(errorsAndWarnings(r).filter((t) => t[2] !== 'INTERVAL_GAP')).toEqual([
      [3, 'UTC_offset', 'INTERVAL_AMBIGUOUS_TIME'],
      [4, 'time', 'INTERVAL_OFF_GRID'],
      [5, 'UTC_offset', 'INTERVAL_AMBIGUOUS_TIME'],
    ]);
  });

  it('daily (1440) data: one 0000 row per day, dated the day after the day it measures', async () => {
    const rows = localMidnights('2024-03-01', '2024-03-20').map((e, i) => row({ date: e.date, time: e.time, usage_value: String(20 + (i % 5)) }));
    const r = await validateRows(rows, { minutes: 1440 });
    expect(hits(r)).toEqual([]);
    expect(r.profile.interval).toMatchObject({ intervalMinutes: 1440, daysCovered: 20, firstDay: '2024-03-01', lastDay: '2024-03-20', completeness: 1 });
    const bad = await validateRows([row({ date: '20240301', time: '0000' }), row({ date: '20240302', time: '0100' })], { minutes: 1440 });
    expect(hits(bad, ['error'])).toEqual([[3, 'time', 'INTERVAL_OFF_GRID']]);
  });

  it('a file named for the wrong length: 15-minute rows in an interval60 file', async () => {
    const rows = days('2024-01-15', '2024-01-15', 15);
    const r = await validateRows(rows, { minutes: 60 });
    expect(issue(r, 'INTERVAL_LENGTH_MISMATCH').message).toBe('The rows are 15 minutes apart but the file name says 60 minutes.');
    expect(issue(r, 'INTERVAL_OFF_GRID').count).toBe(72);
  });

  it('a file named for the wrong length: hourly rows in an interval15 file', async () => {
    const r = await validateRows(days('2024-01-15', '2024-01-16'), { minutes: 15 });
    expect(issue(r, 'INTERVAL_LENGTH_MISMATCH').message).toBe('The rows are 60 minutes apart but the file name says 15 minutes.');
  });
});

describe('daylight saving (America/New_York)', () => {
  it('spring forward: 02:00 does not exist, with or without an offset; 03:00 is EDT', async () => {
    const r = await validateRows([
      row({ date: '20240310', time: '0100', UTC_offset: '-05:00' }),
      row({ date: '20240310', time: '0200' }),
      row({ date: '20240310', time: '0200', UTC_offset: '-05:00' }),
      row({ date: '20240310', time: '0300', UTC_offset: '-04:00' }),
      row({ date: '20240310', time: '0400', UTC_offset: '-05:00' }),
    ]);
    expect(errorsAndWarnings(r).filter((t) => t[2] !== 'INTERVAL_GAP')).toEqual([
      [3, 'time', 'INTERVAL_NONEXISTENT_TIME'],
      [4, 'time', 'INTERVAL_NONEXISTENT_TIME'],
      [6, 'UTC_offset', 'INTERVAL_OFFSET_MISMATCH'],
    ]);
    expect(issue(r, 'INTERVAL_NONEXISTENT_TIME').message).toBe('2024-03-10 02:00 does not exist in America/New_York (daylight saving starts).');
  });

  it('fall back: only 01:00 is repeated for hourly data; 02:00 and 00:00 are not ambiguous', async () => {
    const r = await validateRows([
      row({ date: '20241103', time: '0000' }),
      row({ date: '20241103', time: '0100', UTC_offset: '-04:00' }),
      row({ date: '20241103', time: '0100', UTC_offset: '-05:00' }),
      row({ date: '20241103', time: '0200' }),
      row({ date: '20241103', time: '0300' }),
    ]);
    expect(hits(r, ['error', 'info'])).toEqual([]);
  });

  it('fall back: the repeated hour without offset is an error on both rows, and not a correction', async () => {
    const r = await validateRows([
      row({ date: '20241103', time: '0100' }),
      row({ date: '20241103', time: '0100' }),
      row({ date: '20241103', time: '0200' }),
    ]);
    expect(hits(r, ['error', 'info'])).toEqual([
      [2, 'UTC_offset', 'INTERVAL_AMBIGUOUS_TIME'],
      [3, 'UTC_offset', 'INTERVAL_AMBIGUOUS_TIME'],
    ]);
  });

  it('an offset that fits neither hour, or another zone\'s offset on an ordinary day', async () => {
    const r = await validateRows([
      row({ date: '20241103', time: '0100', UTC_offset: '-06:00' }),
      row({ service_point_id: 'SP2', date: '20240115', time: '0100', UTC_offset: '-04:00' }),
      row({ service_point_id: 'SP2', date: '20240115', time: '0200', UTC_offset: '-05:00' }),
    ]);
    expect(hits(r, ['error'])).toEqual([
      [2, 'UTC_offset', 'INTERVAL_OFFSET_MISMATCH'],
      [3, 'UTC_offset', 'INTERVAL_OFFSET_MISMATCH'],
    ]);
    expect(issue(r, 'INTERVAL_OFFSET_MISMATCH').examples[1]?.detail).toBe('UTC_offset -04:00 does not match -05:00, the offset of America/New_York at 2024-01-15 01:00.');
  });

  it('follows the profile time zone', async () => {
    const profile = resolveProfile({ timeZone: 'America/Los_Angeles' });
    const r = await validateRows([
      row({ date: '20240115', time: '0100', UTC_offset: '-08:00' }),
      row({ date: '20240310', time: '0200' }),
    ], { profile });
    expect(hits(r, ['error'])).toEqual([[3, 'time', 'INTERVAL_NONEXISTENT_TIME']]);
  });

  it('counts 23 and 25 intervals on the daylight-saving days', async () => {
    const spring = await validateRows(days('2024-03-10', '2024-03-10'));
    expect(spring.profile.interval).toMatchObject({ reads: 23, completeness: 1 });
    const autumn = await validateRows(days('2024-11-03', '2024-11-03', 60).map((l, i) => (i === 0 || i === 1 ? l : l)), {});
    // Without offsets the repeated hour is ambiguous, but both reads still count for the day.
    expect(autumn.profile.interval).toMatchObject({ reads: 25, completeness: 1 });
  });
});

describe('channels: order and corrections', () => {
  it('the same interval twice is a correction (info), counted', async () => {
    const r = await validateRows([
      row({ time: '0100' }),
      row({ time: '0200' }),
      row({ time: '0200', usage_value: '1.5' }),
      row({ time: '0100', usage_value: '1.1' }),
      row({ time: '0300' }),
    ]);
    expect(hits(r)).toEqual([
      [4, 'time', 'INTERVAL_CORRECTION'],
      [5, 'time', 'INTERVAL_CORRECTION'],
    ]);
    expect(r.summary).toMatchObject({ errors: 0, infos: 2 });
  });

  it('an earlier interval that is not a repeat is out of order', async () => {
    const r = await validateRows([
      row({ time: '0100' }),
      row({ time: '0300' }),
      row({ time: '0200' }),
      row({ time: '0400' }),
    ]);
    expect(hits(r, ['error', 'info'])).toEqual([[4, 'time', 'INTERVAL_OUT_OF_ORDER']]);
    expect(issue(r, 'INTERVAL_OUT_OF_ORDER').message).toBe('The interval ending 2024-01-15 02:00 comes after 2024-01-15 03:00 for the same channel.');
  });

  it('channels are service point + service quantity identifier; files sorted by time interleave them', async () => {
    const rows: string[] = [];
    for (const e of localEnds(NY, '2024-01-15', '2024-01-16', 60)) {
      for (const [sp, sqi] of [['SP1', ''], ['SP1', 'GENERATED'], ['SP2', '']]) {
        rows.push(row({ service_point_id: sp!, service_quantity_identifier: sqi!, date: e.date, time: e.time, usage_value: (0.4 + (rows.length % 11) / 10).toFixed(2) }));
      }
    }
    const r = await validateRows(rows);
    expect(hits(r)).toEqual([]);
    expect(r.profile.interval).toMatchObject({ meters: 2, channels: 3, reads: 144 });
  });

  it('keeps order over months and reaches back for corrections far behind', async () => {
    const rows = days('2024-01-01', '2024-03-31');
    const r = await validateRows([...rows, rows[5]!, rows[40]!]);
    expect(hits(r)).toEqual([
      [rows.length + 2, 'time', 'INTERVAL_CORRECTION'],
      [rows.length + 3, 'time', 'INTERVAL_CORRECTION'],
    ]);
  });
});

describe('meter-data quality warnings, once per service point with counts', () => {
  it('missing intervals per day, and whole days missing inside the covered range', async () => {
    const rows = days('2024-01-01', '2024-01-05');
    const kept = rows.filter((_, i) => i !== 10 && i !== 11 && !(i >= 48 && i < 72));
    const r = await validateRows(kept);
    expect(errorsAndWarnings(r)).toEqual([[2, null, 'INTERVAL_GAP']]);
    expect(issue(r, 'INTERVAL_GAP').message).toBe('Service point SP1 misses 26 intervals on 2 days (first 2024-01-01: 22 of 24).');
    expect(r.profile.interval).toMatchObject({ completenessByDay: { '2024-01-01': 0.9167, '2024-01-02': 1, '2024-01-03': 0, '2024-01-04': 1 } });
  });

  it('a flat line: one non-zero value for flatLineIntervals intervals or more', async () => {
    const rows = days('2024-01-01', '2024-01-03').map((l, i) => (i >= 20 && i < 50 ? l.replace(/\t[0-9.]+\t2024/, '\t2.50\t2024') : l));
    const r = await validateRows(rows);
    expect(errorsAndWarnings(r)).toEqual([[22, null, 'INTERVAL_FLAT_LINE']]);
    expect(issue(r, 'INTERVAL_FLAT_LINE').message).toBe('Service point SP1 repeats one non-zero value for 30 intervals (value 2.5; 1 run of 24 or more).');
    const longer = await validateRows(rows, { profile: resolveProfile({ interval: { flatLineIntervals: 48 } }) });
    expect(counts(longer).INTERVAL_FLAT_LINE).toBeUndefined();
  });

  it('a long run of zeros (zeroRunHours), counted per service point', async () => {
    const rows = days('2024-01-01', '2024-01-06').map((l, i) => (i >= 24 && i < 24 + 80 ? l.replace(/\t[0-9.]+\t2024/, '\t0\t2024') : l));
    const other = days('2024-01-01', '2024-01-06', 60, { service_point_id: 'SP2' }).map((l, i) => (i < 40 ? l.replace(/\t[0-9.]+\t2024/, '\t0.000\t2024') : l));
    const r = await validateRows([...rows, ...other]);
    expect(errorsAndWarnings(r)).toEqual([[26, null, 'INTERVAL_ZERO_RUN']]);
    expect(issue(r, 'INTERVAL_ZERO_RUN').message).toBe('Service point SP1 reads zero for 80 hours (1 run of 72 hours or more).');
  });

  it('a spike: the day\'s highest interval far above its third-highest', async () => {
    const rows = days('2024-01-01', '2024-01-03').map((l, i) => (i === 30 || i === 60 ? l.replace(/\t[0-9.]+\t2024/, '\t45\t2024') : l));
    const r = await validateRows(rows);
    expect(errorsAndWarnings(r)).toEqual([[32, null, 'INTERVAL_SPIKE']]);
    expect(issue(r, 'INTERVAL_SPIKE').message).toBe('Service point SP1 has a spike: 45 on 2024-01-02, over 10× the day\'s third-highest (1.7); 2 days with spikes.');
    const small = await validateRows(rows, { profile: resolveProfile({ interval: { spikeMinValue: 50 } }) });
    expect(counts(small).INTERVAL_SPIKE).toBeUndefined();
  });
});

describe('usage values', () => {
  it('zero is fine; negative is an error unless the profile allows it', async () => {
    const rows = [row({ time: '0100', usage_value: '0' }), row({ time: '0200', usage_value: '-0.3' })];
    const r = await validateRows(rows);
    expect(hits(r)).toEqual([[3, 'usage_value', 'USAGE_NEGATIVE']]);
    const net = await validateRows(rows, { profile: resolveProfile({ allowNegativeUsage: true }) });
    expect(hits(net)).toEqual([]);
  });

  it('units and flags come from the spec lists (and the profile may add units)', async () => {
    const rows = [row({ time: '0100', units: 'KWHR' }), row({ time: '0200', is_estimate: 'X' }), row({ time: '0300', units: 'MWH' })];
    const r = await validateRows(rows);
    expect(hits(r)).toEqual([[2, 'units', 'FIELD_BAD_ENUM'], [3, 'is_estimate', 'FIELD_BAD_ENUM'], [4, 'units', 'FIELD_BAD_ENUM']]);
    const more = await validateRows(rows, { profile: resolveProfile({ extraEnumValues: { units: ['MWH'] } }) });
    expect(hits(more)).toEqual([[2, 'units', 'FIELD_BAD_ENUM'], [3, 'is_estimate', 'FIELD_BAD_ENUM']]);
  });
});

describe('the interval profile', () => {
  it('fills the interval section and the common figures', async () => {
    const rows = [
      ...days('2024-01-30', '2024-02-01', 60, { is_estimate: 'A' }),
      ...days('2024-01-30', '2024-01-31', 60, { service_point_id: 'SP2', is_estimate: 'E' }),
    ];
    const r = await validateRows(rows);
    expect(r.profile).toMatchObject({
      reads: 120,
      readsPerMonth: { '2024-01': 96, '2024-02': 24 },
      servicePointsPerMonth: { '2024-01': 2, '2024-02': 1 },
      estimates: { actual: 72, estimated: 48 },
      interval: { intervalMinutes: 60, reads: 120, meters: 2, channels: 2, daysCovered: 3, estimatesShare: 0.4, completenessByDay: { '2024-01-30': 1, '2024-01-31': 1, '2024-02-01': 1 } },
    });
  });
});

describe('with what the store knows', () => {
  it('incremental: a read before the last loaded interval is an error, a gap after it a warning', async () => {
    const context = { lastLoadedInterval: (k: string) => ({ 'SP1|': '202401150300', 'SP2|': '202401150100', 'SP3|GENERATED': '202401150400' })[k] };
    const r = await validateRows([
      row({ time: '0300' }),
      row({ time: '0400' }),
      row({ service_point_id: 'SP2', time: '0500' }),
      row({ service_point_id: 'SP2', time: '0600' }),
      row({ service_point_id: 'SP3', service_quantity_identifier: 'GENERATED', time: '0300' }),
      row({ service_point_id: 'SP3', service_quantity_identifier: 'GENERATED', time: '0400' }),
    ], { context, phase: 'incremental' });
    expect(errorsAndWarnings(r)).toEqual([
      [4, 'time', 'PHASE_GAP_AFTER_LOADED'],
      [6, 'time', 'PHASE_READ_BEFORE_LOADED'],
    ]);
    expect(issue(r, 'PHASE_READ_BEFORE_LOADED').message).toBe('The read ending 2024-01-15 03:00 ends before the last loaded read (2024-01-15 04:00) and is not a valid correction.');
  });

  it('service points unknown to the store, only when a store is asked', async () => {
    const rows = [row({ service_point_id: 'SP1' }), row({ service_point_id: 'SP9' })];
    const r = await validateRows(rows, { context: { knownServicePoint: (id) => id === 'SP1' } });
    expect(hits(r)).toEqual([[3, 'service_point_id', 'USAGE_UNKNOWN_SERVICE_POINT']]);
    expect(hits(await validateRows(rows))).toEqual([]);
  });

  it('sample: an active service point with less than 13 months of history', async () => {
    const long = localMidnights('2023-01-01', '2024-03-31').map((e) => row({ date: e.date, time: e.time, usage_value: '21' }));
    const short = localMidnights('2023-12-01', '2024-03-31').map((e) => row({ service_point_id: 'SP2', date: e.date, time: e.time, usage_value: '22' }));
    const gone = localMidnights('2023-06-01', '2023-09-30').map((e) => row({ service_point_id: 'SP3', date: e.date, time: e.time, usage_value: '23' }));
    const withVariation = (rows: string[]) => rows.map((l, i) => l.replace(/\t2[123]\t/, `\t${20 + (i % 7)}\t`));
    const r = await validateRows(withVariation([...long, ...short, ...gone]), { minutes: 1440, phase: 'sample' });
    expect(hits(r, ['warning'])).toEqual([[null, null, 'PHASE_INTERVAL_HISTORY_SHORT']]);
    expect(issue(r, 'PHASE_INTERVAL_HISTORY_SHORT').message).toBe('Active service point SP2 has 4 months (2023-12-01 to 2024-03-31) of interval history; at least 13 months are asked for.');
  });
});

describe('more interval lengths and repeats', () => {
  it('5-minute data across the spring change: 276 intervals on 2024-03-10', async () => {
    const ends = localEnds(NY, '2024-03-10', '2024-03-10', 5);
    expect(ends.length).toBe(23 * 12);
    const r = await validateRows(ends.map((e, i) => row({ date: e.date, time: e.time, usage_value: (0.05 + (i % 13) / 100).toFixed(3) })), { minutes: 5 });
    expect(hits(r)).toEqual([]);
    expect(r.profile.interval).toMatchObject({ intervalMinutes: 5, reads: 276, completeness: 1 });
  });

  it('30-minute data: 0015 is off the grid', async () => {
    const r = await validateRows([row({ time: '0030' }), row({ time: '0045' }), row({ time: '0100' })], { minutes: 30 });
    expect(hits(r, ['error'])).toEqual([[3, 'time', 'INTERVAL_OFF_GRID']]);
  });

  it('the same repeated hour with the same offset twice is a correction', async () => {
    const r = await validateRows([
      row({ date: '20241103', time: '0100', UTC_offset: '-04:00' }),
      row({ date: '20241103', time: '0100', UTC_offset: '-04:00' }),
      row({ date: '20241103', time: '0100', UTC_offset: '-05:00' }),
    ]);
    expect(hits(r)).toEqual([[3, 'time', 'INTERVAL_CORRECTION']]);
  });
});
