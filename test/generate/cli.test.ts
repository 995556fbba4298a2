import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { generateCommand } from '../../src/cli/commands/generate.js';
import { scratchDirs } from './helpers.js';

const scratch = scratchDirs();

function capture(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({ write(chunk: Buffer, _e, cb) { text += chunk.toString(); cb(); } });
  return { stream, text: () => text };
}

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = capture();
  const err = capture();
  const code = await main(['generate', ...args], { stdout: out.stream, stderr: err.stream, env: {}, cwd: process.cwd() });
  return { code, out: out.text(), err: err.text() };
}

describe('intake generate (CLI)', () => {
  it('documents every option in --help', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    for (const o of ['--standard', '--accounts', '--out', '--utility', '--since', '--until', '--seed', '--defects', '--compress', '--phase', '--after', '--layout', '--interval', '--meters', '--days', '--time-zone']) {
      expect(generateCommand.help).toContain(o);
    }
  });

  it.each([
    [['--out', '/tmp/x']],
    [['--standard', 'nope', '--out', '/tmp/x']],
    [['--standard', 'rates', '--out', '/tmp/x', '--defects', '2']],
    [['--standard', 'billing', '--out', '/tmp/x', '--phase', 'incremental']],
    [['--standard', 'unsubscribe', '--out', '/tmp/x', '--interval', '15']],
    [['--standard', 'legacy-billing']],
    [['--standard', 'legacy-billing', '--out', '/tmp/x', '--defects', '2']],
    [['--standard', 'legacy-billing', '--out', '/tmp/x', '--accounts', 'many']],
    [['--standard', 'legacy-billing', '--out', '/tmp/x', '--compress', 'bz2']],
    [['--standard', 'legacy-billing', '--out', '/tmp/x', '--until', '2025-13-01']],
    [['--standard', 'legacy-billing', '--out', '/tmp/x', '--phase', 'incremental']],
    [['--standard', 'interval', '--out', '/tmp/x', '--interval', '10']],
    [['--standard', 'interval', '--out', '/tmp/x', '--layout', 'two-file']],
    [['--standard', 'interval', '--out', '/tmp/x', '--time-zone', 'Mars/Olympus']],
    [['--standard', 'legacy-billing', '--out', '/tmp/x', '--bogus']],
  ])('exits 2 on bad usage: %j', async (args) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.err).toContain('intake generate:');
  });

  it('writes a delivery and its manifest', async () => {
    const dir = await scratch('cli');
    const r = await cli(['--standard', 'legacy-billing', '--accounts', '20', '--out', dir, '--utility', 'acme', '--seed', '4', '--defects', '0.05']);
    expect(r.code).toBe(0);
    const m = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as { utility: string; seed: number; files: { name: string }[] };
    expect(m.utility).toBe('acme');
    expect(m.seed).toBe(4);
    expect(m.files.map((f) => f.name)).toEqual(['opwr_acme_res_1-19-0_customer_20250701000000.gz', 'opwr_acme_res_1-19-0_usage_20250701000000.gz']);
    expect(r.out).toContain('manifest.json');
  });
});
