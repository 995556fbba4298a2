/** `intake load`, `export` and `unload` end to end on the embedded store (in-process, no build needed). */
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { customerRow, fileType, readTsv, removeDir, tempDir, usageRow, writeDeliveryFile } from './helpers.js';

async function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await main(args, { stdout, stderr, env, cwd: process.cwd() });
  return { code, out, err };
}

describe('intake load / export / unload', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    dir = await tempDir();
    env = { DATA_DIR: path.join(dir, 'data') };
  });
  afterAll(() => removeDir(dir));

  it('loads a clean delivery once, exports it, refuses one with errors, and undoes a load', async () => {
    const cust = [customerRow({ customer_id: 'C1', account_id: 'A1', service_point_id: 'S1' })];
    const usage = [usageRow('S1', '20240131', '31', '12.50'), usageRow('S1', '20240229', '29', '11.25')];
    const files = [
      await writeDeliveryFile(dir, 'opwr_demo_res_1-19-0_customer_20240301000000.gz', fileType('customer'), cust),
      await writeDeliveryFile(dir, 'opwr_demo_res_1-19-0_usage_20240301000000.gz', fileType('usage'), usage),
    ];
    const first = await run(['load', ...files.map((f) => f.path), '--utility', 'demo', '--json'], env);
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    const r1 = JSON.parse(first.out) as { delivery: string; alreadyLoaded: boolean; rows: number };
    expect(r1).toMatchObject({ alreadyLoaded: false, rows: 3 });
    expect(r1.delivery).toMatch(/^demo-[0-9a-f]{16}$/);

    const second = await run(['load', ...files.map((f) => f.path), '--utility', 'demo', '--json'], env);
    expect(JSON.parse(second.out)).toMatchObject({ delivery: r1.delivery, alreadyLoaded: true });

    const out = path.join(dir, 'out');
    const exported = await run(['export', '--utility', 'demo', '--standard', 'legacy-billing', '--out', out, '--json'], env);
    const paths = (JSON.parse(exported.out) as { files: string[] }).files;
    expect(paths.map((p) => path.basename(p))).toEqual(files.map((f) => f.name));
    expect((await readTsv(paths[1]!)).rows).toEqual(usage.map((u) => fileType('usage').columns.map((c) => u[c.name] ?? '')));

    // A read dated 2024-02-30 is an error: nothing of this delivery is loaded.
    const bad = await writeDeliveryFile(dir, 'opwr_demo_res_1-19-0_usage_20240401000000.gz', fileType('usage'), [usageRow('S1', '20240230', '30', '1')]);
    const refused = await run(['load', bad.path, '--utility', 'demo', '--json'], env);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.out)).toMatchObject({ loaded: false, summary: { passed: false } });

    const undone = await run(['unload', r1.delivery], env);
    expect(undone.code).toBe(0);
    const empty = await run(['export', '--utility', 'demo', '--standard', 'legacy-billing', '--out', path.join(dir, 'out2')], env);
    expect(empty.out).toContain('Nothing of legacy-billing is loaded');
    const again = await run(['unload', r1.delivery], env);
    expect(again.code).toBe(1);
    expect(again.err).toContain('UNLOAD_NOT_LOADED');
  });
});
