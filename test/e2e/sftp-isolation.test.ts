import { gzipSync } from 'node:zlib';
import { existsSync } from 'node:fs';
import { readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSftpServer, type RunningSftpServer } from '../../src/sftp/server.js';
import { eventually, makeKey, MemoryAudit, MemoryDirectory, RecordingIntake, sftpBatch, tempDir, type KeyPair } from '../sftp/helpers.js';

const CUSTOMER = 'opwr_acme_res_1-19-0_customer_20250101000000.gz';
const USAGE = 'opwr_acme_res_1-19-0_usage_20250101000000.gz';

describe('SFTP server with the OpenSSH client', () => {
  let dir: { path: string; cleanup(): Promise<void> };
  let server: RunningSftpServer;
  let acme: KeyPair;
  let brig: KeyPair;
  const audit = new MemoryAudit();
  const intake = new RecordingIntake();
  const directory = new MemoryDirectory();
  let dataDir: string;
  let local: string;

  beforeAll(async () => {
    dir = await tempDir('intake-sftp-');
    dataDir = join(dir.path, 'data');
    local = join(dir.path, 'local');
    await import('node:fs/promises').then((fs) => fs.mkdir(local, { recursive: true }));
    [acme, brig] = await Promise.all([makeKey(dir.path, 'acme'), makeKey(dir.path, 'brig', 'ecdsa')]);
    directory.add({ code: 'acme', publicKeys: [acme.publicLine], eu: false });
    directory.add({ code: 'brig', publicKeys: [brig.publicLine], eu: true });
    server = await startSftpServer({ port: 0, dataDir, directory, intake, audit, settleMs: 100, backoff: { baseMs: 1, maxMs: 5, forgetMs: 1000 } });
    await writeFile(join(local, CUSTOMER), gzipSync('a\tb\n1\t2\n'));
    await writeFile(join(local, USAGE), gzipSync('a\tb\n1\t2\n3\t4\n'));
  });
  afterAll(async () => { await server.close(); await dir.cleanup(); });

  it('prints a SHA256 fingerprint and keeps its host key', async () => {
    expect(server.fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(existsSync(join(dataDir, 'sftp', 'host_key'))).toBe(true);
  });

  it('takes a two-file delivery as one, once both files are complete', async () => {
    const r = await sftpBatch({ port: server.port, user: 'acme', key: acme.privatePath, cwd: local, commands: ['cd shared_files', `put ${CUSTOMER}`, `put ${USAGE}`, 'ls -l'] });
    expect(r.code, r.stderr).toBe(0);
    await intake.waitFor(1);
    const d = intake.deliveries[0]!;
    expect(d.utility).toBe('acme');
    expect(d.area).toBe('shared_files');
    expect(d.files.map((f) => f.name)).toEqual([CUSTOMER, USAGE]);
    expect(await readFile(d.files[0]!.path)).toEqual(await readFile(join(local, CUSTOMER)));
    expect(audit.actions()).toContain('sftp.login');
    expect(audit.entries.filter((e) => e.action === 'sftp.upload').map((e) => e.detail.name)).toEqual([CUSTOMER, USAGE]);
  });

  it('shows each utility only its own home', async () => {
    const r = await sftpBatch({ port: server.port, user: 'brig', key: brig.privatePath, commands: ['ls /', 'ls /shared_files'] });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('receipts');
    expect(r.stdout).not.toContain(CUSTOMER);
  });

  it('refuses other homes, .., /etc, receipts writes and symlinks', async () => {
    await symlink('/etc', join(dataDir, 'sftp', 'homes', 'acme', 'shared_files', 'etc-link'));
    await symlink(join(dataDir, 'sftp', 'homes', 'acme', 'shared_files', CUSTOMER), join(dataDir, 'sftp', 'homes', 'brig', 'shared_files', 'stolen.gz'));
    const attempts: [string, string][] = [
      ['brig', `get /shared_files/../../acme/shared_files/${CUSTOMER} x1`],
      ['brig', `get ../acme/shared_files/${CUSTOMER} x2`],
      ['brig', 'get /etc/passwd x3'],
      ['brig', 'get ../../../../etc/passwd x4'],
      ['brig', 'get /shared_files/stolen.gz x5'],
      ['acme', 'get /shared_files/etc-link/passwd x6'],
      ['acme', 'ls /shared_files/etc-link/'],
      ['acme', `put ${join(local, CUSTOMER)} /receipts/${CUSTOMER}`],
      ['acme', `put ${join(local, CUSTOMER)} /${CUSTOMER}`],
      ['acme', `put ${join(local, CUSTOMER)} ../brig/shared_files/${CUSTOMER}`],
      ['acme', 'mkdir /shared_files/sub'],
    ];
    for (const [user, command] of attempts) {
      const key = user === 'acme' ? acme.privatePath : brig.privatePath;
      const r = await sftpBatch({ port: server.port, user, key, cwd: local, commands: [command] });
      expect(r.code, `${user}: ${command}`).not.toBe(0);
    }
    expect(await readdir(local)).toEqual([CUSTOMER, USAGE].sort());
    expect(await readdir(join(dataDir, 'sftp', 'homes', 'brig', 'shared_files'))).toEqual(['stolen.gz']);
    expect(audit.actions()).toContain('sftp.denied');
  });

  it('logs in with an RSA key of 3072 bits and refuses one of 1024', async () => {
    const [strong, weak] = await Promise.all([makeKey(dir.path, 'rsa3072', 'rsa', 3072), makeKey(dir.path, 'rsa1024', 'rsa', 1024)]);
    directory.add({ code: 'rsau', publicKeys: [strong.publicLine, weak.publicLine], eu: false });
    const ok = await sftpBatch({ port: server.port, user: 'rsau', key: strong.privatePath, commands: ['ls /'] });
    expect(ok.code, ok.stderr).toBe(0);
    const refused = await sftpBatch({ port: server.port, user: 'rsau', key: weak.privatePath, commands: ['ls /'] });
    expect(refused.code).not.toBe(0);
  });

  it('refuses passwords and unknown keys, and audits the failure', async () => {
    const wrongUser = await sftpBatch({ port: server.port, user: 'brig', key: acme.privatePath, commands: ['ls'] });
    expect(wrongUser.code).not.toBe(0);
    const pw = await sftpBatch({ port: server.port, user: 'acme', key: '/dev/null', commands: ['ls'], extra: ['-o', 'PreferredAuthentications=password,keyboard-interactive', '-o', 'PubkeyAuthentication=no'] });
    expect(pw.code).not.toBe(0);
    await eventually(() => audit.entries.find((e) => e.action === 'sftp.login-failed' && e.utility === 'brig'), 2000, 'failed login audited');
  });
});
