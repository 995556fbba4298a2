/**
 * Intake's SFTP server (ssh2): public-key login per utility, a home per utility, uploads that become
 * deliveries only once complete, and receipts back to the sender. Composition root of src/sftp/.
 */
import { createServer, type AddressInfo, type Socket } from 'node:net';
import ssh2 from 'ssh2';
import type { AuthContext, Connection } from 'ssh2';
import { LoginBackoff, DEFAULT_BACKOFF, matchKey, parseAuthorizedKeys, type BackoffOptions } from './auth.js';
import { DeliveryAssembler } from './deliveries.js';
import { loadOrCreateHostKey } from './host-key.js';
import { SftpLayout, UTILITY_CODE_RE } from './layout.js';
import { SYSTEM_CLOCK, type AuditSink, type Clock, type ReceiptWriter, type SftpIntake, type UtilityDirectory } from './ports.js';
import { FileReceiptWriter } from './receipts.js';
import { SftpSession } from './session.js';
import { UploadManager } from './uploads.js';

import { runRetention } from './retention.js';

export { runRetention };

export interface SftpServerOptions {
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly dataDir: string;
  readonly directory: UtilityDirectory;
  readonly intake: SftpIntake;
  readonly audit: AuditSink;
  readonly clock?: Clock;
  /** Wait after a group's last file before handing it over (default 2000 ms). */
  readonly settleMs?: number;
  /** A `*.part` file not renamed within this time is deleted (default 6 h). */
  readonly tempTimeoutMs?: number;
  readonly backoff?: BackoffOptions;
  /** Time a connection has to log in (default 60 s). */
  readonly loginGraceMs?: number;
  /** Failed login attempts allowed on one connection before it is closed (default 6). */
  readonly maxAuthTries?: number;
  /** How often raw files past retention are deleted (default 6 h; 0 turns it off, e.g. when a worker does it). */
  readonly retentionEveryMs?: number;
  /** Where errors without a client to answer go (default: stderr). */
  readonly onError?: (err: unknown) => void;
}

export interface RunningSftpServer {
  readonly port: number;
  /** `SHA256:…` of the host key, to give to utilities for their known_hosts. */
  readonly fingerprint: string;
  /** Writes receipts into the utilities' homes; the workflow calls it on every status change. */
  readonly receipts: ReceiptWriter;
  close(): Promise<void>;
}

const SWEEP_EVERY_MS = 60_000;

