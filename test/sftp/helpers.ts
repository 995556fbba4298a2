/** Test doubles and tools for the SFTP tests: keys, an in-memory directory and audit log, the OpenSSH client. */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { AuditEntry, AuditSink, SftpDelivery, SftpIntake, SftpUtility, UtilityDirectory } from '../../src/sftp/ports.js';

const run = promisify(execFile);

export interface KeyPair { readonly privatePath: string; readonly publicLine: string }

/** An OpenSSH key pair made with ssh-keygen (the same tool utilities use). */
export async function makeKey(dir: string, name: string, type: 'ed25519' | 'ecdsa' | 'rsa' = 'ed25519', bits?: number): Promise<KeyPair> {
  const privatePath = join(dir, name);
  const args = ['-q', '-t', type, '-N', '', '-C', name, '-f', privatePath];
  if (bits) args.push('-b', String(bits));
  await run('ssh-keygen', args);
  return { privatePath, publicLine: (await readFile(`${privatePath}.pub`, 'utf8')).trim() };
}

export class MemoryDirectory implements UtilityDirectory {
  readonly utilities = new Map<string, SftpUtility>();
  add(u: SftpUtility): void { this.utilities.set(u.code, u); }
  findUtility(code: string): Promise<SftpUtility | undefined> { return Promise.resolve(this.utilities.get(code)); }
  listUtilities(): Promise<readonly SftpUtility[]> { return Promise.resolve([...this.utilities.values()]); }
}

export class MemoryAudit implements AuditSink {
  readonly entries: AuditEntry[] = [];
  record(entry: AuditEntry): void { this.entries.push(entry); }
  actions(): string[] { return this.entries.map((e) => e.action); }
}

/** Records deliveries; `onDelivery` lets a test validate and write receipts, as the workflow does. */
export class RecordingIntake implements SftpIntake {
  readonly deliveries: SftpDelivery[] = [];
  private waiters: { n: number; resolve: () => void }[] = [];
  constructor(private readonly onDelivery?: (d: SftpDelivery, id: string) => Promise<void>) {}
  async receiveDelivery(d: SftpDelivery): Promise<{ deliveryId: string }> {
    const id = `d${this.deliveries.length + 1}`;
    if (this.onDelivery) await this.onDelivery(d, id);
    this.deliveries.push(d);
    this.waiters = this.waiters.filter((w) => { if (this.deliveries.length >= w.n) { w.resolve(); return false; } return true; });
    return { deliveryId: id };
  }
  /** Resolves once `n` deliveries have arrived. */
  waitFor(n: number, timeoutMs = 15_000): Promise<void> {
    if (this.deliveries.length >= n) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`waited for ${n} deliveries, got ${this.deliveries.length}`)), timeoutMs);
      this.waiters.push({ n, resolve: () => { clearTimeout(t); resolve(); } });
    });
  }
}

export async function tempDir(prefix: string): Promise<{ path: string; cleanup(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, cleanup: () => rm(path, { recursive: true, force: true }) };
}

export const OPENSSH_OPTS = ['-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'IdentitiesOnly=yes', '-o', 'LogLevel=ERROR', '-o', 'BatchMode=yes'];

/** Runs OpenSSH's sftp in batch mode; resolves with its exit code and output (never rejects). */
export function sftpBatch(opts: { port: number; user: string; key: string; commands: string[]; cwd?: string; extra?: string[] }): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawnSftp(opts);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr?.on('data', (d: Buffer) => { stderr += d.toString(); });
    // A hung client is a failed test, not a hung run.
    const timer = setTimeout(() => { stderr += '\n[killed after 30 s]'; child.kill('SIGKILL'); }, 30_000);
    child.on('error', (err) => { clearTimeout(timer); resolve({ code: -1, stdout, stderr: `${stderr}${err.message}` }); });
    // 'exit', not 'close': sftp's own ssh child may keep the pipes open a moment longer.
    child.on('exit', (code) => { clearTimeout(timer); setTimeout(() => resolve({ code, stdout, stderr }), 20); });
    child.stdin?.end(`${opts.commands.join('\n')}\n`);
  });
}

export function spawnSftp(opts: { port: number; user: string; key: string; cwd?: string; extra?: string[] }): ChildProcess {
  return spawn('sftp', ['-b', '-', '-i', opts.key, '-P', String(opts.port), ...OPENSSH_OPTS, ...(opts.extra ?? []), `${opts.user}@127.0.0.1`], {
    cwd: opts.cwd ?? process.cwd(), stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** Polls `check` until it returns a value or the time is up. */
export async function eventually<T>(check: () => Promise<T | undefined> | T | undefined, timeoutMs = 10_000, label = 'condition'): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
