import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import SftpClient from 'ssh2-sftp-client';
import { describe, expect, it } from 'vitest';
import { startSftpServer } from '../../src/sftp/server.js';
import { makeKey, MemoryAudit, MemoryDirectory, RecordingIntake, tempDir } from './helpers.js';

describe('restart', () => {
  it('hands over after a restart the files that were complete but not yet handed over, once', async () => {
    const dir = await tempDir('intake-restart-');
    const key = await makeKey(dir.path, 'k');
    const directory = new MemoryDirectory();
    directory.add({ code: 'acme', publicKeys: [key.publicLine], eu: false });
    const dataDir = join(dir.path, 'data');
    const first = new RecordingIntake();
    const server = await startSftpServer({ port: 0, dataDir, directory, intake: first, audit: new MemoryAudit(), settleMs: 60_000 });
    const client = new SftpClient();
    await client.connect({ host: '127.0.0.1', port: server.port, username: 'acme', privateKey: await readFile(key.privatePath) });
    const name = 'opwr_acme_res_1-19-0_full_20250101000000.gz';
    await client.put(Buffer.from('not yet validated'), `/Uploads/${name}`);
    await client.end();
    await server.close();
    expect(first.deliveries).toEqual([]);

    const second = new RecordingIntake();
    const again = await startSftpServer({ port: 0, dataDir, directory, intake: second, audit: new MemoryAudit(), settleMs: 50 });
    await second.waitFor(1, 5000);
    expect(second.deliveries[0]).toMatchObject({ utility: 'acme', area: 'Uploads', files: [{ name }] });
    await again.close();

    const third = new RecordingIntake();
    const once = await startSftpServer({ port: 0, dataDir, directory, intake: third, audit: new MemoryAudit(), settleMs: 50 });
    await new Promise((r) => setTimeout(r, 300));
    await once.close();
    expect(third.deliveries).toEqual([]);
    const batches = await readdir(join(dataDir, 'sftp', 'received', 'acme'));
    expect(await readdir(join(dataDir, 'sftp', 'received', 'acme', batches[0]!))).toEqual([name]);
    await dir.cleanup();
  });
});
