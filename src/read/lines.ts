/**
 * Byte-level line and field splitting. No string and no object per line: the sink receives the buffer, the
 * line's byte range and the tab positions in a reused Int32Array. Lines are numbered from 1 (the header).
 *
 * Encoding: each block of whole lines is checked with the native `isAscii`/`isUtf8`; only when a block fails
 * are its lines checked one by one, so the invalid line can be named.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import { MAX_LINE_BYTES } from '../spec/common.js';

/** Most fields a line may report positions for; extra tabs are still counted. */
export const MAX_FIELDS = 4096;

export interface LineSink {
  /**
   * One line [start, end) of `buf` without its LF (a trailing CR is already dropped). `tabs[0..min(nTabs,
   * MAX_FIELDS))` are the absolute offsets of its tabs. `flags` has LINE_BAD_UTF8 and LINE_CONTROL_CHAR bits.
   */
  line(buf: Buffer, start: number, end: number, tabs: Int32Array, nTabs: number, lineNo: number, flags: number): void;
  /** A line longer than MAX_LINE_BYTES: reported once, its bytes skipped. */
  overlong(lineNo: number, bytes: number): void;
}

/** Reads a block of whole lines [from, to) after line number `line`; returns the number of its last line. */
export type BlockReader = (buf: Buffer, from: number, to: number, line: number) => number;

export interface FastLane {
  /** For blocks that are valid UTF-8. */
  readonly valid: BlockReader;
  /** For blocks that are not: takes only lines of ASCII bytes; the others go back, to be checked one by one. */
  readonly ascii: BlockReader;
}

/** The line is not valid UTF-8. */
export const LINE_BAD_UTF8 = 1;
/** The line holds a control character other than tab (NUL, a lone CR, …). */
export const LINE_CONTROL_CHAR = 2;

export class LineScanner {
  private readonly tabs = new Int32Array(MAX_FIELDS);
  private carry: Buffer[] = [];
  private carryLen = 0;
  /** Bytes of the line being skipped because it is too long; -1 when not skipping. */
  private skipped = -1;
  private lineNo = 0;
  bomSeen = false;
  /** Total decompressed bytes seen. */
  bytes = 0;

  /**
   * Readers for blocks of whole lines that handle the common row themselves and give the others back through
   * rescanLine (row-reader.ts, compileFastLane).
   */
  fastLane: FastLane | null = null;
  /** Whether the block the fast lane is reading is valid UTF-8 (lines it gives back are checked alike). */
  private blockUtf8Ok = true;

  constructor(private readonly sink: LineSink, readonly maxLine: number = MAX_LINE_BYTES) {}

  /**
   * Scans the one line starting at `from` (in the block the fast lane is reading) the general way, as line
   * number `line`; returns where the next line starts. The fast lane's way back for the lines it does not take.
   */
  rescanLine(buf: Buffer, from: number, line: number): number {
    const lf = buf.indexOf(10, from);
    this.lineNo = line - 1;
    this.scan(buf, from, lf + 1, this.blockUtf8Ok);
    return lf + 1;
  }

  get lines(): number {
    return this.lineNo;
  }

  /** No part of a line is held from the last push: the next push starts with a whole line. */
  get idle(): boolean {
    return this.carryLen === 0 && this.skipped < 0;
  }

  /**
   * Goes on from line `line` with `bytes` bytes counted before, for blocks of whole lines read elsewhere in
   * between (the reader thread's slots): the next line pushed is line + 1. Only when idle.
   */
  continueAt(line: number, bytes: number): void {
    if (!this.idle) throw new Error('continueAt in the middle of a line');
    this.lineNo = line;
    this.bytes = bytes;
  }

