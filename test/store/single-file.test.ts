import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportStandard, loadDelivery } from '../../src/store/index.js';
import { BACKENDS, byType, customerRow, fileType, openTestStore, readTsv, removeDir, tempDir, usageRow, writeDeliveryFile, type TestStore } from './helpers.js';

const FULL = fileType('full');
const CUST = fileType('customer');
const USAGE = fileType('usage');

describe.each(BACKENDS)('legacy billing single-file layout (%s)', (backend) => {
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

  it('loads full files and exports them as the two-file layout', async () => {
    const rows = [
      { ...customerRow({ customer_id: 'C1', account_id: 'A1', service_point_id: 'S1', phone: '804-555-0101' }), ...usageRow('S1', '20240131', '31', '100') },
      { ...customerRow({ customer_id: 'C1', account_id: 'A1', service_point_id: 'S1', phone: '804-555-0199' }), ...usageRow('S1', '20240229', '29', '90', { usage_charge: '12.34' }) },
      { ...customerRow({ customer_id: 'C2', account_id: 'A2', service_point_id: 'S2', customer_type: 'BUSINESS', business_name: 'Acme', first_name: '', last_name: '' }), ...usageRow('S2', '20240131', '31', '5.000') },
      { ...customerRow({ customer_id: 'C2', account_id: 'A2', service_point_id: 'S2', customer_type: 'BUSINESS', business_name: 'Acme', first_name: '', last_name: '' }), ...usageRow('S2', '20240131', '31', '6.000') },
    ];
    const files = [await writeDeliveryFile(dir, 'opwr_demo_res_1-19-0_full_20240301000000.gz', FULL, rows)];
    await loadDelivery(store.db, { deliveryId: 'f1', utility: 'demo', standard: 'legacy-billing', files });
    const out = await tempDir();
    const f = byType(await exportStandard(store.db, { utility: 'demo', standard: 'legacy-billing', outDir: out }));
    const customer = await readTsv(f.customer!);
    const usage = await readTsv(f.usage!);
    await removeDir(out);
    expect(customer.header).toEqual(CUST.columns.map((c) => c.name));
    // Last record wins per entity: the second row's phone; one row per account and service point.
    expect(customer.rows).toEqual([rows[1], rows[3]].map((r) => CUST.columns.map((c) => r![c.name] ?? '')));
    expect(usage.rows).toEqual([rows[0], rows[1], rows[3]].map((r) => USAGE.columns.map((c) => r![c.name] ?? '')));
  });
});
