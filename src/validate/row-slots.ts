/**
 * The shared memory between the reader thread (reader-thread.ts) and the validator (file-validator.ts): a ring
 * of slots, each holding a block of whole decompressed lines and what the reader made of them. The reader fills
 * a slot, marks it full and moves on; the validator runs the checks over it, marks it free and moves on. Only
 * the slot states are synchronised (Atomics); a slot's contents belong to one side at a time.
 *
 * Per slot:
 * - bytes: the lines, [0, SLOT_DATA) for blocks, then room for one carried line (a line the reader had to
 *   assemble from two reads: the last line of a file without a final LF, or one longer than a slot);
 * - records, one per line in order (line numbers follow from the slot's first line): the kind, and for a
 *   row the fast lane read, its base in the row arrays; for any other line its byte range, for the general path;
 * - row arrays as the fast lane fills them (row-reader.ts, compileLineReader): field offsets, values and flags,
 *   at base + column, one row after the other.
 *
 * Memory per slot: SLOT_ROOM + MAX_LINE_BYTES bytes, 12 bytes per possible line (SLOT_DATA of them) and 17
 * bytes per possible field (SLOT_DATA / fields rows of `fields` columns; 18 with the repeat flags): about
 * 31 × SLOT_DATA + 1 MiB.
 */
import { MAX_LINE_BYTES } from '../spec/common.js';

/** Bytes of lines per slot. */
export const SLOT_DATA = 64 * 1024;
/** Where a slot keeps one line assembled from two reads (after the lines, which start at most 7 bytes in). */
export const SLOT_ROOM = SLOT_DATA + 8;
/** Slots in the ring: enough for the reader to run ahead while a slot is checked. */
export const SLOT_COUNT = 6;

/** A record's kind (records[3r]). */
export const REC_ROW = 0;
/** A line for the general path: records[3r + 1..2] its [start, end) in the slot's bytes, flags in the kind's upper bits. */
export const REC_LINE = 1;
/** A line longer than the limit: records[3r + 1] its length. */
export const REC_OVERLONG = 2;

/** Slot states (state[slot]). */
export const FREE = 0;
export const FULL = 1;

/** meta[] of a slot. */
export const META_RECORDS = 0;
export const META_FIRST_LINE = 1;
/** Decompressed bytes read so far (for the expansion limit and progress), in MiB and remainder. */
export const META_BYTES_HI = 2;
export const META_BYTES_LO = 3;
/** 1 on the last slot of the file. */
export const META_LAST = 4;
/**
 * Where the slot's lines start in its bytes (0–7): chosen so that the bulk copy of zlib's chunks into the slot
 * is 8-byte aligned with its source. V8 copies into a SharedArrayBuffer with relaxed atomic moves, word by word
 * when source and destination are aligned alike and byte by byte otherwise: 22 against 4 GB/s here.
 * Every offset of the slot's records and row arrays counts from there (slotLines).
 */
export const META_START = 5;
/**
 * 1 when the slot's lines were handed over unread (the thread saw the validator's thread waiting for it): the
 * validator reads them itself, the whole lines of META_LENGTH bytes from META_START, and no record is set.
 */
export const META_RAW = 6;
/** Bytes of the slot's lines from META_START (a line assembled at SLOT_ROOM not counted). */
export const META_LENGTH = 7;
export const META_FIELDS = 8;

export interface SlotBuffers {
  readonly bytes: SharedArrayBuffer;
  readonly records: SharedArrayBuffer;
  readonly fs: SharedArrayBuffer;
  readonly fe: SharedArrayBuffer;
  readonly vals: SharedArrayBuffer;
  readonly ok: SharedArrayBuffer;
  /** Repeat flags (row-reader.ts, RepeatState), at base + column like ok. */
  readonly same: SharedArrayBuffer;
  readonly meta: SharedArrayBuffer;
}

