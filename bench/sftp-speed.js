// Upload throughput of Intake's SFTP server against OpenSSH's own sftp-server, with the same client (OpenSSH's
// sftp) and the same cipher on loopback. Size: SFTP_BENCH_BYTES (default 1 GiB); the file is generated once
// under the OS temp folder. Run after `npm run build`: `node bench/sftp-speed.js`.
//
// Fairness: the OpenSSH side runs a real sshd on a loopback port with its sftp-server subsystem, so both sides
// pay for the SSH transport (key exchange, encryption, windows). When sshd is not installed the OpenSSH side
// falls back to `sftp -D sftp-server`, a pipe with no SSH transport at all: that makes OpenSSH look faster
// than it is, so the ratio printed is then a lower bound for Intake (SFTP_BENCH_OPENSSH=pipe forces that mode).
import { execFile, spawn } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { Buffer } from 'node:buffer';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { startSftpServer } from '../dist/sftp/server.js';

const run = promisify(execFile);
const SFTP_SERVER = '/usr/lib/openssh/sftp-server';
const SSHD = '/usr/sbin/sshd';
const CIPHER = process.env.SFTP_BENCH_CIPHER ?? 'aes128-gcm@openssh.com';
const CLIENT_OPTS = ['-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'IdentitiesOnly=yes',
  '-o', 'LogLevel=ERROR', '-o', 'BatchMode=yes', '-c', CIPHER];

/** A file of random bytes (incompressible), made once and reused across runs. */
async function benchFile(bytes) {
  const path = join(tmpdir(), `intake-sftp-bench-${bytes}.bin`);
  if (existsSync(path) && (await stat(path)).size === bytes) return path;
  const out = createWriteStream(`${path}.tmp`);
  const chunk = Buffer.alloc(8 << 20);
  for (let left = bytes; left > 0; left -= chunk.length) {
    randomFillSync(chunk);
    const part = left >= chunk.length ? chunk : chunk.subarray(0, left);
    if (!out.write(part)) await new Promise((r) => out.once('drain', r));
  }
  await new Promise((resolve, reject) => out.end((err) => (err ? reject(err) : resolve())));
  await run('mv', [`${path}.tmp`, path]);
  return path;
}

function sftp(args, commands) {
  return new Promise((resolve, reject) => {
    const child = spawn('sftp', ['-b', '-', ...args], { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`sftp exited ${code}: ${stderr}`))));
    child.stdin.end(`${commands.join('\n')}\n`);
  });
}

async function timed(name, bytes, upload) {
  const start = process.hrtime.bigint();
  await upload();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { name, bytes, seconds, mbPerSecond: bytes / 1e6 / seconds };
}

function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

