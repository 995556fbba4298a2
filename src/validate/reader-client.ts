/**
 * The validator's side of the reader thread (reader-thread.ts): whether to use one, starting it, waiting for
 * its slots and stopping it. The slots themselves are read in file-validator.ts, where the checks are.
 */
import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { FREE, FULL, type ReaderEnd, type ReaderJob, type ReaderMessage, type ReaderRequest, type SharedRing } from './row-slots.js';

/** Atomics.waitAsync (Node 16+; typed only from the ES2024 library on). */
const waitAsync = (Atomics as unknown as { waitAsync(a: Int32Array, i: number, v: number, ms: number): { async: boolean; value: Promise<string> | string } }).waitAsync;

/** Files smaller than this on disk are read in the validator's thread: a thread's start costs ~30 ms. */
const MIN_BYTES = 2 * 1024 * 1024;

/**
 * The compiled worker script. From the TypeScript sources (tests) it is the built copy under dist/, which
 * `npm test` builds first; without it there is no reader thread.
 */
function workerScript(): string | undefined {
  const here = fileURLToPath(import.meta.url);
  const path = here.endsWith('.ts') ? fileURLToPath(new URL('../../dist/validate/reader-thread.js', import.meta.url)) : fileURLToPath(new URL('./reader-thread.js', import.meta.url));
  return existsSync(path) ? path : undefined;
}

/**
 * The files that get a reader thread by default, measured on the benchmark deliveries (docs/performance.md).
 * Interval files: checks ~2.4 s against ~2.4 s of reading the 28.8 M-row file; the thread took it from about
 * 4.8 s to 3.8 s, at about 35 MB more. The legacy customer file: checks ~0.95 s against ~0.5 s; with the thread
 * the legacy delivery took 2.7–2.9 s instead of 2.9–3.2 s. The legacy usage file: its checks cost less than its
 * reading. The fourth pass gave it the thread (7 % less time then); the fifth took it away again (three busy
 * threads, zlib, reader and checks, on two cores cost more than the overlap gained). Since the seventh pass the
 * thread inflates gzip itself (read/gzip-sync.ts), so there are two busy threads again, and the usage file has
 * it back: the delivery took 0.83 of the time (median of 6 interleaved pairs), with slots handed over unread.
 */
const BY_DEFAULT: Readonly<Record<string, readonly string[] | 'all'>> = {
  interval: 'all',
  'legacy-billing': ['customer', 'usage'],
};

/**
 * When the reader thread hands a slot over unread, for the validator's thread to read with its own fast lane
 * (reader-thread.ts, META_RAW): when fewer than this many other slots wait to be checked. Keyed by standard, or
 * standard/file type. For files whose reading costs more than their checks. Interval, measured on the 28.8 M-row
 * file against never: fewer than 1 full slot 0.96, fewer than 2 0.90 × that, 3 and 4 about 0.96 × the one
 * before each, every slot 1.23 × (the validator then reads everything); with the thread inflating (seventh
 * pass) 5 was the same as 4 (0.99). The legacy usage file: 2 was 1.03 × 4. Not for legacy customer files,
 * whose checks are the slower side (1.05 with fewer than 4).
 */
const RAW_BELOW: Readonly<Record<string, number>> = { interval: 4, 'legacy-billing/usage': 4 };

/**
 * The job's `raw`: RAW_BELOW, or INTAKE_READER_RAW=0 never, =1 every other slot that can (tests: both kinds of
 * slot in one file).
 */
export function rawBelow(standard: string, fileType: string): number {
  const setting = process.env.INTAKE_READER_RAW;
  if (setting === '0') return 0;
  if (setting === '1') return -1;
  return RAW_BELOW[`${standard}/${fileType}`] ?? RAW_BELOW[standard] ?? 0;
}

/**
 * INTAKE_READER_THREAD=0: never; =1: for every tab-separated file (tests use it on small files); otherwise for
 * the files of BY_DEFAULT of at least 2 MiB on a machine with two cores or more.
 */
