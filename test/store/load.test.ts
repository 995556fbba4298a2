import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportStandard, loadDelivery, unloadDelivery, billHistory, StoreError } from '../../src/store/index.js';
import { BACKENDS, byType, customerRow, fileType, openTestStore, readTsv, removeDir, tempDir, usageRow, writeDeliveryFile, type TestStore } from './helpers.js';

const CUST = fileType('customer');
const USAGE = fileType('usage');
const name = (type: string, stamp: string): string => `opwr_demo_res_1-19-0_${type}_${stamp}.gz`;

describe.each(BACKENDS)('legacy billing load (%s)', (backend) => {
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

  async function exportRows(): Promise<{ customer: string[][]; usage: string[][] }> {
    const out = await tempDir();
    const files = byType(await exportStandard(store.db, { utility: 'demo', standard: 'legacy-billing', outDir: out }));
    const customer = (await readTsv(files.customer!)).rows;
    const usage = (await readTsv(files.usage!)).rows;
    await removeDir(out);
    return { customer, usage };
  }

  it('loads a full history, exports it back, and loading it again changes nothing', async () => {
    const cust = [
      customerRow({ customer_id: 'C2', account_id: 'A2', service_point_id: 'S2', first_name: 'Bob' }),
      customerRow({ customer_id: 'C1', account_id: 'A1', service_point_id: 'S1', email: 'a@b.co' }),
      customerRow({ customer_id: 'C1', account_id: 'A1', service_point_id: 'S1', email: 'new@b.co' }), // last record wins
    ];
    const usage = [
      usageRow('S1', '20240131', '31', '1.50', { usage_charge: '10.00' }),
      usageRow('S1', '20240229', '29', '20'),
      usageRow('S1', '20240229', '29', '21.0'), // same period twice: the later row is the correction
      usageRow('S2', '20240131', '31', '7', { is_estimate: 'E' }),
    ];
    const files = [
      await writeDeliveryFile(dir, name('customer', '20240301000000'), CUST, cust),
      await writeDeliveryFile(dir, name('usage', '20240301000000'), USAGE, usage),
    ];
    const r = await loadDelivery(store.db, { deliveryId: 'd1', utility: 'demo', standard: 'legacy-billing', files });
    expect(r.rows).toBe(7);
    expect(r.tables.usage_reads?.written).toBe(3);
    const first = await exportRows();
    expect(first.customer.map((x) => [x[0], x[13], x[16], x[22]])).toEqual([['C1', 'new@b.co', 'A1', 'S1'], ['C2', '', 'A2', 'S2']]);
    const cols = CUST.columns.map((c) => c.name);
    expect(first.customer[1]).toEqual(cols.map((c) => cust[0]![c] ?? ''));
    expect(first.usage).toEqual([
      ['S1', '1.50', '20240131', '31', 'A', '10.00'],
      ['S1', '21.0', '20240229', '29', 'A', ''],
      ['S2', '7', '20240131', '31', 'E', ''],
    ]);
    const again = await loadDelivery(store.db, { deliveryId: 'd1', utility: 'demo', standard: 'legacy-billing', files });
    expect(again.alreadyLoaded).toBe(true);
    const sameFilesNewId = await loadDelivery(store.db, { deliveryId: 'd1-copy', utility: 'demo', standard: 'legacy-billing', files });
    expect(sameFilesNewId.alreadyLoaded).toBe(false);
    expect(Object.values(sameFilesNewId.tables).every((t) => t.written === 0 && t.replaced === 0)).toBe(true);
    expect(await exportRows()).toEqual(first);
    await unloadDelivery(store.db, 'd1-copy');
    expect(await exportRows()).toEqual(first);
  });

  it('applies exact and overlapping overwrites of an incremental, and undo restores the export', async () => {
    const before = await exportRows();
    const files = [
      await writeDeliveryFile(dir, name('usage', '20240401000000'), USAGE, [
        usageRow('S2', '20240131', '31', '8'), // exact overwrite
        usageRow('S1', '20240331', '91', '60', { usage_charge: '30.00' }), // covers Jan..Mar: deletes Jan and Feb
        usageRow('S2', '20240229', '29', '9'), // new read
      ]),
    ];
    const r = await loadDelivery(store.db, { deliveryId: 'd2', utility: 'demo', standard: 'legacy-billing', files });
    expect(r.tables.usage_reads).toEqual({ written: 3, replaced: 3, deleted: 2 });
    const after = await exportRows();
    expect(after.customer).toEqual(before.customer);
    expect(after.usage).toEqual([
      ['S1', '60', '20240331', '91', 'A', '30.00'],
      ['S2', '8', '20240131', '31', 'A', ''],
      ['S2', '9', '20240229', '29', 'A', ''],
    ]);
    const history = await billHistory(store.db, 'demo', 'S2');
    expect(history[0]).toMatchObject({ usageValue: '8', source: { deliveryId: 'd2', line: 2 }, replaced: [{ usageValue: '7', deliveryId: 'd1' }] });
    const err = await unloadDelivery(store.db, 'd1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).code).toBe('UNLOAD_DEPENDENT');
    expect((err as StoreError).details.dependents).toEqual(['d2']);
    await unloadDelivery(store.db, 'd2');
    expect(await exportRows()).toEqual(before);
  });

  it('a first load resolves overlapping overwrites inside the delivery, and undo empties the store again', async () => {
    const n = (type: string): string => `opwr_frst_res_1-19-0_${type}_20240301000000.gz`;
    const files = [
      await writeDeliveryFile(dir, n('customer'), CUST, [customerRow({ customer_id: 'C9', account_id: 'A9', service_point_id: 'S9' })]),
      await writeDeliveryFile(dir, n('usage'), USAGE, [
        usageRow('S9', '20240131', '31', '10'),
        usageRow('S9', '20240229', '29', '11'),
        usageRow('S9', '20240331', '91', '33'), // covers the two before it
        usageRow('S9', '20240430', '30', '12'),
      ]),
    ];
    const r = await loadDelivery(store.db, { deliveryId: 'frst-1', utility: 'frst', standard: 'legacy-billing', files });
    expect(r.tables.usage_reads).toEqual({ written: 2, replaced: 0 });
    const out = await tempDir();
    const exported = byType(await exportStandard(store.db, { utility: 'frst', standard: 'legacy-billing', outDir: out }));
    expect((await readTsv(exported.usage!)).rows).toEqual([['S9', '33', '20240331', '91', 'A', ''], ['S9', '12', '20240430', '30', 'A', '']]);
    await removeDir(out);
    await unloadDelivery(store.db, 'frst-1');
    const left = await store.db.query(`SELECT 1 FROM usage_reads WHERE utility = 'frst' UNION ALL SELECT 1 FROM customers WHERE utility = 'frst'`);
    expect(left.rows).toEqual([]);
  });

  it('loads different utilities in parallel, and the same delivery started twice at once only once', async () => {
    const delivery = async (u: string): Promise<{ path: string; name: string }[]> => [
      await writeDeliveryFile(dir, `opwr_${u}_res_1-19-0_customer_20240301000000.gz`, CUST, [customerRow({ customer_id: 'C1', account_id: 'A1', service_point_id: 'S1' })]),
      await writeDeliveryFile(dir, `opwr_${u}_res_1-19-0_usage_20240301000000.gz`, USAGE, [usageRow('S1', '20240131', '31', '3')]),
    ];
    const [a, b] = [await delivery('para'), await delivery('parb')];
    const results = await Promise.all([
      loadDelivery(store.db, { deliveryId: 'pa', utility: 'para', standard: 'legacy-billing', files: a }),
      loadDelivery(store.db, { deliveryId: 'pb', utility: 'parb', standard: 'legacy-billing', files: b }),
      loadDelivery(store.db, { deliveryId: 'pa', utility: 'para', standard: 'legacy-billing', files: a }),
    ]);
    expect(results.map((r) => r.deliveryId)).toEqual(['pa', 'pb', 'pa']);
    expect([results[0]!.alreadyLoaded, results[2]!.alreadyLoaded].sort()).toEqual([false, true]);
    const counts = await store.db.query<{ utility: string; n: string }>(`SELECT utility, count(*)::text AS n FROM usage_reads WHERE utility IN ('para', 'parb') GROUP BY 1 ORDER BY 1`);
    expect(counts.rows).toEqual([{ utility: 'para', n: '1' }, { utility: 'parb', n: '1' }]);
  });

  it('refuses a delivery stamped before the last loaded one', async () => {
    const files = [await writeDeliveryFile(dir, name('usage', '20230101000000'), USAGE, [usageRow('S1', '20221231', '31', '1')])];
    await expect(loadDelivery(store.db, { deliveryId: 'old', utility: 'demo', standard: 'legacy-billing', files })).rejects.toMatchObject({ code: 'LOAD_OUT_OF_ORDER' });
  });
});
