/**
 * The standards without tables of their own load into `records` (src/store/records.ts): a load followed by an
 * export gives back the delivery's rows, a second load of the same delivery changes nothing, a later delivery
 * replaces rows by key, and an unload puts the replaced rows back.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../src/generate/index.js';
import { rawLines } from '../generate/helpers.js';
import { exportStandard, loadDelivery, unloadDelivery } from '../../src/store/index.js';
import { resolveProfile } from '../../src/spec/profile.js';
import { BACKENDS, openTestStore, removeDir, tempDir, type TestStore } from './helpers.js';

const OTHERS = ['billing', 'account', 'premise', 'program-participation', 'unsubscribe', 'customer-classification', 'call-center', 'rates'] as const;

/** The data lines of a file (header dropped), sorted, as text. */
async function dataLines(path: string): Promise<string[]> {
  return (await rawLines(path)).slice(1).map((b) => b.toString('utf8')).filter((l) => l !== '').sort();
}

describe.each(BACKENDS)('records of the other standards (%s)', (backend) => {
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

  it('refuses files named for another utility, unless the profile gives that name as the utility\'s file-name code', async () => {
    const d = join(dir, 'named');
    const m = await generate({ standard: 'premise', accounts: 20, seed: 72, utility: 'gec', out: d });
    const files = m.files.map((f) => ({ name: f.name, path: join(d, f.name) }));
    await expect(loadDelivery(store.db, { deliveryId: 'gec-1', utility: 'green-energy-co', standard: 'premise', files })).rejects.toMatchObject({ code: 'LOAD_UTILITY_MISMATCH' });
    const ok = await loadDelivery(store.db, { deliveryId: 'gec-1', utility: 'green-energy-co', standard: 'premise', files, profile: resolveProfile({ fileNameCode: 'gec' }) });
    expect(ok.rows).toBe(20);
  });

  for (const standard of OTHERS) {
    it(`${standard}: load, export the same rows, reload changes nothing, an incremental replaces by key and unloads back`, async () => {
      const base = join(dir, `${standard}-base`);
      const m0 = await generate({ standard, accounts: 120, seed: 71, out: base });
      const files = m0.files.map((f) => ({ name: f.name, path: join(base, f.name) }));
      const first = await loadDelivery(store.db, { deliveryId: `${standard}-1`, utility: 'demo', standard, files });
      expect(first.rows).toBe(m0.files.reduce((n, f) => n + f.rows, 0));
      expect(first.tables.records?.written).toBe(first.rows);
      expect((await loadDelivery(store.db, { deliveryId: `${standard}-1`, utility: 'demo', standard, files })).alreadyLoaded).toBe(true);

      const out = join(dir, `${standard}-export`);
      const exported = await exportStandard(store.db, { utility: 'demo', standard, outDir: out });
      expect(exported).toHaveLength(m0.files.length);
      // Named as the generator names them (same stamp: the last loaded one), with the same rows.
      expect(exported.map((p) => p.split('/').pop()).sort()).toEqual(m0.files.map((f) => f.name).sort());
      for (const f of m0.files) expect(await dataLines(join(out, f.name)), f.name).toEqual(await dataLines(join(base, f.name)));

      // An incremental: rows of keys already stored replace them; unloading it restores the first load's rows.
      const incDir = join(dir, `${standard}-inc`);
      const m1 = await generate({ standard, phase: 'incremental', after: base, out: incDir });
      const inc = await loadDelivery(store.db, { deliveryId: `${standard}-2`, utility: 'demo', standard, files: m1.files.map((f) => ({ name: f.name, path: join(incDir, f.name) })) });
      expect(inc.tables.records?.written).toBeGreaterThan(0);
      const undo = await unloadDelivery(store.db, `${standard}-2`);
      expect(undo.tables.records?.removed).toBe(inc.tables.records?.written);
      expect(undo.tables.records?.restored).toBe(inc.tables.records?.replaced);
      const again = await exportStandard(store.db, { utility: 'demo', standard, outDir: join(dir, `${standard}-export2`) });
      // The stamp is the first load's again (the incremental's load is undone), so the names match too.
      expect(again.map((p) => p.split('/').pop()).sort()).toEqual(m0.files.map((f) => f.name).sort());
      for (const f of m0.files) expect(await dataLines(join(dir, `${standard}-export2`, f.name)), f.name).toEqual(await dataLines(join(base, f.name)));
    }, 60_000);
  }
});