export interface SharedRing {
  /** state[slot]: FREE or FULL. */
  readonly state: SharedArrayBuffer;
  readonly slots: readonly SlotBuffers[];
  /** Columns of the spec (row arrays hold this many per row). */
  readonly columns: number;
  /** Rows a slot's arrays hold. */
  readonly maxRows: number;
}

export interface SlotView {
  readonly bytes: Buffer;
  readonly records: Int32Array;
  readonly fs: Int32Array;
  readonly fe: Int32Array;
  readonly vals: Float64Array;
  readonly ok: Uint8Array;
  readonly same: Uint8Array;
  readonly meta: Int32Array;
  /** The views slotLines hands out, by start. */
  readonly lines: (Buffer | undefined)[];
}

/**
 * The ring for a file type of `columns` spec columns, with room for `maxRows` fast-lane rows per slot (a row of
 * `fields` fields has fields - 1 tabs and a line end, so a slot holds at most SLOT_DATA / fields of them).
 */
export function allocateRing(columns: number, maxRows: number): SharedRing {
  const slots: SlotBuffers[] = [];
  for (let i = 0; i < SLOT_COUNT; i++) {
    slots.push({
      bytes: new SharedArrayBuffer(SLOT_ROOM + MAX_LINE_BYTES + 2),
      records: new SharedArrayBuffer(4 * 3 * (SLOT_DATA + 2)),
      fs: new SharedArrayBuffer(4 * maxRows * columns),
      fe: new SharedArrayBuffer(4 * maxRows * columns),
      vals: new SharedArrayBuffer(8 * maxRows * columns),
      ok: new SharedArrayBuffer(maxRows * columns),
      same: new SharedArrayBuffer(maxRows * columns),
      meta: new SharedArrayBuffer(4 * META_FIELDS),
    });
  }
  return { state: new SharedArrayBuffer(4 * SLOT_COUNT), slots, columns, maxRows };
}

/**
 * The slot's lines, from where they start (META_START): the buffer its offsets count in. One view per start,
 * made once: a new Buffer per slot would be a young object stored into long-lived state on every row (the
 * current row's buffer), which sends each such store through V8's out-of-line write barrier.
 */
export function slotLines(slot: SlotView): Buffer {
  const at = slot.meta[META_START] as number;
  return (slot.lines[at] ??= at === 0 ? slot.bytes : slot.bytes.subarray(at));
}

export function slotView(b: SlotBuffers): SlotView {
  return {
    bytes: Buffer.from(b.bytes),
    records: new Int32Array(b.records),
    fs: new Int32Array(b.fs),
    fe: new Int32Array(b.fe),
    vals: new Float64Array(b.vals),
    ok: new Uint8Array(b.ok),
    same: new Uint8Array(b.same),
    meta: new Int32Array(b.meta),
    lines: [],
  };
}

/** What the reader thread is told. */
export interface ReaderJob {
  readonly path: string;
  readonly standard: string;
  readonly fileType: string;
  readonly profile: unknown;
  /** Spec columns to compare with the line before's while reading (RepeatState). */
  readonly repeats?: readonly number[];
  /**
   * When a slot goes over unread (META_RAW): when fewer than this many other slots are full (0: never; -1: every
   * other slot that can, for tests). See reader-client.ts, rawBelow.
   */
  readonly raw?: number;
}

/** How the reading ended: after the last slot, or with a problem of the archive. */
export interface ReaderEnd {
  readonly lines: number;
  readonly bytes: number;
  readonly bomSeen: boolean;
  readonly problem?: { readonly code: string; readonly expected?: string; readonly received?: string };
}

/** Messages to the reader thread: the next file to read (after the previous one's end). */
export type ReaderRequest = { readonly kind: 'job'; readonly job: ReaderJob };

/** Messages from the reader thread: the ring (once, after the header is known), then how it ended. */
export type ReaderMessage =
  | { readonly kind: 'ring'; readonly ring: SharedRing }
  | ({ readonly kind: 'end' } & ReaderEnd);
