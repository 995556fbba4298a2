/** SFTP on the real workflow: an upload becomes a delivery of its feed, is validated by the worker, and its receipt follows. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app/app.js';
import { generate } from '../../src/generate/index.js';
import type { RunningSftpServer } from '../../src/sftp/server.js';
import { createReceiptWriter } from '../../src/sftp/server.js';
import { receiptListener, startWorkflowSftp } from '../../src/sftp/workflow-adapter.js';
import { openDb } from '../../src/store/db.js';
import { SYSTEM } from '../../src/workflow/types.js';
import { eventually, makeKey, sftpBatch, tempDir, type KeyPair } from '../sftp/helpers.js';

describe('SFTP on the workflow', () => {
  let dir: { path: string; cleanup(): Promise<void> };
  let app: App;
  let sftp: RunningSftpServer;
  let key: KeyPair;
  let unsubscribe: () => void;

  beforeAll(async () => {
    dir = await tempDir('intake-sftp-flow-');
    key = await makeKey(dir.path, 'acme');
    const db = await openDb({ dataDir: 'memory://' });
    app = await createApp({ dataDir: join(dir.path, 'data'), db });
    await app.service.addUtility({ code: 'acme', name: 'Acme Power', publicKeys: [key.publicLine] }, SYSTEM);
    await app.worker.start();
    unsubscribe = app.service.onStatusChange(receiptListener(createReceiptWriter(app.dataDir)));
    sftp = await startWorkflowSftp(app, { host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    unsubscribe();
    await sftp.close();
    await app.close();
    await app.db.close();
    await dir.cleanup();
  });

  it('takes an upload as a delivery of its feed and writes the receipt the workflow decides', async () => {
    const out = join(dir.path, 'delivery');
    const m = await generate({ standard: 'legacy-billing', out, accounts: 20, utility: 'acme', seed: 3 });
    const names = m.files.map((f) => f.name);
    const r = await sftpBatch({ port: sftp.port, user: 'acme', key: key.privatePath, cwd: out, commands: ['cd shared_files', ...names.map((n) => `put ${n}`)] });
    expect(r.code, r.stderr).toBe(0);
    const receiptPath = join(app.dataDir, 'sftp', 'homes', 'acme', 'receipts', `${names[0]}.receipt.json`);
    const receipt = await eventually(async () => {
      const text = await readFile(receiptPath, 'utf8').catch(() => undefined);
      return text ? JSON.parse(text) as { status: string; deliveryId: string; round: number; phase: string; report: { summary: unknown } } : undefined;
    }, 30_000, 'receipt');
    const [delivery] = await app.service.deliveries({ utility: 'acme' });
    expect(delivery).toMatchObject({ id: receipt.deliveryId, source: 'shared_files', standard: 'legacy-billing', phase: 'sample', round: 1 });
    expect(receipt).toMatchObject({ status: delivery!.status, round: 1, phase: 'sample' });
    expect(receipt.report.summary).toEqual(delivery!.summary);
    expect([...delivery!.files.map((f) => f.name)].sort()).toEqual([...names].sort());
    const actions = (await app.service.auditOfUtility('acme')).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['sftp.login', 'sftp.upload', 'sftp.delivery', 'receive']));
  });
});
