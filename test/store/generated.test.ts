/** Round trips of `intake generate` deliveries: load → export reproduces them, as the standard resolves them. */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../src/generate/index.js';
import { exportStandard, loadDelivery, unloadDelivery } from '../../src/store/index.js';
import { expectedCustomer, expectedInterval, expectedUsage, toRows, type Row } from './expected.js';
import { BACKENDS, byType, openTestStore, readTsv, removeDir, tempDir, type TestStore } from './helpers.js';

async function deliveryRows(dir: string, names: string[], type: string): Promise<Row[]> {
  const out: Row[] = [];
  for (const n of names.filter((x) => x.includes(`_${type}`)).sort()) {
    const t = await readTsv(path.join(dir, n));
    out.push(...toRows(t.header, t.rows));
  }
  return out;
}

describe.each(BACKENDS)('generated deliveries (%s)', (backend) => {
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

  async function exported(utility: string, standard: string): Promise<Record<string, string[][]>> {
    const out = path.join(dir, `export-${Date.now()}-${Math.random()}`);
    const files = byType(await exportStandard(store.db, { utility, standard, outDir: out }));
    const res: Record<string, string[][]> = {};
    for (const [k, f] of Object.entries(files)) res[k] = (await readTsv(f)).rows;
    await removeDir(out);
    return res;
  }

  async function load(utility: string, standard: string, folder: string, id: string): Promise<string[]> {
    const { readdir } = await import('node:fs/promises');
    const names = (await readdir(folder)).filter((n) => n.endsWith('.gz'));
    await loadDelivery(store.db, { deliveryId: id, utility, standard, files: names.map((n) => ({ path: path.join(folder, n), name: n })) });
    return names;
  }

  it('legacy billing, two files: full history, then an incremental; undo of the incremental restores the export', async () => {
    const full = path.join(dir, 'lb-full');
    await generate({ standard: 'legacy-billing', out: full, accounts: 300, utility: 'gen', seed: 7 });
    const names = await load('gen', 'legacy-billing', full, 'gen-full');
    const cust = await deliveryRows(full, names, 'customer');
    const usage = await deliveryRows(full, names, 'usage');
    const first = await exported('gen', 'legacy-billing');
    expect(first.customer).toEqual(expectedCustomer(cust));
    expect(first.usage).toEqual(expectedUsage(usage));

    const inc = path.join(dir, 'lb-inc');
    await generate({ standard: 'legacy-billing', out: inc, phase: 'incremental', after: full, utility: 'gen', seed: 7 });
    const incNames = await load('gen', 'legacy-billing', inc, 'gen-inc');
    const second = await exported('gen', 'legacy-billing');
    expect(second.customer).toEqual(expectedCustomer([...cust, ...await deliveryRows(inc, incNames, 'customer')]));
    expect(second.usage).toEqual(expectedUsage([...usage, ...await deliveryRows(inc, incNames, 'usage')]));
    await unloadDelivery(store.db, 'gen-inc');
    expect(await exported('gen', 'legacy-billing')).toEqual(first);
  });

  it('legacy billing, single file: exports as the two-file layout', async () => {
    const folder = path.join(dir, 'lb-single');
    await generate({ standard: 'legacy-billing', out: folder, accounts: 200, utility: 'gens', seed: 3, layout: 'single-file' });
    const names = await load('gens', 'legacy-billing', folder, 'gens-full');
    const rows = await deliveryRows(folder, names, 'full');
    const out = await exported('gens', 'legacy-billing');
    expect(out.customer).toEqual(expectedCustomer(rows));
    expect(out.usage).toEqual(expectedUsage(rows));
  });

  it('interval: history, then an incremental', async () => {
    const hist = path.join(dir, 'iv-hist');
    await generate({ standard: 'interval', out: hist, meters: 12, days: 40, utility: 'geni', seed: 5 });
    const names = await load('geni', 'interval', hist, 'geni-hist');
    const rows = await deliveryRows(hist, names, 'interval');
    const first = await exported('geni', 'interval');
    expect(first.interval60).toEqual(expectedInterval(rows));
    const inc = path.join(dir, 'iv-inc');
    await generate({ standard: 'interval', out: inc, phase: 'incremental', after: hist, days: 2, utility: 'geni', seed: 5 });
    const incNames = await load('geni', 'interval', inc, 'geni-inc');
    expect((await exported('geni', 'interval')).interval60).toEqual(expectedInterval([...rows, ...await deliveryRows(inc, incNames, 'interval')]));
  });
});
