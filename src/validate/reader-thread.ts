/**
 * The reader thread: decompresses a tab-separated file, finds its lines and reads the clean rows with the fast
 * lane, into the shared slots of row-slots.ts; the validator's thread runs the checks over them meanwhile. On
 * two cores this thread and the checks then overlap, where one thread did reading and checks in turn. Gzip is
 * inflated here, synchronously, into the slots themselves (read/gzip-sync.ts): zlib on the thread pool would
 * be a third busy thread, with a new buffer and a copy per chunk.
 *
 * It never judges a line: the header, every line the fast lane does not take and every overlong line go to the
 * validator as they are (their byte range and the scanner's flags), which reads them the general way and
 * reports them exactly as it does without this thread. Problems of the archive end the reading; the validator
 * gets them with the line count, as from its own reading.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { pumpChunks } from '../read/pump.js';
import { openGzipSync } from '../read/gzip-sync.js';
import { archiveProblem, LineScanner, openSource, type LineSink } from '../read/index.js';
import type { UtilityProfile } from '../spec/profile.js';
import { findFileType, findStandard } from '../spec/registry.js';
import { compileColumns } from './columns.js';
import { releaseMemory } from './release.js';
import { checkHeader, splitHeaderLine } from './header.js';
import type { FastLane } from '../read/lines.js';
import { compileFastLane, RepeatState, type RowArrays } from './row-reader.js';
import {
  allocateRing, FREE, FULL, META_BYTES_HI, META_BYTES_LO, META_FIRST_LINE, META_LAST, META_LENGTH, META_RAW, META_RECORDS, META_START, REC_LINE, REC_OVERLONG, REC_ROW,
  SLOT_COUNT, SLOT_DATA, SLOT_ROOM, slotView, type ReaderJob, type ReaderMessage, type ReaderRequest, type SharedRing, type SlotView,
} from './row-slots.js';

const QUEUE_HIGH = 16 * 1024 * 1024;
const QUEUE_LOW = 4 * 1024 * 1024;

/**
 * One file after another: the first job comes with the worker (workerData), the next ones as messages, each
 * sent only after the one before has posted its end. A worker kept for the files of a delivery saves its
 * start (its isolate and modules, about 80 ms) on every file after the first (reader-client.ts, ReaderPool).
 */
const port = parentPort;
if (port) {
  const run = (job: ReaderJob) => {
    read(job, (m) => port.postMessage(m))
      .catch((err: unknown) => {
        port.postMessage({ kind: 'end', lines: 0, bytes: 0, bomSeen: false, problem: archiveProblem(err) } satisfies ReaderMessage);
      })
      // The file's ring and chunks are garbage now, but a worker's small heap is rarely collected on its own:
      // its shared slots (about 18 MB) would stay resident into the next file (seen: 20 MB more at the peak).
      .finally(releaseMemory);
  };
  port.on('message', (m: ReaderRequest) => {
    if (m.kind === 'job') run(m.job);
  });
  if (workerData) run(workerData as ReaderJob);
}

