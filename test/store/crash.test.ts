/**
 * SIGKILL in the middle of a large load leaves the store as it was; loading again completes it.
 * PostgreSQL (when TEST_DATABASE_URL is set) loads 1 M reads; PGlite 250 k, to keep the test under a minute on
 * the embedded store (the property tested, one transaction per load, does not depend on the size).
 * The child process runs the built store (dist/), which `npm ci` builds.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportStandard, loadDelivery, openDb, migrate, type Db } from '../../src/store/index.js';
import { customerLines, servicePointsFor, usageLines, writeBigDelivery } from './big-delivery.js';
import { BACKENDS, customerRow, fileType, openTestStore, readTsv, removeDir, tempDir, usageRow, writeDeliveryFile, type Backend, type TestStore } from './helpers.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const distIndex = path.join(root, 'dist', 'store', 'index.js');
const child = path.join(root, 'test', 'store', 'fixtures', 'load-child.mjs');

const hash = (rows: string[][]): string => createHash('sha256').update(rows.map((r) => r.join('\t')).join('\n')).digest('hex');

describe.each(BACKENDS)('a killed load (%s)', (backend: Backend) => {
  const rows = backend === 'postgres' ? 1_000_000 : 250_000;
  let dir: string;
  let store: TestStore | undefined;
  let db: Db;
  let where: string;
  beforeAll(async () => {
    dir = await tempDir();
    if (backend === 'postgres') {
      store = await openTestStore('postgres');
      db = store.db;
      where = store.url!;
    } else {
      where = path.join(dir, 'data');
      db = await openDb({ dataDir: where });
      await migrate(db);
    }
  });
  afterAll(async () => {
    if (store) await store.close();
    else await db.close();
    await removeDir(dir);
  });

  async function exportHashes(): Promise<{ customer: string; usage: string; rows: number }> {
    const out = path.join(dir, `out-${Date.now()}`);
    const [customer, usage] = await exportStandard(db, { utility: 'demo', standard: 'legacy-billing', outDir: out });
    const c = (await readTsv(customer!)).rows;
    const u = (await readTsv(usage!)).rows;
    await removeDir(out);
    return { customer: hash(c), usage: hash(u), rows: c.length + u.length };
  }

  it(`leaves the previous export unchanged, and a rerun completes (${rows} reads)`, { timeout: 240_000 }, async () => {
    expect(existsSync(distIndex), 'run `npm run build` first: the child process loads with dist/').toBe(true);
    const small = [
      await writeDeliveryFile(dir, 'opwr_demo_res_1-19-0_customer_20240101000000.gz', fileType('customer'), [customerRow({ customer_id: 'ZC', account_id: 'ZA', service_point_id: 'ZS' })]),
      await writeDeliveryFile(dir, 'opwr_demo_res_1-19-0_usage_20240101000000.gz', fileType('usage'), [usageRow('ZS', '20231231', '31', '5.5')]),
    ];
    await loadDelivery(db, { deliveryId: 'small', utility: 'demo', standard: 'legacy-billing', files: small });
    const before = await exportHashes();
    const big = await writeBigDelivery(dir, rows, '20240201000000');

    if (backend === 'pglite') await db.close(); // one process at a time opens an embedded store
    const proc = spawn(process.execPath, [child, pathToFileURL(distIndex).href, where, 'big', ...big.map((f) => f.path)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
    for (let i = 0; i < 600 && !out.includes('loading'); i++) await new Promise((r) => setTimeout(r, 50));
    expect(out, err).toContain('loading');
    // Part-way through: well after the load began, well before it can finish.
    await new Promise((r) => setTimeout(r, backend === 'postgres' ? 1200 : 1500));
    expect(out, 'the load finished before it could be killed; the test needs a bigger delivery').not.toContain('loaded');
    proc.kill('SIGKILL');
    await exited;

    if (backend === 'pglite') {
      db = await openDb({ dataDir: where });
      await migrate(db);
    }
    expect(await exportHashes()).toEqual(before);
    const state = await db.query<{ status: string }>(`SELECT status FROM loads WHERE delivery_id = 'big'`);
    expect(state.rows.map((r) => r.status)).toEqual(['started']);

    const r = await loadDelivery(db, { deliveryId: 'big', utility: 'demo', standard: 'legacy-billing', files: big });
    expect(r.alreadyLoaded).toBe(false);
    const sps = servicePointsFor(rows);
    const expectedCustomer = [...customerLines(sps)].map((l) => l.split('\t'));
    expectedCustomer.push(...(await readTsv(small[0]!.path)).rows);
    const expectedUsage = [...usageLines(rows)].map((l) => l.split('\t'));
    expectedUsage.push(...(await readTsv(small[1]!.path)).rows);
    expect(await exportHashes()).toEqual({ customer: hash(expectedCustomer), usage: hash(expectedUsage), rows: expectedCustomer.length + expectedUsage.length });
  });
});
