/** `intake serve`: the HTTP API and web UI, the SFTP server and the worker, on the embedded store or PostgreSQL. */
import { parseArgs } from 'node:util';
import { createApp } from '../../app/app.js';
import { storeConfig } from '../../app/config.js';
import { runPlatform } from '../../app/run.js';
import { UsageError, type CliIo, type Command } from '../command.js';

export const SERVE_OPTIONS = {
  port: { type: 'string' }, host: { type: 'string' }, 'sftp-port': { type: 'string' },
  'no-web': { type: 'boolean' }, 'no-sftp': { type: 'boolean' }, 'no-worker': { type: 'boolean' },
  concurrency: { type: 'string' }, 'data-dir': { type: 'string' }, 'database-url': { type: 'string' },
} as const;

export const SERVE_HELP_OPTIONS = `Options:
  --port N             HTTP port (default: PORT or 8080)
  --host ADDR          HTTP address to listen on (default: HOST or 0.0.0.0)
  --sftp-port N        SFTP port (default: SFTP_PORT or 2222)
  --no-web             do not run the HTTP API and web UI
  --no-sftp            do not run the SFTP server
  --no-worker          do not run the worker (validation, loading, notifications)
  --concurrency N      jobs the worker runs at once (default 2)
  --data-dir DIR       embedded store and file store folder (default: DATA_DIR or ./data)
  --database-url URL   PostgreSQL instead of the embedded store (default: DATABASE_URL)`;

const num = (v: string | undefined, fallback: number, what: string): number => {
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`${what} must be a whole number; got "${v}"`);
  return n;
};

type ServeValues = { [K in keyof typeof SERVE_OPTIONS]?: (typeof SERVE_OPTIONS)[K]['type'] extends 'boolean' ? boolean : string };

/** Opens the store, then runs what the flags ask for until a signal; shared by serve and start. */
export async function serveWith(values: ServeValues, io: CliIo, prepare?: (app: Awaited<ReturnType<typeof createApp>>) => Promise<void>, onReady?: (url: string | undefined) => void): Promise<number> {
  const web = !values['no-web'];
  const sftp = !values['no-sftp'];
  const worker = !values['no-worker'];
  if (!web && !sftp && !worker) throw new UsageError('nothing to run: --no-web, --no-sftp and --no-worker together');
  // Every option is checked before the store is opened.
  const port = num(values.port ?? io.env.PORT, 8080, '--port');
  const sftpPort = num(values['sftp-port'] ?? io.env.SFTP_PORT, 2222, '--sftp-port');
  const concurrency = num(values.concurrency, 2, '--concurrency') || 1;
  const app = await createApp({ ...storeConfig(io.env, io.cwd, values), worker: { concurrency } });
  if (prepare) await prepare(app);
  await runPlatform(app, {
    web, sftp, worker, port, sftpPort,
    host: values.host ?? (io.env.HOST || '0.0.0.0'),
    log: (l) => io.stderr.write(`intake: ${l}\n`),
    ...(onReady ? { onReady } : {}),
  });
  return 0;
}

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Run the HTTP API and web UI, the SFTP server and the worker',
  help: `Usage: intake serve [options]

Runs the platform until SIGINT/SIGTERM. Several processes may share one PostgreSQL (DATABASE_URL), each
running some parts (--no-web, --no-sftp, --no-worker); the job queue lives in the database.

${SERVE_HELP_OPTIONS}`,
  async run(args, io) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, strict: true, options: SERVE_OPTIONS });
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    return serveWith(values, io);
  },
};