async function read(job: ReaderJob, post: (m: ReaderMessage) => void): Promise<void> {
  const standard = findStandard(job.standard);
  const fileType = standard && findFileType(standard, job.fileType);
  if (!standard || !fileType) throw new Error(`unknown file type ${job.standard}/${job.fileType}`);
  const readers = compileColumns(fileType, job.profile as UtilityProfile, standard.id);
  const n = readers.length;
  // Gzip is inflated here, synchronously, straight into the slots (read/gzip-sync.ts); zip and plain files,
  // or a Node without the handle that needs, are read as a stream.
  const gzip = openGzipSync(job.path);
  const stream = gzip ? null : (await openSource(job.path)).stream;
  if (!gzip && !stream) throw new Error('nothing to read');

  let ring: SharedRing | undefined;
  let views: SlotView[] = [];
  let state: Int32Array = new Int32Array(0);
  let lane: FastLane | null = null;
  let arrays: RowArrays | null = null;
  let cur = 0;
  let S: SlotView | undefined;
  let fill = 0;
  /** Where the current slot's lines start (META_START); fill counts from the slot's first byte. */
  let origin = 0;
  let records = 0;
  let received = 0;
  let headerPending = false;
  let repeatState: RepeatState | null = null;
  let rawToggle = false;
  const base = new Int32Array(1);

  const record = (kind: number, a: number, b: number) => {
    const rec = (S as SlotView).records;
    rec[3 * records] = kind;
    rec[3 * records + 1] = a;
    rec[3 * records + 2] = b;
    records++;
  };
  const sink: LineSink = {
    line(buf, start, end, _tabs, _nTabs, _lineNo, flags) {
      const slot = S as SlotView;
      let s = start;
      let e = end;
      if (buf.buffer !== slot.bytes.buffer) {
        // A line the scanner assembled from two reads: into the slot's room for one such line.
        buf.copy(slot.bytes, SLOT_ROOM, start, end);
        s = SLOT_ROOM - origin;
        e = s + (end - start);
      }
      record(REC_LINE | (flags << 4), s, e);
    },
    overlong(_lineNo, bytes) {
      record(REC_OVERLONG, bytes, 0);
    },
  };
  const scanner = new LineScanner(sink);

  /**
   * Before the first lines are scanned: the ring, its row arrays sized by the header's field count, and a fast
   * lane (one for the file, pointed at each slot's arrays in turn). Without a header line in the first slot's
   * bytes (an empty file, or a first line longer than a slot) there is no fast lane: every line goes the general
   * way.
   */
  function setUp(): void {
    const first = S as SlotView;
    const from = first.bytes[0] === 0xef && first.bytes[1] === 0xbb && first.bytes[2] === 0xbf ? 3 : 0;
    const lf = first.bytes.subarray(0, fill).indexOf(10, from);
    let end = lf;
    if (end > from && first.bytes[end - 1] === 13) end--;
    const header = lf >= 0 ? splitHeaderLine(first.bytes.toString('utf8', from, end), false) : undefined;
    const fields = header?.length ?? 0;
    ring = allocateRing(n, header ? Math.ceil(SLOT_DATA / Math.max(1, fields)) + 1 : 1);
    views = ring.slots.map(slotView);
    state = new Int32Array(ring.state);
    // The bytes so far, from the private first slot into the first shared one.
    const target = views[0] as SlotView;
    first.bytes.copy(target.bytes, 0, 0, fill);
    target.meta[META_FIRST_LINE] = 1;
    S = target;
    post({ kind: 'ring', ring });
    if (!header) return;
    const { positions } = checkHeader(header, fileType!.columns);
    const absent: number[] = [];
    for (let c = 0; c < n; c++) if ((positions[c] as number) < 0) absent.push(c);
    // One repeat state for the file: the first row of a slot is compared with the last of the one before.
    const repeat = new RepeatState(job.repeats ?? []);
    repeatState = repeat;
    for (const v of views) {
      // Columns the file lacks read the same on every row: set once for every row of the slot.
      for (let r = 0; r < ring.maxRows; r++) {
        for (const c of absent) {
          v.fs[r * n + c] = -1;
          v.fe[r * n + c] = -1;
          v.vals[r * n + c] = NaN;
          v.ok[r * n + c] = 0;
        }
      }
    }
    // One lane for every slot: it fills the arrays `arrays` points at, which publish() moves to the next slot.
    const v0 = views[0] as SlotView;
    arrays = { fs: v0.fs, fe: v0.fe, vals: v0.vals, ok: v0.ok, base, same: v0.same };
    lane = compileFastLane(readers, positions, fields, scanner.maxLine, arrays,
      (buf, from, line) => scanner.rescanLine(buf, from, line),
      (_buf, _line, b) => {
        record(REC_ROW, b, 0);
        base[0] = b + n;
      }, repeat);
    // The fast lane starts after the header line, which the scanner reads the general way.
    headerPending = true;
  }

  /**
   * Whether the slot being flushed goes over unread for the validator's thread to read itself (job.raw): when
   * that thread has few slots left to check, it has time to spare while this one is the slower side.
   */
  function handRaw(): boolean {
    const below = job.raw ?? 0;
    if (below === 0) return false;
    if (below < 0) return (rawToggle = !rawToggle);
    let full = 0;
    for (let k = 0; k < SLOT_COUNT; k++) if (k !== cur && Atomics.load(state, k) === FULL) full++;
    return full < below;
  }

  /** Hands the current slot over and (unless it is the last) waits for the next one to be free. */
  function publish(last: boolean, raw = false, length = 0): void {
    const slot = S as SlotView;
    slot.meta[META_RAW] = raw ? 1 : 0;
    slot.meta[META_LENGTH] = length;
    slot.meta[META_RECORDS] = records;
    slot.meta[META_BYTES_HI] = Math.floor(received / 1048576);
    slot.meta[META_BYTES_LO] = received % 1048576;
    slot.meta[META_LAST] = last ? 1 : 0;
    slot.meta[META_START] = origin;
    Atomics.store(state, cur, FULL);
    Atomics.notify(state, cur);
    if (last) return;
    cur = (cur + 1) % SLOT_COUNT;
    while (Atomics.load(state, cur) !== FREE) Atomics.wait(state, cur, FULL);
    S = views[cur] as SlotView;
    records = 0;
    base[0] = 0;
    S.meta[META_FIRST_LINE] = scanner.lines + 1;
    useSlotArrays();
  }

  /** Points the lane at the current slot's row arrays. */
  function useSlotArrays(): void {
    if (!arrays) return;
    const v = S as SlotView;
    arrays.fs = v.fs;
    arrays.fe = v.fe;
    arrays.vals = v.vals;
    arrays.ok = v.ok;
    arrays.same = v.same;
  }

  /**
   * Scans the slot's whole lines, hands it over, and starts the next slot with the partial line left. `next`:
   * the byte offset in its ArrayBuffer of what will be copied in next, for the alignment (META_START).
   */
  function flushBlock(final: boolean, next?: number): void {
    if (!ring) setUp();
    const slot = S as SlotView;
    let lastLf = fill > origin ? slot.bytes.lastIndexOf(10, fill - 1) : -1;
    if (lastLf < origin) lastLf = -1;
    const upto = final || lastLf < 0 ? fill : lastLf + 1;
    // Whole lines, the header read, nothing held by the scanner: the slot may go over unread.
    const raw = !final && lastLf >= 0 && !headerPending && lane !== null && scanner.idle && upto > origin && handRaw();
    if (raw) {
      // This thread's lines skip the slot's (the validator counts them): the next row read here must not be
      // taken for the successor of the last one read here.
      repeatState?.lines.fill(-2);
    } else if (upto > origin) scanner.push(slot.bytes.subarray(origin, upto));
    if (headerPending && scanner.lines > 0) {
      headerPending = false;
      useSlotArrays();
      scanner.fastLane = lane;
    }
    const tail = fill - upto;
    publish(false, raw, upto - origin);
    // The partial line goes where the next copy from zlib's chunk lands aligned with its source.
    origin = next === undefined ? 0 : (((next - tail) % 8) + 8) % 8;
    if (tail > 0) slot.bytes.copy((S as SlotView).bytes, origin, upto, fill);
    fill = origin + tail;
  }

  // A private slot until the header says how big the shared ones must be.
  S = slotView({
    bytes: new SharedArrayBuffer(SLOT_ROOM + scanner.maxLine + 2), records: new SharedArrayBuffer(4 * 3 * (SLOT_DATA + 2)),
    fs: new SharedArrayBuffer(0), fe: new SharedArrayBuffer(0), vals: new SharedArrayBuffer(0), ok: new SharedArrayBuffer(0), same: new SharedArrayBuffer(0), meta: new SharedArrayBuffer(32),
  });
  S.meta[META_FIRST_LINE] = 1;

  const finish = (problem?: ReturnType<typeof archiveProblem>) => {
    if (problem === undefined) {
      flushBlock(true);
      scanner.end();
    } else flushBlock(false);
    if (!ring) setUp();
    publish(true);
    post({ kind: 'end', lines: scanner.lines, bytes: received, bomSeen: scanner.bomSeen, ...(problem ? { problem } : {}) });
  };

  // One chunk per turn of the event loop, as in the validator's own reading (read/pump.ts); a broken archive
  // ends the reading after what it gave before the error, with its problem.
  let problem: ReturnType<typeof archiveProblem> | undefined;
  if (gzip) {
    // Each slot filled to its end by inflate itself; what a broken archive gave before the break is read first.
    try {
      for (;;) {
        const room = origin + SLOT_DATA - fill;
        const k = gzip.read((S as SlotView).bytes, fill, room);
        received += k;
        fill += k;
        // Fewer bytes than room: the end (the next call gives 0) or a break (the next call throws).
        if (k === room) flushBlock(false);
        else if (k === 0) break;
      }
    } catch (err) {
      problem = archiveProblem(err);
    } finally {
      gzip.close();
    }
    finish(problem);
    return;
  }
  try {
    await pumpChunks(stream as NonNullable<typeof stream>, {
      high: QUEUE_HIGH,
      low: QUEUE_LOW,
      chunk(chunk) {
        received += chunk.length;
        let p = 0;
        while (p < chunk.length) {
          const k = Math.min(chunk.length - p, origin + SLOT_DATA - fill);
          chunk.copy((S as SlotView).bytes, fill, p, p + k);
          fill += k;
          p += k;
          if (fill === origin + SLOT_DATA) flushBlock(false, chunk.byteOffset + p);
        }
        return false;
      },
    });
  } catch (err) {
    problem = archiveProblem(err);
  }
  finish(problem);
}