export async function startSftpServer(options: SftpServerOptions): Promise<RunningSftpServer> {
  const clock = options.clock ?? SYSTEM_CLOCK;
  const onError = options.onError ?? ((err: unknown) => { process.stderr.write(`intake sftp: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`); });
  const layout = new SftpLayout(options.dataDir);
  const hostKey = await loadOrCreateHostKey(options.dataDir);
  const receipts = new FileReceiptWriter(layout);
  const assembler = new DeliveryAssembler({
    directory: options.directory, intake: options.intake, receipts, audit: options.audit, clock,
    settleMs: options.settleMs ?? 2000, onError,
  });
  const uploads = new UploadManager({ layout, assembler, audit: options.audit, clock, tempTimeoutMs: options.tempTimeoutMs ?? 6 * 3600_000 });
  await uploads.cleanStaging();
  await uploads.recoverPending();
  const backoff = new LoginBackoff(options.backoff ?? DEFAULT_BACKOFF);
  const maxAuthTries = options.maxAuthTries ?? 6;
  const connections = new Set<Connection>();
  const sessions = new Set<SftpSession>();
  const audit = async (...args: Parameters<AuditSink['record']>): Promise<void> => { await options.audit.record(...args); };

  // Keepalives find clients whose network died without closing the connection, so their half uploads go.
  const ssh = new ssh2.Server({ hostKeys: [hostKey.privateKey], ident: 'Intake', keepaliveInterval: 15_000, keepaliveCountMax: 4 }, (client, info) => {
    connections.add(client);
    const address = info.ip;
    let failures = 0;
    let login: string | undefined;

    client.on('authentication', (ctx: AuthContext) => {
      const user = ctx.username;
      if (ctx.method === 'none') { ctx.reject(['publickey']); return; }
      const fail = (reason: string): void => {
        failures++;
        backoff.fail(user, address);
        audit({ utility: UTILITY_CODE_RE.test(user) ? user : null, actor: `sftp:${printable(user)}@${address}`, action: 'sftp.login-failed', detail: { method: ctx.method, reason } }).catch(onError);
        ctx.reject(['publickey']);
        if (failures >= maxAuthTries) client.end();
      };
      const decide = async (): Promise<void> => {
        if (ctx.method !== 'publickey') { fail(`${ctx.method} logins are off`); return; }
        const utility = UTILITY_CODE_RE.test(user) ? await options.directory.findUtility(user) : undefined;
        if (!utility) { fail('unknown login'); return; }
        const key = matchKey(parseAuthorizedKeys(utility.publicKeys).keys, ctx.key.data);
        if (!key) { fail('key not authorized'); return; }
        // Without a signature the client only asks whether the key would do; the real attempt follows.
        if (!ctx.signature || !ctx.blob) { ctx.accept(); return; }
        if (!key.key.verify(ctx.blob, ctx.signature, ctx.hashAlgo)) { fail('bad signature'); return; }
        backoff.succeed(user, address);
        login = user;
        ctx.accept();
      };
      // The back-off delays the answer, not the connection: each guess costs the guesser more time.
      setTimeout(() => {
        decide().catch((err: unknown) => {
          onError(err);
          try { ctx.reject(['publickey']); } catch { /* the client is gone */ }
        });
      }, backoff.delayMs(user, address));
    });

    client.on('ready', () => {
      const utility = login;
      if (!utility) { client.end(); return; }
      loggedIn.add(`${info.ip}|${info.port}`);
      const actor = `sftp:${utility}@${address}`;
      audit({ utility, actor, action: 'sftp.login', detail: { address, client: info.header.versions.software } }).catch(onError);
      client.on('session', (acceptSession) => {
        const session = acceptSession();
        session.on('sftp', (acceptSftp) => {
          // Accepted at once (the client's first packet follows immediately); requests wait for the home.
          const sftp = acceptSftp();
          const s = new SftpSession(sftp, { utility, actor, layout, uploads, audit: options.audit, onError, ready: layout.ensureHome(utility) });
          sessions.add(s);
          s.attach();
          const end = (): void => { sessions.delete(s); s.end('connection closed before the file was closed').catch(onError); };
          // The client's EOF ends the session; uploads still open then were never closed, so are discarded.
          sftp.on('end', () => { end(); sftp.end(); });
          sftp.on('close', end);
          client.once('close', end);
        });
        // Only SFTP: no shell, no commands, no terminals, no forwarding.
        session.on('exec', (_accept, reject) => reject());
        session.on('shell', (_accept, reject) => reject());
        session.on('pty', (_accept, reject) => reject());
        session.on('subsystem', (_accept, reject) => reject());
      });
      client.on('tcpip', (_accept, reject) => reject());
      client.on('request', (_accept, reject) => reject?.());
    });
    client.on('error', () => { /* a client that vanishes mid-handshake is not a server error */ });
    client.on('close', () => connections.delete(client));
  });

  // The TCP side is ours, so that a connection that never logs in (or never even says hello) is closed after
  // the grace time, as OpenSSH's LoginGraceTime does; ssh2 only sees a connection once the client has spoken.
  const loggedIn = new Set<string>();
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    const key = `${socket.remoteAddress ?? ''}|${socket.remotePort ?? ''}`;
    // Status replies are small; with Nagle on they wait for the client's delayed ACK and uploads crawl.
    socket.setNoDelay(true);
    const grace = setTimeout(() => { if (!loggedIn.has(key)) socket.destroy(); }, options.loginGraceMs ?? 60_000);
    grace.unref();
    socket.once('close', () => { clearTimeout(grace); loggedIn.delete(key); sockets.delete(socket); });
    ssh.injectSocket(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => { server.off('error', reject); resolve(); });
  });
  const sweep = setInterval(() => { uploads.sweepAbandoned().catch(onError); }, Math.min(SWEEP_EVERY_MS, options.tempTimeoutMs ?? SWEEP_EVERY_MS));
  sweep.unref();
  const retentionEveryMs = options.retentionEveryMs ?? 6 * 3600_000;
  const retention = retentionEveryMs > 0 ? setInterval(() => { retainOnce().catch(onError); }, retentionEveryMs) : undefined;
  retention?.unref();
  async function retainOnce(): Promise<void> {
    const { deleted } = await runRetention(options.dataDir, options.directory, clock.now());
    const byUtility = new Map<string, number>();
    for (const d of deleted) byUtility.set(d.utility, (byUtility.get(d.utility) ?? 0) + 1);
    for (const [utility, files] of byUtility) await audit({ utility, actor: 'system', action: 'sftp.retention', detail: { files } });
  }

  return {
    port: (server.address() as AddressInfo).port,
    fingerprint: hostKey.fingerprint,
    receipts,
    async close() {
      clearInterval(sweep);
      if (retention) clearInterval(retention);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const c of connections) c.end();
        // Connections still in their handshake have no ssh2 client to end.
        setTimeout(() => { for (const so of sockets) so.destroy(); }, 1000).unref();
      });
      await Promise.allSettled([...sessions].map((s) => s.end('server stopped')));
      await assembler.close();
    },
  };
}

/**
 * A receipt writer on its own, for a process that runs the workflow but not the SFTP server (`serve --no-sftp`
 * on a machine sharing the file store).
 */
export function createReceiptWriter(dataDir: string): ReceiptWriter {
  return new FileReceiptWriter(new SftpLayout(dataDir));
}

/** A login name as it may appear in a log line (clients send anything). */
function printable(user: string): string {
  return user.replace(/[^\x20-\x7e]/g, '?').slice(0, 64);
}