export function readerThreadWanted(standard: string, fileType: string, sizeOnDisk: number): boolean {
  const setting = process.env.INTAKE_READER_THREAD;
  if (switchedOff()) return false;
  const listed = BY_DEFAULT[standard];
  const byDefault = listed === 'all' || (listed !== undefined && listed.includes(fileType));
  if (setting !== '1' && (!byDefault || sizeOnDisk < MIN_BYTES || availableParallelism() < 2)) return false;
  return workerScript() !== undefined;
}

/** The reader thread turned off, or the fast lane it reads with (INTAKE_READER_THREAD=0, INTAKE_FAST_LANE=0). */
function switchedOff(): boolean {
  return process.env.INTAKE_READER_THREAD === '0' || process.env.INTAKE_FAST_LANE === '0';
}

/**
 * One reader thread kept for the files of a delivery, read one after the other (delivery.ts): each file after
 * the first is sent to the same worker, which saves the worker's start (a new isolate and its modules, about
 * 80 ms to the first slot) and keeps its compiled code. A worker that failed or was stopped early is not kept.
 */
export class ReaderPool {
  private worker: Worker | undefined;
  private busy = false;

  /**
   * Starts the worker before its first job, so that its start (an isolate, its modules: about 80–100 ms) runs
   * on the second core while this thread opens the first file and sets up its checks. A no-op when there is one.
   */
  warm(): void {
    if (this.worker || workerScript() === undefined) return;
    if (!this.adoptSpare()) this.keep(startWorker(undefined));
  }

  /** Keeps the worker prestartReader started, when there is one and this pool has none; whether it did. */
  private adoptSpare(): boolean {
    if (this.worker) return false;
    const spare = takeSpare();
    if (spare) this.keep(spare);
    return spare !== undefined;
  }

  private keep(w: Worker): void {
    this.worker = w;
    w.once('exit', () => {
      if (this.worker === w) this.worker = undefined;
    });
  }

  /** The worker for a job: the kept one when it is free, sent the job; else a new one, started with it. */
  take(job: ReaderJob): Worker {
    this.adoptSpare();
    if (this.worker && !this.busy) {
      this.busy = true;
      this.worker.postMessage({ kind: 'job', job } satisfies ReaderRequest);
      return this.worker;
    }
    const w = startWorker(job);
    if (!this.worker) {
      this.keep(w);
      this.busy = true;
    }
    return w;
  }

  /** A job is done with the worker: kept for the next one when it ended cleanly, else stopped. */
  async give(w: Worker, clean: boolean): Promise<void> {
    if (w === this.worker) {
      this.busy = false;
      if (clean) return;
      this.worker = undefined;
    }
    await w.terminate();
  }

  /** The kept worker's thread id (tests: that files after the first reuse it). */
  get threadId(): number | undefined {
    return this.worker?.threadId;
  }

  /** Stops the kept worker (the delivery is done). */
  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
  }
}

/** A worker started before anything asked for it (prestartReader), until a pool takes it. */
let spare: Worker | undefined;

/**
 * Starts a reader thread at once, for the first delivery pool to take, when one of `paths` is big enough for it
 * to be wanted (the CLI's `validate`, before it loads the validator's modules: the worker's start, about 100 ms,
 * then runs while this thread loads them). Nothing is known of the files' kinds yet, so it may go unused: it does
 * not keep the process alive until taken. Returns whether one was started.
 */
export function prestartReader(paths: readonly string[]): boolean {
  if (spare || switchedOff() || availableParallelism() < 2) return false;
  const big = paths.some((p) => {
    try {
      return statSync(p).size >= MIN_BYTES;
    } catch {
      return false;
    }
  });
  if (!big || workerScript() === undefined) return false;
  const w = startWorker(undefined);
  w.unref();
  w.once('exit', () => {
    if (spare === w) spare = undefined;
  });
  spare = w;
  return true;
}

function takeSpare(): Worker | undefined {
  const w = spare;
  spare = undefined;
  w?.ref();
  return w;
}

