/**
 * SFTP end to end: real clients (OpenSSH's sftp and ssh2-sftp-client) upload to Intake's server, a harness
 * stands in for the workflow (validate, then write the receipt), and the test reads the receipts back over SFTP.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as openpgp from 'openpgp';
import SftpClient from 'ssh2-sftp-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../src/generate/index.js';
import type { Report } from '../../src/report/types.js';
import type { SftpDelivery } from '../../src/sftp/ports.js';
import { startSftpServer, type RunningSftpServer } from '../../src/sftp/server.js';
import { validateDelivery } from '../../src/validate/index.js';
import { eventually, makeKey, MemoryAudit, MemoryDirectory, OPENSSH_OPTS, RecordingIntake, sftpBatch, tempDir, type KeyPair } from '../sftp/helpers.js';

interface ReceiptBody { file: string; status: string; report: Report }

describe('SFTP intake end to end', () => {
  let dir: { path: string; cleanup(): Promise<void> };
  let server: RunningSftpServer;
  let key: KeyPair;
  let pgpPublic: string;
  const audit = new MemoryAudit();
  const directory = new MemoryDirectory();
  /** Stands in for the workflow: validate the delivery, then write each file's receipt. */
  const intake = new RecordingIntake(async (d: SftpDelivery, id: string) => {
    const displayNames = Object.fromEntries(d.files.map((f) => [f.path, f.name]));
    const report = await validateDelivery(d.files.map((f) => f.path), { displayNames });
    const status = report.summary.errors > 0 ? 'rejected' : 'awaiting-review';
    for (const f of d.files) await server.receipts.writeReceipt(d.utility, f.name, { file: f.name, status, report, deliveryId: id });
  });
  let clean: string;
  let damaged: string;
  let damagedDefects: { file: string; line: number }[];

  beforeAll(async () => {
    dir = await tempDir('intake-sftp-e2e-');
    key = await makeKey(dir.path, 'acme_key');
    const pgp = await openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ name: 'acme' }], passphrase: 'from-the-server-secret', format: 'armored' });
    pgpPublic = pgp.publicKey;
    directory.add({ code: 'acme', publicKeys: [key.publicLine], eu: false, pgp: { privateKeyArmored: pgp.privateKey, passphrase: () => Promise.resolve('from-the-server-secret') } });
    server = await startSftpServer({ port: 0, dataDir: join(dir.path, 'data'), directory, intake, audit, settleMs: 100 });
    clean = join(dir.path, 'clean');
    damaged = join(dir.path, 'damaged');
    await generate({ standard: 'legacy-billing', out: clean, accounts: 30, utility: 'acme', seed: 1, until: '2025-03-31' });
    const m = await generate({ standard: 'legacy-billing', out: damaged, accounts: 30, utility: 'acme', seed: 2, until: '2025-04-30', defects: 0.02 });
    damagedDefects = m.defects.filter((x) => x.line > 1);
  });
  afterAll(async () => { await server.close(); await dir.cleanup(); });

  const gzNames = async (folder: string): Promise<string[]> => (await readdir(folder)).filter((n) => n.endsWith('.gz')).sort();

  async function connect(): Promise<SftpClient> {
    const client = new SftpClient();
    await client.connect({ host: '127.0.0.1', port: server.port, username: 'acme', privateKey: await readFile(key.privatePath) });
    return client;
  }

  /** Reads a receipt the way the utility does: over SFTP, once it exists. */
  async function receiptOverSftp(name: string): Promise<ReceiptBody> {
    const client = await connect();
    try {
      const path = `/receipts/${name}.receipt.json`;
      await eventually(async () => (await client.exists(path)) || undefined, 15_000, `receipt of ${name}`);
      return JSON.parse((await client.get(path) as Buffer).toString('utf8')) as ReceiptBody;
    } finally {
      await client.end();
    }
  }

  it('OpenSSH sftp: a clean delivery gets receipts with its report', async () => {
    const names = await gzNames(clean);
    const r = await sftpBatch({ port: server.port, user: 'acme', key: key.privatePath, cwd: clean, commands: ['cd shared_files', ...names.map((n) => `put ${n}`)] });
    expect(r.code, r.stderr).toBe(0);
    for (const n of names) {
      const receipt = await receiptOverSftp(n);
      expect(receipt.file).toBe(n);
      expect(receipt.status).toBe('awaiting-review');
      expect(receipt.report.summary).toMatchObject({ files: 2, errors: 0, passed: true });
      expect(receipt.report.files.map((f) => f.name).sort()).toEqual(names);
    }
    const lsOut = await sftpBatch({ port: server.port, user: 'acme', key: key.privatePath, commands: ['ls /receipts', `get /receipts/${names[0]}.receipt.json ${join(dir.path, 'r.json')}`] });
    expect(lsOut.code, lsOut.stderr).toBe(0);
    expect(JSON.parse(await readFile(join(dir.path, 'r.json'), 'utf8'))).toMatchObject({ status: 'awaiting-review' });
  });

  it('ssh2-sftp-client: a damaged delivery is rejected and the receipt names the line', async () => {
    const names = await gzNames(damaged);
    const client = await connect();
    try {
      for (const n of names) await client.put(join(damaged, n), `/Uploads/${n}`);
    } finally {
      await client.end();
    }
    const receipt = await receiptOverSftp(names[1]!);
    expect(receipt.status).toBe('rejected');
    expect(receipt.report.summary.passed).toBe(false);
    const lines = receipt.report.issues.flatMap((i) => i.examples.map((e) => `${i.file}:${e.line}`));
    expect(damagedDefects.some((d) => lines.includes(`${d.file}:${d.line}`))).toBe(true);
  });

  it('a PGP-encrypted delivery is decrypted, validated, and its receipts keep the .pgp names', async () => {
    const out = join(dir.path, 'pgp');
    await mkdir(out, { recursive: true });
    const encryptionKeys = await openpgp.readKey({ armoredKey: pgpPublic });
    const client = await connect();
    const uploaded: string[] = [];
    try {
      for (const n of await gzNames(clean)) {
        const binary = await readFile(join(clean, n));
        const encrypted = await openpgp.encrypt({ message: await openpgp.createMessage({ binary }), encryptionKeys, format: 'binary' });
        const name = `${n.replace(/_2025\d+\.gz$/, '_20250402000000.gz')}.pgp`;
        await writeFile(join(out, name), encrypted as Uint8Array);
        await client.put(join(out, name), `/shared_files/${name}`);
        uploaded.push(name);
      }
    } finally {
      await client.end();
    }
    for (const name of uploaded) {
      const receipt = await receiptOverSftp(name);
      expect(receipt.file).toBe(name);
      expect(receipt.status).toBe('awaiting-review');
      expect(receipt.report.summary.errors).toBe(0);
      expect(receipt.report.files.map((f) => f.name)).toContain(name.replace(/\.pgp$/, ''));
    }
  });

  it('a manifest mismatch is reported in the receipt', async () => {
    const names = await gzNames(clean);
    const local = join(dir.path, 'manifested');
    await mkdir(local, { recursive: true });
    const renamed = names.map((n) => n.replace(/_2025\d+\.gz$/, '_20250403000000.gz'));
    for (const [i, n] of names.entries()) await writeFile(join(local, renamed[i]!), await readFile(join(clean, n)));
    // The customer file's row count is wrong on purpose; the usage file's is right.
    const rows = (JSON.parse(await readFile(join(clean, 'manifest.json'), 'utf8')) as { files: { name: string; rows: number }[] }).files;
    const manifest = ['meta:', '  version: "1.0"', 'transfer:', '  validity_window: 600', 'files:',
      ...renamed.map((n, i) => `  - name: ${n}\n    rows: ${i === 0 ? 9999 : rows.find((f) => f.name === names[i])!.rows}`)].join('\n');
    await writeFile(join(local, 'acme_20250403000000.manifest.yaml'), `${manifest}\n`);
    const r = await sftpBatch({ port: server.port, user: 'acme', key: key.privatePath, cwd: local, commands: ['cd Uploads', 'put acme_20250403000000.manifest.yaml', ...renamed.map((n) => `put ${n}`)] });
    expect(r.code, r.stderr).toBe(0);
    const receipt = await receiptOverSftp(renamed[0]!);
    expect(receipt.status).toBe('rejected');
    expect(receipt.report.issues.map((i) => [i.code, i.file])).toEqual([['MANIFEST_MISMATCH', renamed[0]]]);
    expect(receipt.report.issues[0]!.message).toMatch(/9999 rows announced/);
    expect((await receiptOverSftp('acme_20250403000000.manifest.yaml')).status).toBe('rejected');
    expect(intake.deliveries.some((d) => d.files.some((f) => renamed.includes(f.name)))).toBe(false);
  });

  it('a temporary name waits for its rename', async () => {
    const n = (await gzNames(clean))[0]!.replace(/_2025\d+\.gz$/, '_20250404000000.gz');
    const client = await connect();
    try {
      await client.put(join(clean, (await gzNames(clean))[0]!), `/shared_files/${n}.filepart`);
      await new Promise((r) => setTimeout(r, 400));
      expect(intake.deliveries.some((d) => d.files.some((f) => f.name.startsWith(n)))).toBe(false);
      expect((await client.list('/shared_files')).map((e) => e.name)).toContain(`${n}.filepart`);
      await client.rename(`/shared_files/${n}.filepart`, `/shared_files/${n}`);
    } finally {
      await client.end();
    }
    await eventually(() => intake.deliveries.find((d) => d.files.some((f) => f.name === n)), 10_000, 'delivery after rename');
  });

  it('a file renamed from a name of the client\'s own making is taken under its new name', async () => {
    const first = (await gzNames(clean))[0]!;
    const n = first.replace(/_2025\d+\.gz$/, '_20250406000000.gz');
    const r = await sftpBatch({ port: server.port, user: 'acme', key: key.privatePath, cwd: clean, commands: [`put ${first} /shared_files/.${n}.a1b2`, `rename /shared_files/.${n}.a1b2 /shared_files/${n}`] });
    expect(r.code, r.stderr).toBe(0);
    await eventually(() => intake.deliveries.find((d) => d.files.some((f) => f.name === n)), 10_000, 'delivery after rename');
    expect(intake.deliveries.some((d) => d.files.some((f) => f.name.startsWith('.')))).toBe(false);
  });

  it('a client killed in the middle of an upload leaves no delivery; the same upload again completes', async () => {
    const local = join(dir.path, 'big');
    await mkdir(local, { recursive: true });
    const name = 'opwr_acme_res_1-19-0_usage_20250405000000.gz';
    await writeFile(join(local, name), randomBytes(6 << 20));
    const before = intake.deliveries.length;
    // -l caps the client at ~1 MB/s, so the kill lands mid-upload; the whole process group dies (sftp and ssh).
    const child = spawn('sftp', ['-b', '-', '-l', '8000', '-i', key.privatePath, '-P', String(server.port), ...OPENSSH_OPTS, 'acme@127.0.0.1'], { cwd: local, detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
    child.stdin.end(`put ${name} /Uploads/${name}\n`);
    const staging = join(dir.path, 'data', 'sftp', 'staging', 'acme');
    await eventually(async () => ((await readdir(staging)).length > 0 ? true : undefined), 10_000, 'upload in progress');
    await new Promise((r) => setTimeout(r, 700));
    process.kill(-child.pid!, 'SIGKILL');
    await eventually(() => audit.entries.find((e) => e.action === 'sftp.upload-interrupted' && e.detail.name === name), 10_000, 'interruption audited');
    expect(await readdir(staging)).toEqual([]);
    expect(existsSync(join(dir.path, 'data', 'sftp', 'homes', 'acme', 'Uploads', name))).toBe(false);
    await new Promise((r) => setTimeout(r, 300));
    expect(intake.deliveries.slice(before).some((d) => d.files.some((f) => f.name === name))).toBe(false);

    const again = await sftpBatch({ port: server.port, user: 'acme', key: key.privatePath, cwd: local, commands: [`put ${name} /Uploads/${name}`] });
    expect(again.code, again.stderr).toBe(0);
    const d = await eventually(() => intake.deliveries.find((x) => x.files.some((f) => f.name === name)), 10_000, 'delivery of the re-upload');
    expect((await readFile(d.files[0]!.path)).equals(await readFile(join(local, name)))).toBe(true);
  });
});
