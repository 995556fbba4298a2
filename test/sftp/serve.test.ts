import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSftpService } from '../../src/sftp/serve.js';
import { MemoryAudit, MemoryDirectory, RecordingIntake, tempDir } from './helpers.js';

describe('startSftpService', () => {
  it('starts on SFTP_PORT under DATA_DIR and prints the host key fingerprint, the same after a restart', async () => {
    const dir = await tempDir('intake-serve-');
    const lines: string[] = [];
    const deps = { directory: new MemoryDirectory(), intake: new RecordingIntake(), audit: new MemoryAudit(), log: (l: string) => lines.push(l) };
    const env = { SFTP_PORT: '0', SFTP_HOST: '127.0.0.1', DATA_DIR: join(dir.path, 'data') };
    const first = await startSftpService({ ...deps, env });
    await first.close();
    const second = await startSftpService({ ...deps, env });
    await second.close();
    expect(lines[0]).toMatch(/^SFTP listening on port \d+; host key SHA256:\S{43}$/);
    expect(second.fingerprint).toBe(first.fingerprint);
    await expect(startSftpService({ ...deps, env: { SFTP_PORT: 'x' } })).rejects.toMatchObject({ code: 'SFTP_BAD_PORT' });
    await dir.cleanup();
  });
});

describe('login grace time', () => {
  it('closes a connection that does not log in', async () => {
    const { startSftpServer } = await import('../../src/sftp/server.js');
    const { connect } = await import('node:net');
    const dir = await tempDir('intake-grace-');
    const server = await startSftpServer({ port: 0, dataDir: dir.path, directory: new MemoryDirectory(), intake: new RecordingIntake(), audit: new MemoryAudit(), loginGraceMs: 200 });
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
