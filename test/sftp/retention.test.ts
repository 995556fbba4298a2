import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SftpLayout } from '../../src/sftp/layout.js';
import { FileReceiptWriter } from '../../src/sftp/receipts.js';
import { runRetention } from '../../src/sftp/server.js';
import { MemoryDirectory, tempDir } from './helpers.js';

const NOW = new Date('2026-06-30T00:00:00Z');
const daysAgo = (d: number): Date => new Date(NOW.getTime() - d * 86_400_000);

describe('retention', () => {
  let dir: { path: string; cleanup(): Promise<void> };
  let layout: SftpLayout;
  const directory = new MemoryDirectory();
  directory.add({ code: 'acme', publicKeys: [], eu: false });
  directory.add({ code: 'euro', publicKeys: [], eu: true });

  beforeEach(async () => { dir = await tempDir('intake-retention-'); layout = new SftpLayout(dir.path); });
  afterEach(async () => { await dir.cleanup(); });

  async function put(path: string, age: number): Promise<void> {
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(path, 'x');
    await utimes(path, daysAgo(age), daysAgo(age));
  }

  it('deletes raw files after 60 days, 30 for EU utilities, and keeps receipts', async () => {
    for (const u of ['acme', 'euro']) {
      await layout.ensureHome(u);
      await put(join(layout.area(u, 'shared_files'), 'old.gz'), 61);
      await put(join(layout.area(u, 'Uploads'), 'mid.gz'), 45);
      await put(join(layout.area(u, 'Uploads'), 'new.gz'), 5);
      await put(join(layout.received(u), 'batch-old', 'old.gz'), 61);
      await put(join(layout.received(u), 'batch-mid', 'mid.gz'), 45);
      await put(join(layout.receipts(u), 'old.gz.receipt.json'), 400);
    }
    const { deleted } = await runRetention(dir.path, directory, NOW);
    expect(await readdir(layout.area('acme', 'Uploads'))).toEqual(['mid.gz', 'new.gz']);
    expect(await readdir(layout.area('acme', 'shared_files'))).toEqual([]);
    expect(await readdir(layout.received('acme'))).toEqual(['batch-mid']);
    expect(await readdir(layout.area('euro', 'Uploads'))).toEqual(['new.gz']);
    expect(await readdir(layout.received('euro'))).toEqual([]);
    expect(existsSync(join(layout.receipts('acme'), 'old.gz.receipt.json'))).toBe(true);
    expect(existsSync(join(layout.receipts('euro'), 'old.gz.receipt.json'))).toBe(true);
    expect(deleted).toHaveLength(2 + 4);
  });
});

describe('receipts', () => {
  let dir: { path: string; cleanup(): Promise<void> };
  beforeEach(async () => { dir = await tempDir('intake-receipts-'); });
  afterEach(async () => { await dir.cleanup(); });

  it('writes receipts/<file>.receipt.json and replaces it whole on each change', async () => {
    const layout = new SftpLayout(dir.path);
    const writer = new FileReceiptWriter(layout);
    const report = { tool: 'intake', summary: { passed: true } } as never;
    await writer.writeReceipt('acme', 'a.gz', { file: 'a.gz', status: 'awaiting-review', report, deliveryId: 'd1' });
    await writer.writeReceipt('acme', 'a.gz', { file: 'a.gz', status: 'loaded', report });
    const body = JSON.parse(await readFile(join(layout.receipts('acme'), 'a.gz.receipt.json'), 'utf8')) as Record<string, unknown>;
    expect(body).toMatchObject({ file: 'a.gz', status: 'loaded', report: { tool: 'intake' } });
    expect(await readdir(layout.receipts('acme'))).toEqual(['a.gz.receipt.json']);
    expect(await readdir(layout.staging('acme'))).toEqual([]);
    await expect(writer.writeReceipt('acme', '../x', { file: 'x', status: 'loaded', report })).rejects.toMatchObject({ code: 'SFTP_BAD_RECEIPT_NAME' });
    await expect(writer.writeReceipt('../acme', 'x', { file: 'x', status: 'loaded', report })).rejects.toMatchObject({ code: 'SFTP_BAD_UTILITY' });
  });
});
