import { connect } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSftpServer } from '../../src/sftp/server.js';
import { MemoryAudit, MemoryDirectory, RecordingIntake, tempDir } from './helpers.js';

const deps = (): { directory: MemoryDirectory; intake: RecordingIntake; audit: MemoryAudit } => ({ directory: new MemoryDirectory(), intake: new RecordingIntake(), audit: new MemoryAudit() });

describe('server start', () => {
  it('generates its host key once under DATA_DIR and keeps its fingerprint across restarts', async () => {
    const dir = await tempDir('intake-start-');
    const dataDir = join(dir.path, 'data');
    const first = await startSftpServer({ port: 0, dataDir, ...deps() });
    await first.close();
    const second = await startSftpServer({ port: 0, dataDir, ...deps() });
    await second.close();
    expect(first.fingerprint).toMatch(/^SHA256:\S{43}$/);
    expect(second.fingerprint).toBe(first.fingerprint);
    await dir.cleanup();
  });

  it('closes a connection that does not log in within the grace time', async () => {
    const dir = await tempDir('intake-grace-');
    const server = await startSftpServer({ port: 0, dataDir: dir.path, ...deps(), loginGraceMs: 200 });
    const started = Date.now();
    await new Promise<void>((resolve, reject) => {
      const socket = connect(server.port, '127.0.0.1');
      socket.on('data', () => undefined);
      socket.on('error', reject);
      socket.on('close', () => resolve());
    });
    expect(Date.now() - started).toBeLessThan(5000);
    await server.close();
    await dir.cleanup();
  });
});