/** A worker for `job`, or (undefined) one that waits for its first job as a message. */
function startWorker(job: ReaderJob | undefined): Worker {
  const script = workerScript();
  if (!script) throw new Error('the reader thread script is missing');
  // The worker makes little garbage (chunk wrappers, a few closures): a small young generation keeps its heap
  // small (no difference in speed measured; the benchmark figures are with it).
  return new Worker(script, { workerData: job, resourceLimits: { maxYoungGenerationSizeMb: 4 } });
}

/** One file read by a reader thread: its ring, its slots as they fill, and how it ended. */
export class ReaderThread {
  private readonly worker: Worker;
  private failure: unknown;
  private exited = false;
  private ended = false;
  private readonly detach: () => void;
  /** Keeps the event loop alive while full() waits (ref'd then, else unref'd); cleared by stop(). */
  private alive: NodeJS.Timeout | undefined;
  /** The shared ring, once the thread has read the header; undefined when it ended without one. */
  readonly ring: Promise<SharedRing | undefined>;
  /** How reading ended (after the last slot). */
  readonly end: Promise<ReaderEnd>;

  /** @param pool where to take the worker from (a delivery's); without one the worker is the file's own. */
  constructor(job: ReaderJob, private readonly pool?: ReaderPool) {
    this.worker = pool ? pool.take(job) : startWorker(job);
    let ringSeen = false;
    const ring = settler<SharedRing | undefined>();
    const end = settler<ReaderEnd>();
    this.ring = ring.promise;
    this.end = end.promise;
    const onMessage = (m: ReaderMessage) => {
      if (m.kind === 'ring') {
        ringSeen = true;
        ring.resolve(m.ring);
      } else {
        if (!ringSeen) ring.resolve(undefined);
        this.ended = true;
        end.resolve(m);
      }
    };
    const fail = (err: unknown) => {
      this.failure ??= err;
      ring.reject(err);
      end.reject(err);
    };
    const onExit = (code: number) => {
      this.exited = true;
      fail(new Error(`the reader thread stopped with code ${code}`));
    };
    this.worker.on('message', onMessage);
    this.worker.on('error', fail);
    this.worker.on('exit', onExit);
    this.detach = () => {
      this.worker.off('message', onMessage);
      this.worker.off('error', fail);
      this.worker.off('exit', onExit);
    };
  }

  /** Waits until slot `i` is full; throws when the thread failed. */
  async full(state: Int32Array, i: number): Promise<void> {
    if (Atomics.load(state, i) === FULL) return;
    // A pending Atomics.waitAsync does not keep Node's event loop alive: a timer does, meanwhile. One for the
    // file, referenced only while waiting: a timer made per wait cost ~2 % of the checks' thread.
    this.alive ??= setInterval(() => {}, 60_000);
    this.alive.ref();
    try {
      for (;;) {
        if (Atomics.load(state, i) === FULL) return;
        if (this.failure !== undefined) throw this.failure;
        if (this.exited) throw new Error('the reader thread ended before its last slot');
        const w = waitAsync(state, i, FREE, 250);
        if (w.async) await w.value;
      }
    } finally {
      this.alive.unref();
    }
  }

  /** Gives slot `i` back to the thread. */
  release(state: Int32Array, i: number): void {
    Atomics.store(state, i, FREE);
    Atomics.notify(state, i);
  }

  /**
   * Done with the file (read to its end, or stopped early). A worker that posted the file's end is free for
   * the pool's next file; any other (stopped mid-file, failed) is terminated.
   */
  async stop(): Promise<void> {
    if (this.alive) clearInterval(this.alive);
    this.detach();
    if (this.exited) return;
    const clean = this.ended && this.failure === undefined;
    if (this.pool) await this.pool.give(this.worker, clean);
    else await this.worker.terminate();
  }
}

/** A promise with its resolve and reject at hand; a rejection nobody awaits yet is not reported as unhandled. */
function settler<T>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } {
  let resolve: (v: T) => void = () => {};
  let reject: (e: unknown) => void = () => {};
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => {});
  return { promise, resolve, reject };
}
