/**
 * Watches the reads of a delivery go by (one call per row, on the raw bytes) and remembers which service
 * points do not simply run forward: those with a read that overlaps or repeats an earlier read of the same
 * delivery. Only they need the set-based correction rules; every other read is a plain insert.
 */

const TAB = 0x09;

/** Byte bounds [s, e) of the wanted fields (0-based, ascending) of the row in buf[start, end), pairwise in `out`. */
function fieldBounds(buf: Buffer, start: number, end: number, wanted: readonly number[], out: number[]): void {
  let f = 0;
  let s = start;
  let w = 0;
  while (w < wanted.length) {
    let e = buf.indexOf(TAB, s);
    if (e < 0 || e > end) e = end;
    while (w < wanted.length && wanted[w] === f) {
      out[2 * w] = s;
      out[2 * w + 1] = e;
      w++;
    }
    if (e >= end) break;
    f++;
    s = e + 1;
  }
  for (; w < wanted.length; w++) { out[2 * w] = end; out[2 * w + 1] = end; }
}

/** Day number of 8 ASCII digits yyyyMMdd at buf[s]. */
function dayNumber(buf: Buffer, s: number): number {
  const d = (i: number): number => (buf[s + i] as number) - 48;
  const y = d(0) * 1000 + d(1) * 100 + d(2) * 10 + d(3);
  const m = d(4) * 10 + d(5);
  const day = d(6) * 10 + d(7);
  return Date.UTC(y, m - 1, day) / 86_400_000;
}

function intAt(buf: Buffer, s: number, e: number): number {
  let n = 0;
  for (let i = s; i < e; i++) n = n * 10 + ((buf[i] as number) - 48);
  return n;
}

/** Billed reads: a read is "forward" when it starts after the end of the service point's previous read. */
export class UsageOrder {
  private readonly lastEnd = new Map<string, number>();
  readonly irregular = new Set<string>();
  private readonly wanted: number[];
  private readonly b = [0, 0, 0, 0, 0, 0];

  constructor(spIndex: number, dateToIndex: number, durationIndex: number) {
    this.wanted = [spIndex, dateToIndex, durationIndex];
  }

  row = (buf: Buffer, start: number, end: number): void => {
    const b = this.b;
    fieldBounds(buf, start, end, this.wanted, b);
    const sp = buf.toString('utf8', b[0], b[1]);
    const to = dayNumber(buf, b[2] as number);
    const from = to - intAt(buf, b[4] as number, b[5] as number) + 1;
    const prev = this.lastEnd.get(sp);
    if (prev !== undefined && from <= prev) this.irregular.add(sp);
    if (prev === undefined || to > prev) this.lastEnd.set(sp, to);
  };
}

/** Interval reads: a row is "forward" when its local end is later than the channel's previous row. */
export class IntervalOrder {
  private readonly last = new Map<string, string>();
  readonly irregular = new Set<string>();
  readonly months = new Set<string>();
  private readonly b = new Array<number>(8).fill(0);
  private readonly wanted: number[];

  constructor(spIndex: number, dateIndex: number, timeIndex: number, sqiIndex: number) {
    this.wanted = [spIndex, dateIndex, timeIndex, sqiIndex];
    if (!(spIndex < dateIndex && dateIndex < timeIndex && timeIndex < sqiIndex)) throw new Error('interval columns out of the expected order');
  }

  row = (buf: Buffer, start: number, end: number): void => {
    const b = this.b;
    fieldBounds(buf, start, end, this.wanted, b);
    const sp = buf.toString('utf8', b[0], b[1]);
    const channel = `${sp}\t${buf.toString('utf8', b[6], b[7])}`;
    const when = buf.toString('latin1', b[2], b[3]) + buf.toString('latin1', b[4], b[5]);
    this.months.add(when.slice(0, 6));
    const prev = this.last.get(channel);
    if (prev !== undefined && when <= prev) this.irregular.add(sp);
    if (prev === undefined || when > prev) this.last.set(channel, when);
  };
}
