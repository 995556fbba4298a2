/**
 * Runs the platform's parts in this process (HTTP API + UI, SFTP, worker) until SIGINT or SIGTERM, then stops
 * them in order. `intake serve` and `intake start` both end here.
 */
import path from 'node:path';
import { buildApi } from '../api/server.js';
import { createReceiptWriter } from '../sftp/server.js';
import { receiptListener, startWorkflowSftp } from '../sftp/workflow-adapter.js';
import type { App } from './app.js';
import { PACKAGE_ROOT } from './config.js';

export interface RunOptions {
  readonly web: boolean;
  readonly sftp: boolean;
  readonly worker: boolean;
  readonly host: string;
  readonly port: number;
  readonly sftpPort: number;
  /** INTAKE_SECRET: unlocks the utilities' PGP keys at rest (DATA_DIR/sftp/pgp/<code>.asc). */
  readonly sftpSecret?: string | undefined;
  readonly log: (line: string) => void;
  /** Called once the parts listen (e.g. to print the URL). */
  readonly onReady?: (url: string | undefined) => void;
}

/** How often the raw-file retention runs while the worker does. */
const RETENTION_EVERY_MS = 6 * 3600_000;

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
      // Raw files of finished deliveries go after their retention period: at start, then every six hours.
      const purge = (): void => {
        app.service.purgeRawFiles().then(
          (done) => { if (done.length > 0) opts.log(`retention: raw files of ${done.length} deliveries deleted`); },
          (err: unknown) => opts.log(`retention: ${err instanceof Error ? err.message : String(err)}`),
        );
      };
      purge();
      const every = setInterval(purge, RETENTION_EVERY_MS);
      every.unref();
      stops.push(async () => { clearInterval(every); });
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
    // Receipts follow every status change, whichever process makes it (worker, API or SFTP).
    const unsubscribe = app.service.onStatusChange(receiptListener(createReceiptWriter(app.dataDir)));
    stops.push(async () => { unsubscribe(); });
    if (opts.sftp) {
      const sftp = await startWorkflowSftp(app, { host: opts.host, port: opts.sftpPort, secret: opts.sftpSecret });
      stops.unshift(() => sftp.close());
      opts.log(`sftp: listening on port ${sftp.port}; host key ${sftp.fingerprint}`);
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