async function waitForPort(port, ms = 10_000) {
  const end = Date.now() + ms;
  for (;;) {
    const ok = await new Promise((resolve) => {
      const c = connect(port, '127.0.0.1', () => { c.end(); resolve(true); });
      c.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > end) throw new Error(`nothing listens on ${port}`);
    await sleep(50);
  }
}

/** Intake's server in this process, on a free port; returns how to upload to it and how to stop it. */
async function startIntake(work, key) {
  const pub = (await readFile(`${key}.pub`, 'utf8')).trim();
  const utility = { code: 'bench', publicKeys: [pub], eu: false };
  const server = await startSftpServer({
    port: 0, dataDir: join(work, 'intake-data'),
    directory: { findUtility: async (c) => (c === 'bench' ? utility : undefined), listUtilities: async () => [utility] },
    intake: { receiveDelivery: async () => ({ deliveryId: 'bench' }) },
    audit: { record: () => undefined },
    onError: () => undefined,
  });
  return {
    name: 'intake-sftp',
    upload: (file) => sftp(['-i', key, '-P', String(server.port), ...CLIENT_OPTS, 'bench@127.0.0.1'], [`put ${file} /Uploads/bench.bin`]),
    cleanup: () => rm(join(work, 'intake-data', 'sftp', 'received'), { recursive: true, force: true }),
    stop: () => server.close(),
  };
}

/** OpenSSH's sftp-server behind a real sshd on loopback (or, without sshd, straight over a pipe). */
async function startOpenssh(work, key) {
  const target = join(work, 'openssh-target');
  await mkdir(target, { recursive: true });
  const dest = join(target, 'bench.bin');
  if (!existsSync(SSHD) || process.getuid?.() !== 0 || process.env.SFTP_BENCH_OPENSSH === 'pipe') {
    return { name: 'openssh-sftp-server (pipe, no SSH transport)', upload: (file) => sftp(['-D', SFTP_SERVER], [`put ${file} ${dest}`]), cleanup: () => rm(dest, { force: true }), stop: async () => undefined };
  }
  const port = await freePort();
  const hostKey = join(work, 'sshd_host_key');
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', hostKey]);
  await writeFile(join(work, 'authorized_keys'), await readFile(`${key}.pub`));
  const config = join(work, 'sshd_config');
  await writeFile(config, [
    `Port ${port}`, 'ListenAddress 127.0.0.1', `HostKey ${hostKey}`, `AuthorizedKeysFile ${join(work, 'authorized_keys')}`,
    'PasswordAuthentication no', 'KbdInteractiveAuthentication no', 'UsePAM no', 'StrictModes no', 'PermitRootLogin prohibit-password',
    `Ciphers ${CIPHER}`, `Subsystem sftp ${SFTP_SERVER}`, 'PidFile none', 'LogLevel ERROR', '',
  ].join('\n'));
  await mkdir('/run/sshd', { recursive: true });
  const sshd = spawn(SSHD, ['-D', '-e', '-f', config], { stdio: 'ignore' });
  await waitForPort(port);
  const user = (await run('id', ['-un'])).stdout.trim();
  return {
    name: 'openssh-sftp-server (sshd)',
    upload: (file) => sftp(['-i', key, '-P', String(port), ...CLIENT_OPTS, `${user}@127.0.0.1`], [`put ${file} ${dest}`]),
    cleanup: () => rm(dest, { force: true }),
    stop: async () => { sshd.kill('SIGTERM'); },
  };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/**
 * Uploads the file SFTP_BENCH_RUNS times (default 3) to each server, alternating, and reports the median
 * time of each. Dirty pages are flushed (`sync`) before every run, so that one side's write-back does not
 * slow the other down: on a shared disk that noise is larger than the difference being measured.
 */
export default async function runBench() {
  const bytes = Number(process.env.SFTP_BENCH_BYTES ?? 1024 ** 3);
  const runs = Number(process.env.SFTP_BENCH_RUNS ?? 3);
  const file = await benchFile(bytes);
  const work = await mkdtemp(join(tmpdir(), 'intake-sftp-bench-'));
  const key = join(work, 'client_key');
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
  const servers = [await startIntake(work, key), await startOpenssh(work, key)];
  try {
    const times = servers.map(() => []);
    for (let i = 0; i < runs; i++) {
      for (const [j, server] of servers.entries()) {
        await run('sync');
        const r = await timed(server.name, bytes, () => server.upload(file));
        times[j].push(r.seconds);
        await server.cleanup();
      }
    }
    return servers.map((server, j) => {
      const seconds = median(times[j]);
      return { name: server.name, bytes, seconds, mbPerSecond: bytes / 1e6 / seconds };
    });
  } finally {
    for (const s of servers) await s.stop();
    await rm(work, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const results = await runBench();
  for (const r of results) console.log(`${r.name.padEnd(45)} ${(r.bytes / 1e6).toFixed(0)} MB in ${r.seconds.toFixed(2)} s = ${r.mbPerSecond.toFixed(1)} MB/s`);
  const [intake, openssh] = results;
  console.log(`ratio intake / openssh: ${(intake.mbPerSecond / openssh.mbPerSecond * 100).toFixed(0)} % (cipher ${CIPHER})`);
}