  push(chunk: Buffer): void {
    const n = chunk.length;
    if (n === 0) return;
    let pos = 0;
    if (this.bytes === 0 && n >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) {
      this.bomSeen = true;
      pos = 3;
    }
    this.bytes += n;
    if (this.carryLen > 0 || this.skipped >= 0) {
      const lf = chunk.indexOf(10, pos);
      if (lf < 0) {
        this.hold(chunk, pos, n);
        return;
      }
      this.hold(chunk, pos, lf);
      this.flushCarry();
      pos = lf + 1;
    }
    const lastLf = chunk.lastIndexOf(10);
    if (lastLf < pos) {
      this.hold(chunk, pos, n);
      return;
    }
    // [pos, lastLf] holds whole lines only, so no multi-byte character is split at its edges.
    const block = chunk.subarray(pos, lastLf + 1);
    const utf8Ok = isAscii(block) || isUtf8(block);
    if (this.fastLane) {
      this.blockUtf8Ok = utf8Ok;
      this.lineNo = (utf8Ok ? this.fastLane.valid : this.fastLane.ascii)(chunk, pos, lastLf + 1, this.lineNo);
    } else this.scan(chunk, pos, lastLf + 1, utf8Ok);
    if (lastLf + 1 < n) this.hold(chunk, lastLf + 1, n);
  }

  /** Emits the last line when the data does not end with a newline. */
  end(): void {
    if (this.carryLen > 0 || this.skipped >= 0) this.flushCarry();
  }

  private hold(chunk: Buffer, from: number, to: number): void {
    if (to <= from) return;
    if (this.skipped >= 0) {
      this.skipped += to - from;
      return;
    }
    if (this.carryLen + (to - from) > this.maxLine) {
      // Too long: stop keeping its bytes; the line is reported when its end arrives.
      this.skipped = this.carryLen + (to - from);
      this.carry = [];
      this.carryLen = 0;
      return;
    }
    this.carry.push(Buffer.from(chunk.subarray(from, to))); // copy: the chunk's memory is reused upstream
    this.carryLen += to - from;
  }

  private flushCarry(): void {
    if (this.skipped >= 0) {
      this.lineNo++;
      this.sink.overlong(this.lineNo, this.skipped);
      this.skipped = -1;
      return;
    }
    const line = this.carry.length === 1 ? (this.carry[0] as Buffer) : Buffer.concat(this.carry, this.carryLen);
    this.carry = [];
    this.carryLen = 0;
    const utf8Ok = isAscii(line) || isUtf8(line);
    // The carried line may lack its LF (end of data); scan treats [0, len) as one line either way.
    this.scanOne(line, 0, line.length, utf8Ok);
  }

  /** Scans whole lines in [from, to), where buf[to - 1] is LF. */
  private scan(buf: Buffer, from: number, to: number, blockUtf8Ok: boolean): void {
    const tabs = this.tabs;
    const sink = this.sink;
    let lineStart = from;
    let nTabs = 0;
    let ctrl = 0;
    for (let i = from; i < to; i++) {
      const b = buf[i] as number;
      if (b > 31) continue;
      if (b === 9) {
        if (nTabs < MAX_FIELDS) tabs[nTabs] = i;
        nTabs++;
      } else if (b === 10) {
        const end = i > lineStart && buf[i - 1] === 13 ? i - 1 : i;
        this.lineNo++;
        if (end - lineStart > this.maxLine) sink.overlong(this.lineNo, end - lineStart);
        else {
          const bad = blockUtf8Ok || isUtf8(buf.subarray(lineStart, end)) ? 0 : LINE_BAD_UTF8;
          sink.line(buf, lineStart, end, tabs, nTabs, this.lineNo, bad | ctrl);
        }
        lineStart = i + 1;
        nTabs = 0;
        ctrl = 0;
      } else if (!(b === 13 && buf[i + 1] === 10)) ctrl = LINE_CONTROL_CHAR;
    }
  }

  /** Scans one line held in its own buffer, with or without a trailing LF. */
  private scanOne(buf: Buffer, from: number, to: number, utf8Ok: boolean): void {
    let end = to;
    if (end > from && buf[end - 1] === 10) end--;
    if (end > from && buf[end - 1] === 13) end--;
    let nTabs = 0;
    let ctrl = 0;
    for (let i = from; i < end; i++) {
      const b = buf[i] as number;
      if (b > 31) continue;
      if (b === 9) {
        if (nTabs < MAX_FIELDS) this.tabs[nTabs] = i;
        nTabs++;
      } else ctrl = LINE_CONTROL_CHAR;
    }
    this.lineNo++;
    this.sink.line(buf, from, end, this.tabs, nTabs, this.lineNo, (utf8Ok ? 0 : LINE_BAD_UTF8) | ctrl);
  }
}
