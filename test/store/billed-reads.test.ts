/** The store's side of INTERVAL_BILL_MISMATCH: loaded bills with their meter unit, asked for per service point. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billedReads, deliveryContext, loadDelivery } from '../../src/store/index.js';
import { validateDelivery } from '../../src/validate/index.js';
import { BACKENDS, customerRow, fileType, openTestStore, removeDir, tempDir, usageRow, writeDeliveryFile, type TestStore } from './helpers.js';

const name = (type: string, stamp: string): string => `opwr_demo_res_1-19-0_${type}_${stamp}.gz`;

describe.each(BACKENDS)('billed reads for interval checks (%s)', (backend) => {
  let store: TestStore;
  let dir: string;
  beforeAll(async () => {
    store = await openTestStore(backend);
    dir = await tempDir();
    const files = [
      await writeDeliveryFile(dir, name('customer', '20240301000000'), fileType('customer'), [
        customerRow({ customer_id: 'C1', account_id: 'A1', service_point_id: 'S1' }),
        customerRow({ customer_id: 'C2', account_id: 'A2', service_point_id: 'S2', meter_unit: 'THERMS' }),
      ]),
      await writeDeliveryFile(dir, name('usage', '20240301000000'), fileType('usage'), [
        usageRow('S1', '20231231', '31', '900'),
        usageRow('S1', '20240131', '31', '744.00'),
        usageRow('S1', '20240229', '29', '20.5'),
        usageRow('S2', '20240131', '31', '7'),
        // Estimated bills are not compared with what the meter recorded.
        usageRow('S2', '20240229', '29', '9', { is_estimate: 'E' }),
      ]),
    ];
    await loadDelivery(store.db, { deliveryId: 'd1', utility: 'demo', standard: 'legacy-billing', files });
  });
  afterAll(async () => {
    await store.close();
    await removeDir(dir);
  });

  it('interval contexts give the bills of the asked service points with their meter unit, oldest first', async () => {
    const ctx = await deliveryContext(store.db, 'demo', 'interval');
    expect(ctx.billedReads).toBeDefined();
    const all = await ctx.billedReads!(['S1', 'S2', 'NOPE']);
    expect(Object.fromEntries(all)).toEqual({
      S1: [
        { dateTo: '20231231', duration: 31, usage: 900, unit: 'KWH' },
        { dateTo: '20240131', duration: 31, usage: 744, unit: 'KWH' },
        { dateTo: '20240229', duration: 29, usage: 20.5, unit: 'KWH' },
      ],
      S2: [{ dateTo: '20240131', duration: 31, usage: 7, unit: 'THERMS' }],
    });
    // Only bills whose whole period lies inside the interval data's days.
    const within = await ctx.billedReads!(['S1'], { from: '20240101', to: '20240228' });
    expect(within.get('S1')).toEqual([{ dateTo: '20240131', duration: 31, usage: 744, unit: 'KWH' }]);
    const edge = await ctx.billedReads!(['S1'], { from: '20240101', to: '20240229' });
    expect(edge.get('S1')?.map((b) => b.dateTo)).toEqual(['20240131', '20240229']);
  });

  it('batches many ids and leaves other standards without it', async () => {
    const ids = Array.from({ length: 12000 }, (_, i) => `X${i}`).concat('S2');
    const r = await billedReads(store.db, 'demo', ids);
    expect([...r.keys()]).toEqual(['S2']);
    expect((await deliveryContext(store.db, 'demo', 'legacy-billing')).billedReads).toBeUndefined();
    // Where no billing data is loaded there is nothing to compare: no day sums are kept either.
    expect((await deliveryContext(store.db, 'other', 'interval')).billedReads).toBeUndefined();
  });

  it('an interval delivery validated with the store context is compared with the loaded bills', async () => {
    // S1: hourly reads for January 2024 (New York), summing to 744 × 1.1: 10 % above the January bill.
    const rows: Record<string, string>[] = [];
    for (let day = 1; day <= 31; day++) {
      for (let h = 1; h <= 24; h++) {
        const next = h === 24;
        const date = next ? (day === 31 ? '20240201' : `202401${String(day + 1).padStart(2, '0')}`) : `202401${String(day).padStart(2, '0')}`;
        rows.push({
          service_point_id: 'S1', usage_value: h % 2 === 0 ? '1.2' : '1.0', date, time: next ? '0000' : `${String(h).padStart(2, '0')}00`,
          units: 'KWH', is_estimate: 'A',
        });
      }
    }
    const file = await writeDeliveryFile(dir, 'opwr_demo_res_2-0-5_interval60_20240301000000.gz', fileType('interval'), rows);
    const context = await deliveryContext(store.db, 'demo', 'interval');
    const r = await validateDelivery([file.path], { context });
    const found = r.issues.filter((i) => i.code === 'INTERVAL_BILL_MISMATCH');
    expect(found.map((i) => i.examples.map((e) => e.key))).toEqual([['S1']]);
    expect(found[0]!.examples[0]!.detail).toContain('1 of 1 bill ');
    expect(found[0]!.examples[0]!.detail).toContain('intervals 818.4 KWH, billed 744 KWH');
  });
});
