import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportStandard, intervalUsagePerDay, lastLoadedIntervals, loadDelivery, unloadDelivery } from '../../src/store/index.js';
import { BACKENDS, byType, fileType, openTestStore, readTsv, removeDir, tempDir, writeDeliveryFile, type TestStore } from './helpers.js';

const IV = fileType('interval');
const name = (mm: number, stamp: string): string => `opwr_demo_res_2-0-5_interval${mm}_${stamp}.gz`;

function row(sp: string, date: string, time: string, value: string, o: Record<string, string> = {}): Record<string, string> {
  return { service_point_id: sp, usage_value: value, date, time, units: 'KWH', is_estimate: 'A', service_type: 'ELECTRIC', ...o };
}
const fields = (r: Record<string, string>): string[] => IV.columns.map((c) => r[c.name] ?? '');

describe.each(BACKENDS)('interval load (%s)', (backend) => {
  let store: TestStore;
  let dir: string;
  beforeAll(async () => {
    store = await openTestStore(backend);
    dir = await tempDir();
  });
  afterAll(async () => {
    await store.close();
    await removeDir(dir);
  });

  async function exported(): Promise<Record<string, string[][]>> {
    const out = await tempDir();
    const files = byType(await exportStandard(store.db, { utility: 'demo', standard: 'interval', outDir: out }));
    const result: Record<string, string[][]> = {};
    for (const [k, f] of Object.entries(files)) result[k] = (await readTsv(f)).rows;
    await removeDir(out);
    return result;
  }

  it('round-trips hourly and daily files across months, with in-file corrections and the autumn repeated hour', async () => {
    const hourly = [
      row('S1', '20231105', '0100', '0.50', { UTC_offset: '-04:00' }),
      row('S1', '20231105', '0100', '0.70', { UTC_offset: '-05:00' }), // the repeated hour: a different interval
      row('S1', '20231105', '0200', '0.60'),
      row('S1', '20231105', '0200', '0.65'), // same interval again: the later row is the correction
      row('S1', '20231201', '0000', '1.000'),
      row('S1', '20231201', '0000', '0.25', { service_quantity_identifier: 'GENERATED' }),
      row('S2', '20240101', '0000', '3'),
    ];
    const daily = [row('S3', '20240102', '0000', '12.5')];
    const files = [
      await writeDeliveryFile(dir, name(60, '20240105000000'), IV, hourly),
      await writeDeliveryFile(dir, name(1440, '20240105000000'), IV, daily),
    ];
    const r = await loadDelivery(store.db, { deliveryId: 'i1', utility: 'demo', standard: 'interval', files });
    expect(r.tables.interval_reads?.written).toBe(7);
    const out = await exported();
    expect(out.interval60).toEqual([hourly[0], hourly[1], hourly[3], hourly[4], hourly[5], hourly[6]].map((x) => fields(x!)));
    expect(out.interval1440).toEqual(daily.map(fields));
    expect((await lastLoadedIntervals(store.db, 'demo')).get('S1|')).toBe('202312010000');
    const days = await intervalUsagePerDay(store.db, 'demo', 'S1', '20231105', '20231130');
    expect(days).toEqual([
      { day: '20231105', serviceQuantityIdentifier: '', units: 'KWH', total: '1.85', intervals: 3 },
      { day: '20231130', serviceQuantityIdentifier: '', units: 'KWH', total: '1.000', intervals: 1 },
      { day: '20231130', serviceQuantityIdentifier: 'GENERATED', units: 'KWH', total: '0.25', intervals: 1 },
    ]);
  });

  it('an incremental corrects exactly the intervals it resends; undo restores the export', async () => {
    const before = await exported();
    const files = [await writeDeliveryFile(dir, name(60, '20240106000000'), IV, [
      row('S1', '20231201', '0000', '1.000'), // unchanged: not rewritten
      row('S2', '20240101', '0000', '4', { is_estimate: 'E' }), // corrected
      row('S2', '20240101', '0100', '5'), // new
    ])];
    const r = await loadDelivery(store.db, { deliveryId: 'i2', utility: 'demo', standard: 'interval', files });
    expect(r.tables.interval_reads).toEqual({ written: 2, replaced: 1 });
    const after = await exported();
    expect(after.interval1440).toEqual(before.interval1440);
    expect(after.interval60!.filter((x) => x[0] === 'S1')).toEqual(before.interval60!.filter((x) => x[0] === 'S1'));
    expect(after.interval60!.filter((x) => x[0] === 'S2')).toEqual([
      fields(row('S2', '20240101', '0000', '4', { is_estimate: 'E' })),
      fields(row('S2', '20240101', '0100', '5')),
    ]);
    await unloadDelivery(store.db, 'i2');
    expect(await exported()).toEqual(before);
  });
});
