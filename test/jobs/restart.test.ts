/**
 * Restart safety, end to end: a server is killed (SIGKILL) while a delivery validates; started again on the same
 * DATA_DIR, it finishes the delivery exactly once (one final status, one validation result, one audit entry).
 * Spawns the built CLI (`npm run build`, done by `pretest`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, runCli } from '../helpers/cli.js';
import { tempDir } from '../workflow/helpers.js';

const children: ChildProcess[] = [];
afterEach(() => { for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL'); });

/** Starts `intake serve` on a free loopback port; resolves with its base URL once it listens. */
function serve(dataDir: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--no-sftp', '--host', '127.0.0.1', '--port', '0'], {
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' }, stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr?.on('data', (c: Buffer) => {
      err += c.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(err);
      if (m?.[1]) resolve({ url: m[1], child });
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${err}`)));
  });
}

const until = async <T>(what: string, fn: () => Promise<T | undefined>, ms = 60_000, every = 25): Promise<T> => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const v = await fn();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, every));
  }
  throw new Error(`timed out waiting for ${what}`);
};

describe('restart safety', () => {
  it('finishes a delivery exactly once after the server is killed mid-validation', async () => {
    const dataDir = await tempDir('intake-restart-');
    expect((await runCli(['utility', 'add', 'demo', '--name', 'Demo', '--data-dir', dataDir])).code).toBe(0);
    const token = (await runCli(['token', 'create', '--role', 'operator', '--data-dir', dataDir])).stdout.trim();
    expect(token).toMatch(/^intk_/);

    // Big enough to take seconds to validate: 1.5 million usage rows (about 4 MB gzipped).
    const name = 'opwr_demo_res_1-19-0_usage_20250101000000.gz';
    const lines = ['service_point_id\tusage_value\tdate_to\tduration\tis_estimate\tusage_charge'];
    for (let i = 0; i < 1_500_000; i++) lines.push(`SP${i % 80_000}\t12.5\t2024${String(1 + (Math.floor(i / 80_000) % 12)).padStart(2, '0')}28\t30\tA\t`);
    const file = path.join(dataDir, name);
    await writeFile(file, gzipSync(lines.join('\n') + '\n'));

    const auth = { authorization: `Bearer ${token}` };
    let server = await serve(dataDir);
    const form = new FormData();
    form.append('files', new Blob([await readFile(file)]), name);
    const posted = await fetch(`${server.url}/api/utilities/demo/deliveries`, { method: 'POST', headers: auth, body: form });
    expect(posted.status).toBe(201);
    const id = ((await posted.json()) as { id: string }).id;
    const status = async (base: string) => ((await (await fetch(`${base}/api/deliveries/${id}`, { headers: auth })).json()) as { status: string }).status;

    await until('validating', async () => ((await status(server.url)) === 'validating' ? true : undefined));
    server.child.kill('SIGKILL');
    await new Promise((r) => server.child.once('exit', r));

    server = await serve(dataDir);
    const final = await until('a final status', async () => {
      const s = await status(server.url);
      return ['rejected', 'awaiting-review', 'failed'].includes(s) ? s : undefined;
    }, 120_000, 200);
    expect(final).toBe('rejected'); // usage with no customer data
    const trail = ((await (await fetch(`${server.url}/api/deliveries/${id}/audit`, { headers: auth })).json()) as { entries: { from: string | null; to: string }[] }).entries;
    expect(trail.map((e) => `${e.from ?? ''}>${e.to}`)).toEqual(['>received', 'received>validating', 'validating>rejected']);
    const report = (await (await fetch(`${server.url}/api/deliveries/${id}/report`, { headers: auth })).json()) as { summary: { rows: number } };
    expect(report.summary.rows).toBe(1_500_000);
    server.child.kill('SIGTERM');
    await new Promise((r) => server.child.once('exit', r));
  }, 240_000);
});
