/**
 * Runs the platform's parts in this process (HTTP API + UI, SFTP, worker) until SIGINT or SIGTERM, then stops
 * them in order. `intake serve` and `intake start` both end here.
 */
import path from 'node:path';
import { buildApi } from '../api/server.js';
import type { App } from './app.js';
import { PACKAGE_ROOT } from './config.js';

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

export async function runPlatform(app: App, opts: RunOptions): Promise<void> {
  const stops: (() => Promise<void>)[] = [];
  let url: string | undefined;
  if (opts.worker) {
    await app.worker.start();
    stops.push(() => app.worker.stop());
    opts.log('worker: started');
  }
  if (opts.web) {
    const api = await buildApi(app, { webDir: path.join(PACKAGE_ROOT, 'web', 'dist') });
    await api.listen({ host: opts.host, port: opts.port });
    const addr = api.server.address();
    const port = typeof addr === 'object' && addr ? addr.port : opts.port;
    url = `http://${opts.host === '0.0.0.0' || opts.host === '::' ? 'localhost' : opts.host}:${port}`;
    stops.unshift(() => api.close());
    opts.log(`http: listening on ${url}`);
  }
  if (opts.sftp) {
    // The SFTP server arrives in its own issue; until it is part of the build, serve runs without it.
    opts.log('sftp: not part of this build (run with --no-sftp to silence this)');
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
  for (const s of stops) await s().catch(() => undefined);
  await app.close();
}
