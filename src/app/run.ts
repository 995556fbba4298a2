/**
 * Runs the platform's parts in this process (HTTP API + UI, SFTP, worker) until SIGINT or SIGTERM, then stops
 * them in order. `intake serve` and `intake start` both end here.
 */
import path from 'node:path';
import { buildApi } from '../api/server.js';
import type { App } from './app.js';
import { PACKAGE_ROOT } from './config.js';
import { receiptListener, sftpAudit, sftpDirectory, sftpIntake, type ReceiptSink } from './sftp.js';

export interface RunOptions {
  readonly web: boolean;
  readonly sftp: boolean;
  readonly worker: boolean;
  readonly host: string;
  readonly port: number;
  readonly sftpPort: number;
  readonly log: (line: string) => void;
  /** Called once the parts listen (e.g. to print the URL). */
  readonly onReady?: (url: string | undefined) => void;
}

interface SftpModule {
  startSftpService(deps: {
    env: NodeJS.ProcessEnv; directory: ReturnType<typeof sftpDirectory>; intake: ReturnType<typeof sftpIntake>;
    audit: ReturnType<typeof sftpAudit>; log: (line: string) => void;
  }): Promise<{ port: number; receipts: ReceiptSink; close(): Promise<void> }>;
}

// In a variable: the SFTP server lands on main from its own branch; until then serve runs without it.
const SFTP_MODULE = '../sftp/serve.js';

async function startSftp(app: App, opts: RunOptions): Promise<{ close(): Promise<void> } | undefined> {
  let mod: SftpModule;
  try {
    mod = (await import(SFTP_MODULE)) as SftpModule;
  } catch (err) {
    if ((err as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw err;
    opts.log('sftp: not part of this build (run with --no-sftp to silence this)');
    return undefined;
  }
  const server = await mod.startSftpService({
    env: { ...process.env, SFTP_PORT: String(opts.sftpPort), DATA_DIR: app.dataDir },
    directory: sftpDirectory(app.db), intake: sftpIntake(app.service), audit: sftpAudit(app.db),
    log: (l) => opts.log(`sftp: ${l}`),
  });
  app.service.onStatusChange(receiptListener(server.receipts));
  return server;
}

export async function runPlatform(app: App, opts: RunOptions): Promise<void> {
  const stops: (() => Promise<void>)[] = [];
  let url: string | undefined;
  const stopAll = async (): Promise<void> => {
    for (const s of stops) await s().catch(() => undefined);
    await app.close();
  };
  try {
    if (opts.worker) {
      await app.worker.start();
      stops.push(() => app.worker.stop());
      opts.log('worker: started');
    }
    if (opts.web) {
      const api = await buildApi(app, { webDir: path.join(PACKAGE_ROOT, 'web', 'dist') });
      stops.unshift(() => api.close());
      await api.listen({ host: opts.host, port: opts.port });
      const addr = api.server.address();
      const port = typeof addr === 'object' && addr ? addr.port : opts.port;
      url = `http://${opts.host === '0.0.0.0' || opts.host === '::' ? 'localhost' : opts.host}:${port}`;
      opts.log(`http: listening on ${url}`);
    }
    if (opts.sftp) {
      const sftp = await startSftp(app, opts);
      if (sftp) stops.unshift(() => sftp.close());
    }
  } catch (err) {
    // A part that cannot start (a port in use) stops the others, so the process ends instead of hanging.
    await stopAll();
    throw err;
  }
  opts.onReady?.(url);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  opts.log('stopping');
  await stopAll();
}
