import { existsSync } from 'node:fs';
import { utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DeliveryAssembler } from '../../src/sftp/deliveries.js';
import { SftpLayout } from '../../src/sftp/layout.js';
import { UploadManager } from '../../src/sftp/uploads.js';
import { MemoryAudit, tempDir } from './helpers.js';

describe('abandoned temporary files', () => {
  it('deletes a *.part file not renamed within the timeout, and only that', async () => {
    const dir = await tempDir('intake-uploads-');
    const layout = new SftpLayout(dir.path);
    await layout.ensureHome('acme');
    const audit = new MemoryAudit();
    const now = new Date('2026-01-01T12:00:00Z');
    const uploads = new UploadManager({ layout, assembler: { add: () => undefined } as unknown as DeliveryAssembler, audit, clock: { now: () => now }, tempTimeoutMs: 3600_000 });
    const area = layout.area('acme', 'Uploads');
    const old = new Date(now.getTime() - 2 * 3600_000);
    for (const n of ['old.gz.part', 'old.gz']) { await writeFile(join(area, n), 'x'); await utimes(join(area, n), old, old); }
    await writeFile(join(area, 'fresh.gz.filepart'), 'x');
    await utimes(join(area, 'fresh.gz.filepart'), now, now);
    await uploads.sweepAbandoned();
    expect(['old.gz.part', 'old.gz', 'fresh.gz.filepart'].map((n) => existsSync(join(area, n)))).toEqual([false, true, true]);
    expect(audit.entries).toEqual([{ utility: 'acme', actor: 'system', action: 'sftp.upload-abandoned', detail: { area: 'Uploads', name: 'old.gz.part', bytes: 1 } }]);
    await dir.cleanup();
  });
});
