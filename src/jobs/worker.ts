/**
 * The worker: handlers registered by name and checked at start-up (a job name with no handler, or two handlers
 * for one name, stops the boot), a few concurrent slots that poll the queue, lease renewal while a job runs.
 */
import type { Db } from '../store/db.js';
import { JOB_NAMES } from '../workflow/ports.js';
import { claimJob, completeJob, defaultWorkerId, failJob, renewLease, requeueOrphans, type Job } from './queue.js';

export interface JobHandler {
  readonly name: string;
  run(job: Job): Promise<unknown>;
  /** Called once when the job's attempts are spent (e.g. mark the delivery failed). */
  exhausted?(job: Job, error: string): Promise<void>;
}

export class JobRegistryError extends Error {
  readonly code = 'JOB_REGISTRY';
}

/** Checks the handlers against the declared job names: every name handled exactly once, nothing unknown. */
export function checkHandlers(handlers: readonly JobHandler[], names: readonly string[] = JOB_NAMES): Map<string, JobHandler> {
  const byName = new Map<string, JobHandler>();
  for (const h of handlers) {
    if (byName.has(h.name)) throw new JobRegistryError(`two handlers for job "${h.name}"`);
    if (!names.includes(h.name)) throw new JobRegistryError(`handler for unknown job "${h.name}"`);
    byName.set(h.name, h);
  }
  const missing = names.filter((n) => !byName.has(n));
  if (missing.length) throw new JobRegistryError(`no handler for job${missing.length > 1 ? 's' : ''} ${missing.map((n) => `"${n}"`).join(', ')}`);
  return byName;
}

export interface WorkerOptions {
  readonly concurrency?: number;
  readonly pollMs?: number;
  readonly leaseSeconds?: number;
  readonly workerId?: string;
  readonly log?: (line: string) => void;
}

export class Worker {
  private readonly handlers: Map<string, JobHandler>;
  private running = false;
  private readonly loops: Promise<void>[] = [];
  private wake: (() => void)[] = [];
  private readonly opts: Required<WorkerOptions>;

  constructor(private readonly db: Db, handlers: readonly JobHandler[], opts: WorkerOptions = {}) {
    this.handlers = checkHandlers(handlers);
    this.opts = {
      concurrency: opts.concurrency ?? 2,
      pollMs: opts.pollMs ?? 1000,
      leaseSeconds: opts.leaseSeconds ?? 60,
      workerId: opts.workerId ?? defaultWorkerId(),
      log: opts.log ?? ((l) => process.stderr.write(`${l}\n`)),
    };
  }

  async start(): Promise<void> {
    if (this.running) return;
    if (this.db.kind === 'pglite') await requeueOrphans(this.db);
    this.running = true;
    for (let i = 0; i < this.opts.concurrency; i++) this.loops.push(this.loop());
  }

  /** Wakes idle slots at once (called when this process enqueues). */
  poke(): void {
    const w = this.wake;
    this.wake = [];
    for (const f of w) f();
  }

  /** Stops claiming; waits for the jobs in hand to finish. */
  async stop(): Promise<void> {
    this.running = false;
    this.poke();
    await Promise.all(this.loops);
    this.loops.length = 0;
  }

  /** Runs until the queue holds nothing runnable (tests, `intake start` seeding). */
  async drain(): Promise<void> {
    for (;;) {
      const job = await claimJob(this.db, [...this.handlers.keys()], this.opts.workerId, this.opts.leaseSeconds);
      if (!job) return;
      await this.runOne(job);
    }
  }

  private async loop(): Promise<void> {
    while (this.running) {
      let job: Job | undefined;
      try {
        job = await claimJob(this.db, [...this.handlers.keys()], this.opts.workerId, this.opts.leaseSeconds);
      } catch (err) {
        this.opts.log(`worker: claim failed: ${err instanceof Error ? err.message : String(err)}`);
      }
      if (job) {
        await this.runOne(job);
        continue;
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, this.opts.pollMs);
        this.wake.push(() => { clearTimeout(t); resolve(); });
      });
    }
  }

  private async runOne(job: Job): Promise<void> {
    const handler = this.handlers.get(job.name) as JobHandler;
    const renew = setInterval(() => {
      renewLease(this.db, job.id, this.opts.workerId, this.opts.leaseSeconds).catch(() => undefined);
    }, (this.opts.leaseSeconds * 1000) / 3);
    try {
      await handler.run(job);
      await completeJob(this.db, job.id);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const outcome = await failJob(this.db, job, message).catch(() => 'retry' as const);
      this.opts.log(`worker: job ${job.id} ${job.name} failed (attempt ${job.attempts}/${job.maxAttempts}): ${message}`);
      if (outcome === 'failed' && handler.exhausted) await handler.exhausted(job, message).catch(() => undefined);
    } finally {
      clearInterval(renew);
    }
  }
}
