/**
 * Turns the bytes of a validated TSV file into PostgreSQL COPY text: the header is dropped, each row is
 * prefixed with its 1-based line number (the header is line 1), CR is stripped, backslashes are escaped, blank
 * lines are skipped. Chunks hold whole rows, about `chunkBytes` each, so memory stays bounded.
 * `onRow` sees every row's bytes (for order tracking) without copying them.
 */

export interface CopyTextOptions {
  readonly chunkBytes: number;
  readonly onRow?: (buf: Buffer, start: number, end: number) => void;
  /** Written before each row's line number (constant columns such as the utility and the load). */
  readonly prefix?: Buffer;
}

export interface CopyTextStats {
  rows: number;
}

const NL = 0x0a;
const CR = 0x0d;
const BS = 0x5c;
const TAB = 0x09;

export async function* toCopyText(source: AsyncIterable<Buffer>, opts: CopyTextOptions, stats: CopyTextStats): AsyncGenerator<Buffer> {
  let out = Buffer.allocUnsafe(opts.chunkBytes);
  let pos = 0;
  let lineNo = 0;
  let rest: Buffer | undefined;
  const onRow = opts.onRow;
  const prefix = opts.prefix ?? Buffer.alloc(0);

  for await (const chunk of withFinalNewline(source)) {
    const buf = rest ? Buffer.concat([rest, chunk]) : chunk;
    rest = undefined;
    let start = 0;
    let nextBs = buf.indexOf(BS);
    for (;;) {
      const nl = buf.indexOf(NL, start);
      if (nl < 0) break;
      lineNo++;
      let end = nl;
      if (end > start && buf[end - 1] === CR) end--;
      if (lineNo > 1 && end > start) {
        // Worst case every byte is a backslash; 12 bytes for the line number, tab and newline.
        const need = 2 * (end - start) + 12 + prefix.length;
        if (pos + need > out.length) {
          if (pos > 0) yield out.subarray(0, pos);
          out = Buffer.allocUnsafe(Math.max(opts.chunkBytes, need));
          pos = 0;
        }
        if (prefix.length > 0) pos += prefix.copy(out, pos);
        pos = writeInt(out, pos, lineNo);
        out[pos++] = TAB;
        if (nextBs >= 0 && nextBs < start) nextBs = buf.indexOf(BS, start);
        if (nextBs >= 0 && nextBs < end) {
          for (let i = start; i < end; i++) {
            const b = buf[i] as number;
            if (b === BS) out[pos++] = BS;
            out[pos++] = b;
          }
          nextBs = buf.indexOf(BS, end);
        } else {
          pos += buf.copy(out, pos, start, end);
        }
        out[pos++] = NL;
        stats.rows++;
        if (onRow) onRow(buf, start, end);
      }
      start = nl + 1;
    }
    if (start < buf.length) rest = Buffer.from(buf.subarray(start));
  }
  if (pos > 0) yield out.subarray(0, pos);
}

/** A file whose last line has no newline still ends with a row. */
async function* withFinalNewline(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let last: number | undefined;
  for await (const c of source) {
    if (c.length === 0) continue;
    last = c[c.length - 1];
    yield c;
  }
  if (last !== undefined && last !== NL) yield Buffer.from('\n');
}

function writeInt(out: Buffer, pos: number, n: number): number {
  const s = String(n);
  for (let i = 0; i < s.length; i++) out[pos + i] = s.charCodeAt(i);
  return pos + s.length;
}
