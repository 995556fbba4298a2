/**
 * Which interval slots each channel has already sent: one bit per slot, in blocks of 256 slots allocated from
 * one shared arena as a channel's reads advance. A block remembers its first slot and the channel's previous
 * block, so a backward look (a correction or a read out of order) walks back from the channel's newest block;
 * a long silence between reads allocates nothing.
 *
 * Memory: a block is 8 words (32 bytes) plus 8 bytes of header, i.e. about 1.25 bits per slot that lies in a
 * block: ~160 kB per million in-order reads; a channel with a single day of 15-minute reads holds one block.
 */

const SLOTS = 256;
const WORDS = SLOTS / 32;

export class SlotBitmaps {
  private words = new Int32Array(WORDS * 1024);
  private blockStart = new Int32Array(1024);
  private blockPrev = new Int32Array(1024);
  private blocks = 0;
  /** Per channel: its newest block (-1: none) and its first slot. */
  private tail = new Int32Array(1024).fill(-1);
  private origin = new Int32Array(1024);

  /** Makes room for channel `ch` (channels are numbered 0, 1, 2, … in order of first appearance). */
  addChannel(ch: number): void {
    if (ch >= this.tail.length) {
      const n = Math.max(ch + 1, this.tail.length * 2);
      const t = new Int32Array(n).fill(-1);
      t.set(this.tail);
      this.tail = t;
      const o = new Int32Array(n);
      o.set(this.origin);
      this.origin = o;
    }
    this.tail[ch] = -1;
  }

  /** Whether channel `ch` has sent slot `s`. */
  has(ch: number, s: number): boolean {
    let b = this.tail[ch] as number;
    while (b >= 0 && (this.blockStart[b] as number) > s) b = this.blockPrev[b] as number;
    if (b < 0) return false;
    const off = s - (this.blockStart[b] as number);
    if (off >= SLOTS) return false;
    return ((this.words[b * WORDS + (off >>> 5)] as number) & (1 << (off & 31))) !== 0;
  }

  /**
   * Records slot `s` for channel `ch`; returns false when it was already recorded. Slots before the channel's
   * first block are not recorded (they are out of order by definition) and return true.
   */
  add(ch: number, s: number): boolean {
    let b = this.tail[ch] as number;
    if (b < 0) {
      this.origin[ch] = s;
      b = this.newBlock(ch, s, -1);
    } else if (s >= (this.blockStart[b] as number) + SLOTS) {
      // Blocks stay aligned to the channel's first slot so that one slot always has one home.
      const o = this.origin[ch] as number;
      b = this.newBlock(ch, o + Math.floor((s - o) / SLOTS) * SLOTS, b);
    } else {
      while (b >= 0 && (this.blockStart[b] as number) > s) b = this.blockPrev[b] as number;
      if (b < 0) return true;
      if (s - (this.blockStart[b] as number) >= SLOTS) {
        // Inside a silence between two blocks: splice a block in after `b`.
        b = this.spliceAfter(ch, b, s);
      }
    }
    const off = s - (this.blockStart[b] as number);
    const i = b * WORDS + (off >>> 5);
    const bit = 1 << (off & 31);
    const w = this.words[i] as number;
    if ((w & bit) !== 0) return false;
    this.words[i] = w | bit;
    return true;
  }

  /** Frees everything (end of file). */
  clear(): void {
    this.words = new Int32Array(0);
    this.blockStart = new Int32Array(0);
    this.blockPrev = new Int32Array(0);
    this.tail = new Int32Array(0);
    this.origin = new Int32Array(0);
    this.blocks = 0;
  }

  private newBlock(ch: number, start: number, prev: number): number {
    const b = this.alloc(start, prev);
    this.tail[ch] = b;
    return b;
  }

  private spliceAfter(ch: number, b: number, s: number): number {
    const o = this.origin[ch] as number;
    const start = o + Math.floor((s - o) / SLOTS) * SLOTS;
    // Find the block that currently follows `b` and relink it behind the new one.
    let next = this.tail[ch] as number;
    while (next >= 0 && this.blockPrev[next] !== b) next = this.blockPrev[next] as number;
    const nb = this.alloc(start, b);
    if (next >= 0) this.blockPrev[next] = nb;
    return nb;
  }

  private alloc(start: number, prev: number): number {
    const b = this.blocks++;
    if (b >= this.blockStart.length) {
      const n = this.blockStart.length * 2;
      const s = new Int32Array(n);
      s.set(this.blockStart);
      this.blockStart = s;
      const p = new Int32Array(n);
      p.set(this.blockPrev);
      this.blockPrev = p;
      const w = new Int32Array(n * WORDS);
      w.set(this.words);
      this.words = w;
    }
    this.blockStart[b] = start;
    this.blockPrev[b] = prev;
    return b;
  }
}
