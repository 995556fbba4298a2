/**
 * Validates one file: name, archive, encoding, header, row shape, every field, and the row checks of its file
 * type. One short loop; no object per row. Everything the file teaches about the delivery goes into the
 * shared DeliveryState for the files that follow.
 */
import { basename } from 'node:path';
import { CATALOGUE } from '../checks/catalogue.js';
import { ROW_CHECKS } from '../checks/index.js';
import type { CheckContext, FileSetup, RowBlock, RowCheckInstance, RowView } from '../checks/types.js';
import { CsvLineScanner, LINE_BAD_QUOTE } from '../read/csv-lines.js';
import { ArchiveError, archiveProblem, LINE_BAD_UTF8, LINE_CONTROL_CHAR, LineScanner, MAX_FIELDS, openSource, type LineSink } from '../read/index.js';
import { pumpChunks } from '../read/pump.js';
import type { ReportFile } from '../report/types.js';
import { parseFileName, type ParsedFileName } from '../spec/file-name.js';
import { findStandard } from '../spec/registry.js';
import type { UtilityProfile } from '../spec/profile.js';
import type { StandardSpec } from '../spec/types.js';
import { codeIndex, FileIssues, maskValue, type Occurrence } from './collector.js';
import { compileColumns, type ColumnReader } from './columns.js';
import type { DeliveryState } from './delivery-state.js';
import { checkHeader, splitHeaderLine } from './header.js';
import { rawBelow, ReaderThread, readerThreadWanted, type ReaderPool } from './reader-client.js';
import { compileFastLane, compileRowReader, RepeatState, REPEAT_SAME, REPEAT_UNKNOWN, type RowFieldReader } from './row-reader.js';
import { META_BYTES_HI, META_BYTES_LO, META_FIRST_LINE, META_LAST, META_LENGTH, META_RAW, META_RECORDS, REC_LINE, REC_OVERLONG, REC_ROW, slotLines, slotView, type SlotView } from './row-slots.js';

const K = {
  required: codeIndex('FIELD_REQUIRED'),
  nullToken: codeIndex('FIELD_NULL_TOKEN'),
  tooFew: codeIndex('ROW_TOO_FEW_FIELDS'),
  tooMany: codeIndex('ROW_TOO_MANY_FIELDS'),
  blank: codeIndex('ROW_BLANK'),
  badUtf8: codeIndex('ENCODING_INVALID_UTF8'),
  control: codeIndex('FIELD_CONTROL_CHARACTER'),
  tooLong: codeIndex('LINE_TOO_LONG'),
  bom: codeIndex('ENCODING_BOM'),
  badDate: codeIndex('FIELD_BAD_DATE'),
  empty: codeIndex('FILE_EMPTY'),
  noRows: codeIndex('FILE_NO_ROWS'),
  ratio: codeIndex('FILE_DECOMPRESSION_RATIO'),
  truncated: codeIndex('REPORT_TRUNCATED'),
  standardUnknown: codeIndex('FILE_STANDARD_UNKNOWN'),
  badQuote: codeIndex('ROW_BAD_QUOTE'),
};

const SEVERITY = CATALOGUE.map((d) => d.severity);
const ROW_CODES = { required: K.required, nullToken: K.nullToken, badDate: K.badDate };

/** Stop reading when the data expands more than this many times its size on disk (past 256 MiB). */
export const MAX_EXPANSION = 200;
const EXPANSION_FLOOR = 256 * 1024 * 1024;
/** Lines read before the checks are told how many rows to expect (their mean length is then a fair guess). */
const EXPECT_AFTER_LINES = 64;
/** Decompressed bytes waiting to be scanned: the stream pauses above HIGH and resumes below LOW. */
const QUEUE_HIGH = 16 * 1024 * 1024;
const QUEUE_LOW = 4 * 1024 * 1024;

