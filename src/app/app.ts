/**
 * The composition root: opens the store (PGlite or PostgreSQL), migrates, and wires the workflow service to its
 * ports (file store, engine, loader, durable queue) and the worker to its handlers. Entry points (serve, start,
 * the tests) build one App and hand its parts to the HTTP server or the SFTP server.
 */
import path from 'node:path';
import { workflowHandlers } from '../jobs/handlers.js';
import { dbJobQueue } from '../jobs/queue.js';
import { Worker, type WorkerOptions } from '../jobs/worker.js';
import { openDb, type Db } from '../store/db.js';
import { migrate } from '../store/migrate.js';
import { localFileStore } from '../workflow/file-store.js';
import type { Clock, JobQueue, Loader, Validator } from '../workflow/ports.js';
import { readSampleAccounts } from '../workflow/sample-accounts.js';
import { WorkflowService } from '../workflow/service.js';
import { engineValidator, storeLoader } from './engine.js';

export interface AppOptions {
  readonly databaseUrl?: string | undefined;
  /** DATA_DIR: the embedded store (unless databaseUrl) and the file store. */
  readonly dataDir: string;
  /** An open store, which the caller keeps and closes; otherwise opened from databaseUrl / dataDir. */
  readonly db?: Db;
  readonly validator?: Validator;
  readonly loader?: Loader;
  readonly clock?: Clock;
  readonly worker?: WorkerOptions;
  readonly fetch?: typeof fetch;
}

export interface App {
  readonly db: Db;
  readonly service: WorkflowService;
  readonly queue: JobQueue;
  readonly worker: Worker;
  readonly dataDir: string;
  close(): Promise<void>;
}

export async function createApp(opts: AppOptions): Promise<App> {
  const db = opts.db ?? (await openDb({ databaseUrl: opts.databaseUrl, dataDir: opts.dataDir }));
  await migrate(db);
  // The queue wakes this process's worker when it enqueues; other processes find the job by polling.
  const wake: { worker?: Worker } = {};
  const queue = dbJobQueue(db, () => wake.worker?.poke());
  const service = new WorkflowService({
    db,
    files: localFileStore(path.join(opts.dataDir, 'files')),
    validator: opts.validator ?? engineValidator(),
    loader: opts.loader ?? storeLoader(db),
    queue,
    clock: opts.clock ?? { now: () => new Date() },
    sampleAccounts: readSampleAccounts,
  });
  const worker = new Worker(db, workflowHandlers(db, service, opts.fetch), opts.worker);
  wake.worker = worker;
  return {
    db, service, queue, worker, dataDir: opts.dataDir,
    async close() {
      await worker.stop();
      if (!opts.db) await db.close();
    },
  };
}