export interface FileRunOptions {
  readonly path: string;
  readonly displayName: string;
  readonly forcedStandard: StandardSpec | undefined;
  readonly profile: UtilityProfile;
  readonly delivery: DeliveryState;
  readonly issues: (name: string, fileType: string | undefined) => FileIssues;
  readonly showPii: boolean;
  readonly onProgress?: ((bytes: number) => void) | undefined;
  readonly drain?: (() => Promise<void>) | undefined;
  /** The delivery's reader thread, kept from one file to the next (reader-client.ts). */
  readonly readerPool?: ReaderPool | undefined;
}

export interface FileResult {
  readonly file: ReportFile;
  readonly parsed: ParsedFileName;
  readonly truncated: string[];
}

export async function validateFile(o: FileRunOptions): Promise<FileResult> {
  const name = o.displayName;
  const { parsed, problems: nameProblems } = parseFileName(basename(name), o.forcedStandard);
  const standard = parsed.standard;
  const fileType = parsed.fileType;
  const issues = o.issues(name, fileType?.id);
  const truncated: string[] = [];
  const fileLevel = (code: string, p: Omit<Occurrence, 'line'> = {}) => issues.add(codeIndex(code), -1, undefined, p);
  for (const p of nameProblems) fileLevel(p.code, p);

  const src = await openSource(o.path, true);
  // A standard whose documented extension is uncompressed (unsubscribe: .csv) draws no FILE_UNCOMPRESSED warning.
  const plainIsDocumented = standard?.fileName.extensions.includes(parsed.extension ?? '') === true;
  for (const p of src.problems) if (!(p.code === 'FILE_UNCOMPRESSED' && plainIsDocumented)) fileLevel(p.code, p);
  const fileBase = {
    name,
    ...(standard ? { standard: standard.id } : {}),
    ...(fileType ? { fileType: fileType.id } : {}),
    ...(parsed.stamp ? { stamp: parsed.stamp } : {}),
    ...(parsed.intervalMinutes !== undefined ? { intervalMinutes: parsed.intervalMinutes } : {}),
    bytes: src.bytes,
    compression: src.compression,
  };
  if (!standard || !fileType) {
    src.stream?.destroy();
    if (!nameProblems.some((p) => p.code === 'FILE_TYPE_UNKNOWN' || p.code === 'FILE_TYPE_DEPRECATED')) fileLevel('FILE_STANDARD_UNKNOWN', { received: '' });
    truncated.push(`${name}: the file's standard and type are unknown, so its rows were not checked.`);
    return { parsed, truncated, file: { ...fileBase, rows: 0, uncompressedBytes: 0, errors: issues.errors, warnings: issues.warnings } };
  }
  if (!src.stream) {
    return { parsed, truncated, file: { ...fileBase, rows: 0, uncompressedBytes: 0, errors: issues.errors, warnings: issues.warnings } };
  }

  const readers = compileColumns(fileType, o.profile, standard.id);
  const nCols = readers.length;
  // Field offsets, values and flags of the current row and the one before it, per spec column (after the header
  // mapping): two rows side by side, the current one at base B, the previous one in the other half. After each
  // row the two swap places (RB[0] says where the next row goes), so the previous row is kept without copying.
  const localFs = new Int32Array(2 * nCols);
  const localFe = new Int32Array(2 * nCols);
  const localVals = new Float64Array(2 * nCols);
  const localOk = new Uint8Array(2 * nCols);
  // Per repeat column (RepeatState): whether the fast lane found the field equal to the line before's.
  const localSame = new Uint8Array(2 * nCols);
  // The arrays the current row is in: the local ones, or a slot's of the reader thread (useArrays).
  let fs: Int32Array = localFs;
  let fe: Int32Array = localFe;
  let vals: Float64Array = localVals;
  let okFlags: Uint8Array = localOk;
  let same: Uint8Array = localSame;
  const RB = new Int32Array(1);
  let B = 0;
  // The row before the current one, for sameAsPrevious: its buffer (null: none to compare with), arrays and base.
  let prevBuf: Buffer | null = null;
  let prevFs: Int32Array = localFs;
  let prevFe: Int32Array = localFe;
  let prevBase = 0;
  let positions: Int32Array = new Int32Array(nCols).map((_, i) => i);
  let headerFields = nCols;
  let rowBuf: Buffer = Buffer.alloc(0);
  let line = 0;
  let dataRows = 0;
  const keyCols = fileType.keyColumns.map((k) => fileType.columns.findIndex((c) => c.name === k)).filter((i) => i >= 0);

  const colIndex = (n: string) => fileType.columns.findIndex((c) => c.name === n);
  const setup: FileSetup = { standard, fileType, profile: o.profile, delivery: o.delivery, intervalMinutes: parsed.intervalMinutes, col: colIndex };
  const checks: RowCheckInstance[] = [];
  for (const c of ROW_CHECKS) {
    const inst = c.forFile(setup);
    if (inst) checks.push(inst);
  }
  /** The checks that look a slot's keys up ahead of its rows (reader thread only), and the slot's row bases. */
  const aheadChecks = checks.filter((c) => c.ahead !== undefined);
  let aheadBases = new Int32Array(0);
  /** Columns some check asks sameAsPrevious of on every row: the fast lane compares them as it reads them. */
  const repeatCols = [...new Set(checks.flatMap((c) => c.repeats ?? []))].filter((c) => c >= 0 && c < nCols).sort((a, b) => a - b);

  const runChecks = compileCheckRunner(checks);
  const text = (c: number): string => (fs[B + c] as number) < 0 ? '' : rowBuf.toString('utf8', fs[B + c], fe[B + c]);
  const shown = (c: number): string => {
    const v = text(c);
    return readers[c]?.pii && !o.showPii ? maskValue(v) : v;
  };
  const rowKey = (): string => keyCols.map((c) => ((readers[c] as ColumnReader).pii && !o.showPii ? maskValue(text(c)) : text(c))).join('|');

  // Data properties only, set per row in checkRow: an object literal with a getter is made in dictionary mode,
  // and every load from it in the checks (r.base, r.flags, r.values, … on every row) was then a hash look-up in
  // V8's generic load builtin (LoadIC): 9 % of all CPU samples on the interval file (docs/performance.md).
  const view: { -readonly [K in keyof RowView]: RowView[K] } = {
    line: 0,
    base: 0,
    starts: fs,
    ends: fe,
    values: vals,
    flags: okFlags,
    ok: (c) => c >= 0 && okFlags[B + c] === 1,
    empty: (c) => c < 0 || fs[B + c] === fe[B + c],
    num: (c) => vals[B + c] as number,
    str: text,
    key: (c) => (fs[B + c] as number) < 0 ? '' : rowBuf.toString('latin1', fs[B + c], fe[B + c]),
    sameAsPrevious(c) {
      // A repeat column of a row the fast lane read: it compared the field while reading it.
      const g = same[B + c] as number;
      if (g !== REPEAT_UNKNOWN) return g === REPEAT_SAME;
      if (!prevBuf) return false;
      const s = fs[B + c] as number;
      const e = fe[B + c] as number;
      const ps = prevFs[prevBase + c] as number;
      const n = e - s;
      if (n !== (prevFe[prevBase + c] as number) - ps) return false;
      for (let i = 0; i < n; i++) if (rowBuf[s + i] !== prevBuf[ps + i]) return false;
      return true;
    },
    rowKey,
    buf: rowBuf,
    start: (c) => (c < 0 ? -1 : (fs[B + c] as number)),
    end: (c) => (c < 0 ? -1 : (fe[B + c] as number)),
  };

  const ctx: CheckContext = {
    report(code, col, occ) {
      if (!issues.wants(code, col)) return issues.add(code, col, readers[col]?.name, null);
      const extra = occ ? occ() : {};
      issues.add(code, col, readers[col]?.name, { line, key: rowKey(), value: col >= 0 && extra.value === undefined ? shown(col) : extra.value, ...stripValue(extra) });
    },
    reportAt(code, col, at, occ) {
      if (!issues.wants(code, col)) return issues.add(code, col, readers[col]?.name, null);
      issues.add(code, col, readers[col]?.name, { line: at, ...occ() });
    },
  };

  const reportField = (code: number, c: number, expected?: string) => {
    if (!issues.wants(code, c)) return issues.add(code, c, (readers[c] as ColumnReader).name, null);
    issues.add(code, c, (readers[c] as ColumnReader).name, { line, value: shown(c), key: rowKey(), expected: expected ?? (readers[c] as ColumnReader).expected });
  };
  const reportRow = (code: number, occ: Omit<Occurrence, 'line'>) => {
    if (!issues.wants(code, -1)) return issues.add(code, -1, undefined, null);
    issues.add(code, -1, undefined, { line, ...occ });
  };

  let headerSeen = false;
  let readRow: RowFieldReader = compileRowReader(readers, positions, headerFields, false, ROW_CODES, SEVERITY, reportField);
  // Comma-separated standards get the quote-aware splitter; it reports comma offsets where tabs would be.
  const csv = fileType.delimiter === ',';
  const sink: LineSink = {
    line(buf, start, end, tabs, nTabs, lineNo, flags) {
      line = lineNo;
      if (!headerSeen) {
        headerSeen = true;
        const header = splitHeaderLine(buf.toString('utf8', start, end), csv);
        const mapping = checkHeader(header, fileType.columns);
        positions = mapping.positions;
        headerFields = header.length;
        readRow = compileRowReader(readers, positions, headerFields, csv, ROW_CODES, SEVERITY, reportField);
        // Tab-separated rows that need no diagnostic are read by one generated loop (compileLineReader);
        // INTAKE_FAST_LANE=0 sends every line the general way (for measuring, and for tests comparing the two).
        if (process.env.INTAKE_FAST_LANE !== '0' && scanner instanceof LineScanner) {
          scanner.fastLane = compileFastLane(readers, positions, headerFields, scanner.maxLine, { fs: localFs, fe: localFe, vals: localVals, ok: localOk, base: RB, same: localSame }, slowLine, rowRead, new RepeatState(repeatCols));
        }
        for (const p of mapping.problems) issues.add(codeIndex(p.code), -1, undefined, { line: 1, ...(p.expected !== undefined ? { expected: p.expected } : {}), ...(p.received !== undefined ? { received: p.received, value: p.received } : {}) });
        if (flags & LINE_BAD_UTF8) reportRow(K.badUtf8, { value: buf.toString('utf8', start, end).slice(0, 80) });
        return;
      }
      dataRows++;
      rowBuf = buf;
      if (end === start) {
        reportRow(K.blank, {});
        return;
      }
      const nFields = nTabs + 1;
      if (flags & LINE_BAD_UTF8) {
        reportRow(K.badUtf8, { value: buf.toString('utf8', start, Math.min(end, start + 120)) });
      }
      if (flags & LINE_BAD_QUOTE) {
        reportRow(K.badQuote, { value: buf.toString('utf8', start, Math.min(end, start + 120)) });
        return;
      }
      if (nFields !== headerFields) {
        reportRow(nFields < headerFields ? K.tooFew : K.tooMany, { expected: String(headerFields), received: String(nFields) });
        return;
      }
      useArrays(localFs, localFe, localVals, localOk, localSame);
      B = RB[0] as number;
      readRow(buf, start, end, tabs, localFs, localFe, localVals, localOk, B);
      for (let k = 0; k < repeatCols.length; k++) localSame[B + (repeatCols[k] as number)] = REPEAT_UNKNOWN;
      if (flags & LINE_CONTROL_CHAR) {
        for (let c = 0; c < nCols; c++) {
          for (let i = localFs[B + c] as number; i < (localFe[B + c] as number); i++) {
            const b = buf[i] as number;
            if (b < 32 && b !== 9) {
              reportField(K.control, c, 'no control characters');
              break;
            }
          }
        }
      }
      checkRow(buf, B);
      RB[0] = nCols - B;
    },
    overlong(lineNo, bytes) {
      line = lineNo;
      if (!headerSeen) headerSeen = true;
      else dataRows++;
      reportRow(K.tooLong, { expected: String(1024 * 1024), received: `${bytes} bytes` });
    },
  };
  const scanner = new (csv ? CsvLineScanner : LineScanner)(sink);
  // The fast lane's two ends: a line it does not take goes through the sink above; a row it read runs the checks.
  const slowLine = (buf: Buffer, from: number, lineNo: number): number => (scanner as LineScanner).rescanLine(buf, from, lineNo);
  const rowRead = (buf: Buffer, lineNo: number, b: number): void => {
    takeRow(buf, lineNo, b);
    RB[0] = nCols - b;
  };

  /** Runs the checks on the row at base b of the current arrays, then keeps it as the previous row. */
  function checkRow(buf: Buffer, b: number): void {
    B = b;
    view.base = b;
    view.line = line;
    // Objects are stored only when they change (once a slot or chunk, not once a row): every store of an object
    // goes through V8's write barrier, whose slow path showed in the usage file's profile (~2 % of the thread).
    if (view.buf !== rowBuf) view.buf = rowBuf;
    runChecks(view, ctx);
    if (prevBuf !== buf) prevBuf = buf;
    if (prevFs !== fs) prevFs = fs;
    if (prevFe !== fe) prevFe = fe;
    prevBase = b;
  }

  /** A row read without a word (the fast lane's, here or in the reader thread): counted, then checked. */
  function takeRow(buf: Buffer, lineNo: number, b: number): void {
    line = lineNo;
    dataRows++;
    if (rowBuf !== buf) rowBuf = buf;
    checkRow(buf, b);
  }

  /** Points the current row (and the view) at a set of row arrays: the local ones or a reader slot's. */
  function useArrays(a: Int32Array, b: Int32Array, c: Float64Array, d: Uint8Array, e: Uint8Array): void {
    fs = a;
    fe = b;
    vals = c;
    okFlags = d;
    same = e;
    view.starts = a;
    view.ends = b;
    view.values = c;
    view.flags = d;
  }

  // What reading found out, from the scanner here or from the reader thread.
  let linesRead = 0;
  let bytesRead = 0;
  let bomSeen = false;
  const threaded = !csv && findStandard(standard.id) === standard && readerThreadWanted(standard.id, fileType.id, src.bytes);

  /** Whether the checks were told how many rows to expect (once, early: expectRows). */
  let expectTold = !checks.some((c) => c.expect !== undefined) || !((src.expectedBytes ?? 0) > 0);

  let slotLineBytes = 0;
  /** Lines of the slots the reader thread handed over unread, read here (readRawSlot). */
  let rawLines = 0;
  let stopped = false;
  try {
    if (threaded) {
      src.stream.destroy();
      await readThreaded();
    } else {
      try {
        await readHere(src.stream);
        if (!stopped) scanner.end();
      } finally {
        linesRead = scanner.lines;
        bytesRead = scanner.bytes;
        bomSeen = scanner.bomSeen;
      }
    }
  } catch (err) {
    const p = archiveProblem(err);
    issues.add(codeIndex(p.code), -1, undefined, { ...p, detail: `${CATALOGUE[codeIndex(p.code)]!.template.replace('{received}', p.received ?? '').replace('{expected}', p.expected ?? '')} (after line ${linesRead})` });
    truncated.push(`${name}: reading stopped at line ${linesRead}: ${p.received ?? p.code}.`);
    stopped = true;
  }

  /**
   * Reads through the reader thread (reader-thread.ts): it decompresses, finds the lines and reads the clean
   * rows into shared slots; here each slot's rows go through the checks, and its other lines through the sink
   * above, in file order. Throws the archive's problem, as reading here does.
   */
  async function readThreaded(): Promise<void> {
    const reader = new ReaderThread({ path: o.path, standard: standard!.id, fileType: fileType!.id, profile: o.profile, repeats: repeatCols, raw: rawBelow(standard!.id, fileType!.id) }, o.readerPool);
    try {
      const ring = await reader.ring;
      if (ring) {
        const views = ring.slots.map(slotView);
        const state = new Int32Array(ring.state);
        const tabs = new Int32Array(MAX_FIELDS);
        let sinceDrain = 0;
        let bytesBefore = 0;
        for (let cur = 0; ; cur = (cur + 1) % views.length) {
          await reader.full(state, cur);
          const slot = views[cur] as SlotView;
          const meta = slot.meta;
          const last = meta[META_LAST] === 1;
          const bytes = (meta[META_BYTES_HI] as number) * 1048576 + (meta[META_BYTES_LO] as number);
          linesRead = (meta[META_RAW] === 1 ? readRawSlot(slot, bytes) : readSlot(slot, tabs)) - 1;
          if (!expectTold) {
            // Slots hold whole lines only: the bytes they held over their lines give the mean length.
            slotLineBytes += meta[META_LENGTH] as number;
            expectRows(slotLineBytes, linesRead);
          }
          reader.release(state, cur);
          if (last) break;
          sinceDrain += bytes - bytesBefore;
          bytesBefore = bytes;
          bytesRead = bytes;
          if (afterChunk(bytes)) return;
          if (sinceDrain > 8 * 1024 * 1024) {
            sinceDrain = 0;
            o.onProgress?.(bytes);
            if (o.drain) await o.drain();
          }
        }
      }
      const end = await reader.end;
      linesRead = end.lines + rawLines;
      bytesRead = end.bytes;
      bomSeen = end.bomSeen;
      if (end.problem) throw new ArchiveError(end.problem);
    } finally {
      await reader.stop();
    }
  }

  /** One slot of the reader thread: its rows through the checks, its other lines through the sink. Returns the next line's number. */
  function readSlot(slot: SlotView, tabs: Int32Array): number {
    const rec = slot.records;
    const n = slot.meta[META_RECORDS] as number;
    const buf = slotLines(slot);
    // The thread numbers lines without those of the slots it handed over unread (rawLines).
    let lineNo = (slot.meta[META_FIRST_LINE] as number) + rawLines;
    if (aheadChecks.length > 0) {
      // The slot's rows, for the checks that look their keys up ahead (RowCheckInstance.ahead).
      if (aheadBases.length < n) aheadBases = new Int32Array(n);
      let count = 0;
      for (let r = 0; r < n; r++) if (((rec[3 * r] as number) & 15) === REC_ROW) aheadBases[count++] = rec[3 * r + 1] as number;
      const block: RowBlock = { buf, starts: slot.fs, ends: slot.fe, flags: slot.ok, bases: aheadBases, count, columns: nCols };
      for (const c of aheadChecks) c.ahead?.(block);
    }
    // The row before this slot's first is in a slot the thread may be filling again: nothing to compare with.
    prevBuf = null;
    for (let r = 0; r < n; r++, lineNo++) {
      const kind = (rec[3 * r] as number) & 15;
      if (kind === REC_ROW) {
        const b = rec[3 * r + 1] as number;
        if (fs !== slot.fs) useArrays(slot.fs, slot.fe, slot.vals, slot.ok, slot.same);
        takeRow(buf, lineNo, b);
      } else if (kind === REC_LINE) {
        const s = rec[3 * r + 1] as number;
        const e = rec[3 * r + 2] as number;
        let nTabs = 0;
        for (let i = s; i < e; i++) {
          if (buf[i] === 9) {
            if (nTabs < MAX_FIELDS) tabs[nTabs] = i;
            nTabs++;
          }
        }
        sink.line(buf, s, e, tabs, nTabs, lineNo, (rec[3 * r] as number) >> 4);
      } else if (kind === REC_OVERLONG) sink.overlong(lineNo, rec[3 * r + 1] as number);
    }
    return lineNo;
  }

  /**
   * Tells the checks about how many rows are still to come, once the first lines give their mean length: the
   * container's stated size over that length, less the lines read (`lineBytes`, `lines`: what the lines read so
   * far span, header included). A hint only: a wrong one costs memory or a few doublings, never a finding.
   */
  function expectRows(lineBytes: number, lines: number): void {
    if (lines <= EXPECT_AFTER_LINES || lineBytes <= 0) return;
    expectTold = true;
    const rows = Math.floor((src.expectedBytes as number) / (lineBytes / lines)) - lines;
    if (rows > 0) for (const c of checks) c.expect?.(rows);
  }

  /**
   * A slot the thread handed over unread (META_RAW): its whole lines through this thread's own scanner and fast
   * lane, as when reading here, numbered after the lines before. Returns the next line's number.
   */
  function readRawSlot(slot: SlotView, bytesBefore: number): number {
    const first = (slot.meta[META_FIRST_LINE] as number) + rawLines;
    const length = slot.meta[META_LENGTH] as number;
    useArrays(localFs, localFe, localVals, localOk, localSame);
    prevBuf = null;
    (scanner as LineScanner).continueAt(first - 1, bytesBefore);
    scanner.push(slotLines(slot).subarray(0, length));
    rawLines += scanner.lines - (first - 1);
    return scanner.lines + 1;
  }

  /** After each chunk: the expansion limit, progress and the caller's drain. True: stop reading. */
  function afterChunk(bytesSoFar: number): boolean {
    if (bytesSoFar > EXPANSION_FLOOR && bytesSoFar > MAX_EXPANSION * Math.max(src.bytes, 1)) {
      issues.add(K.ratio, -1, undefined, { expected: String(MAX_EXPANSION), received: `${Math.round(bytesSoFar / Math.max(src.bytes, 1))}× after ${Math.round(bytesSoFar / 1048576)} MiB` });
      truncated.push(`${name}: reading stopped after ${Math.round(bytesSoFar / 1048576)} MiB because the data expands more than ${MAX_EXPANSION} times.`);
      stopped = true;
      return true;
    }
    return false;
  }

  /** Decompresses, scans and validates the stream's chunks here (read/pump.ts: one chunk per turn of the loop). */
  function readHere(stream: NodeJS.ReadableStream & { destroy(): void }): Promise<void> {
    return pumpChunks(stream, {
      high: QUEUE_HIGH,
      low: QUEUE_LOW,
      chunk(chunk) {
        scanner.push(chunk);
        // The previous row's bytes live in the chunk: keep a reference to them only within a chunk.
        prevBuf = null;
        // The chunk's lines but the last, unfinished one: about what the bytes so far hold.
        if (!expectTold) expectRows(scanner.bytes, scanner.lines);
        return afterChunk(scanner.bytes);
      },
      every: {
        bytes: 8 * 1024 * 1024,
        run: async () => {
          o.onProgress?.(scanner.bytes);
          if (o.drain) await o.drain();
        },
      },
    });
  }
  if (bomSeen) issues.add(K.bom, -1, undefined, {});
  if (linesRead === 0 && !stopped) issues.add(K.empty, -1, undefined, {});
  else if (dataRows === 0 && !stopped) issues.add(K.noRows, -1, undefined, {});
  if (!stopped) for (const c of checks) c.end?.(ctx);
  else if (checks.length > 0) truncated.push(`${name}: checks across rows were not completed because reading stopped early.`);
  if (truncated.length > 0) issues.add(K.truncated, -1, undefined, { received: truncated.join(' ') });

  return {
    parsed,
    truncated,
    file: { ...fileBase, rows: dataRows, uncompressedBytes: bytesRead, errors: issues.errors, warnings: issues.warnings },
  };
}

function stripValue(o: Omit<Occurrence, 'line'>): Omit<Occurrence, 'line' | 'value'> {
  const { value: _v, ...rest } = o;
  return rest;
}

/**
 * One call site per check instead of a loop over them: the loop's one call site sees every check's row function
 * and V8 inlines none of them; unrolled, each site sees one function.
 */
function compileCheckRunner(checks: readonly RowCheckInstance[]): (view: RowView, ctx: CheckContext) => void {
  const names = checks.map((_, i) => `c${i}`);
  const body = `return function runChecks(view, ctx) {\n${names.map((n) => `  ${n}.row(view, ctx);`).join('\n')}\n};`;
  return (new Function(...names, body) as (...c: RowCheckInstance[]) => (view: RowView, ctx: CheckContext) => void)(...checks);
}
