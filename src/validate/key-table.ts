/**
 * A compact set of keys, read straight from bytes: each key is a 64-bit fingerprint (two independent 32-bit
 * hashes) in an open-addressing table of typed arrays, and gets a dense index (0, 1, 2, … in order of first
 * sight) that callers use to index their own typed arrays of per-key state. No string and no object per key.
 *
 * Where a key lives: its slot is chosen by a hash of all its bytes but the last, plus the last byte. Keys that
 * differ only in their last byte — ids numbered in sequence, C100000000, C100000001, … — therefore sit in
 * neighbouring slots, and a file that lists them in order touches one cache line for several keys instead of
 * one per key. On the 500 k-row customer file of the benchmark (customer, account and premise ids in sequence)
 * that took the single-threaded file from about 1.50 s to about 1.29 s; keys in random order cost the same as before
 * (docs/performance.md). Neighbours make longer runs of full slots (about 5.5 probes per hit instead of 1.5 for
 * 500 k ids in sequence), but the runs are read in sequence, which costs far less than a cache miss.
 *
 * Memory: 12 bytes per slot, at most 2/3 full and grown by doubling, so 18–36 bytes per key (27 MB per million
 * keys on average); `keepKeys` adds the key bytes plus 4 bytes for when the text is needed again (account ids).
 * The fingerprint is (slot hash, second hash): two different keys share it with probability about n² / 2⁶⁵
 * (3 × 10⁻⁸ for a million keys) — keys with one prefix never share the first half, others do with probability
 * 2⁻³² — and such a pair would be taken for one key. That is the price of not keeping the keys, and it is
 * documented.
 */

import { releaseMemory } from './release.js';

/**
 * The fingerprint being built, in a typed array (a 32-bit value in a plain variable may be boxed): [0] and [1]
 * the two hashes of every byte fed so far, [2] the first hash before the last byte (or separator) fed, [3] that
 * last byte (0x100 for a separator; 0 when nothing was fed).
 */
const H = new Int32Array(4);

/** Starts a fingerprint; feed it with hashBytes/hashSeparator, then call a table's intern()/find(). */
export function hashStart(): void {
  H[0] = 0x811c9dc5 | 0;
  H[1] = 0x5bd1e995 | 0;
  H[2] = H[0] as number;
  H[3] = 0;
}

/** Adds the bytes [s, e) to the current fingerprint. */
export function hashBytes(buf: Uint8Array, s: number, e: number): void {
  if (e <= s) return;
  let a = H[0] as number;
  let b = H[1] as number;
  let c = 0;
  let before = a;
  for (let i = s; i < e; i++) {
    c = buf[i] as number;
    before = a;
    a = Math.imul(a ^ c, 16777619);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 13;
  }
  H[0] = a;
  H[1] = b;
  H[2] = before;
  H[3] = c;
}

/** Adds the bytes [s, e) folded to ASCII upper case (for keys compared without case). */
export function hashBytesUpper(buf: Uint8Array, s: number, e: number): void {
  if (e <= s) return;
  let a = H[0] as number;
  let b = H[1] as number;
  let c = 0;
  let before = a;
  for (let i = s; i < e; i++) {
    c = buf[i] as number;
    if (c >= 97 && c <= 122) c -= 32;
    before = a;
    a = Math.imul(a ^ c, 16777619);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 13;
  }
  H[0] = a;
  H[1] = b;
  H[2] = before;
  H[3] = c;
}

/** Adds a separator between the parts of a composite key (a value no text byte takes). */
export function hashSeparator(): void {
  H[2] = H[0] as number;
  H[3] = 0x100;
  H[0] = Math.imul((H[0] as number) ^ 0x100, 16777619);
  const b = Math.imul((H[1] as number) ^ 0x100, 0x5bd1e995);
  H[1] = b ^ (b >>> 13);
}

/** The current fingerprint's halves (for storing one as a value, e.g. a service point's premise). */
export function hashHigh(): number {
  return fmix(H[0] as number);
}
export function hashLow(): number {
  return fmix((H[1] as number) ^ 0x27d4eb2f);
}

/** The current fingerprint's first half as a table takes it (for internFingerprint and touch). */
export function fingerprintHigh(): number {
  return slotHash();
}

/** The first half of a table's fingerprint, which also picks the slot: neighbours for keys of one prefix. */
function slotHash(): number {
  return (fmix(H[2] as number) + (H[3] as number)) | 0;
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

const utf8 = new TextEncoder();

export class KeyTable {
  /**
   * Slots of three Int32 side by side — fingerprint high, low, index + 1 (0: empty) — so that a probe touches
   * one cache line, not three arrays.
   */
  private slots: Int32Array;
  private mask: number;
  private count = 0;
  /** Whether the last intern() added the key. */
  added = false;
  private keyBytes: Uint8Array;
  private keyEnds: Int32Array;
  private keyUsed = 0;

  constructor(private readonly keepKeys = false, capacity = 1024) {
    let n = 16;
    while (n < capacity) n *= 2;
    this.slots = new Int32Array(n * 3);
    this.mask = n - 1;
    this.keyBytes = new Uint8Array(keepKeys ? 1024 : 0);
    this.keyEnds = new Int32Array(keepKeys ? 64 : 0);
  }

  get size(): number {
    return this.count;
  }

  /** Index of the current fingerprint, or -1. */
  find(): number {
    const a = slotHash();
    const b = fmix((H[1] as number) ^ 0x27d4eb2f);
    const mask = this.mask;
    const t = this.slots;
    for (let p = a & mask; ; p = (p + 1) & mask) {
      const q = p * 3;
      const v = t[q + 2] as number;
      if (v === 0) return -1;
      if (t[q] === a && t[q + 1] === b) return v - 1;
    }
  }

  /** Index of the current fingerprint, adding it when new (then `added` is true). */
  intern(): number {
    return this.internFingerprint(slotHash(), fmix((H[1] as number) ^ 0x27d4eb2f));
  }

  /** intern() of a fingerprint computed before (fingerprintHigh() and hashLow() of the key). */
  internFingerprint(a: number, b: number): number {
    const mask = this.mask;
    const t = this.slots;
    let q = (a & mask) * 3;
    for (let p = a & mask; ; p = (p + 1) & mask) {
      q = p * 3;
      const v = t[q + 2] as number;
      if (v === 0) break;
      if (t[q] === a && t[q + 1] === b) {
        this.added = false;
        return v - 1;
      }
    }
    const index = this.count++;
    t[q] = a;
    t[q + 1] = b;
    t[q + 2] = index + 1;
    this.added = true;
    if (this.count * 3 > (mask + 1) * 2) this.grow();
    return index;
  }

  /** intern() of the bytes [s, e) alone, keeping them when the table keeps keys. */
  internBytes(buf: Uint8Array, s: number, e: number): number {
    hashStart();
    hashBytes(buf, s, e);
    const i = this.intern();
    if (this.added && this.keepKeys) this.keep(buf, s, e);
    return i;
  }

  /** internBytes() with the key's fingerprint computed before. */
  internBytesFingerprint(a: number, b: number, buf: Uint8Array, s: number, e: number): number {
    const i = this.internFingerprint(a, b);
    if (this.added && this.keepKeys) this.keep(buf, s, e);
    return i;
  }

  /**
   * Reads the slot where a fingerprint's search starts, so that its cache line is at hand when the key is
   * interned soon after: a loop of such reads over a block of rows has many cache misses in flight at once,
   * where interning row by row waits for each in turn (checks/customer-entities.ts, `ahead`). What it reads
   * is summed into `touched`, only so that the read is not optimised away.
   */
  touch(a: number): void {
    this.touched = (this.touched + (this.slots[((a & this.mask) * 3) + 2] as number)) | 0;
  }

  /** The sum of what touch() read: meaningless, kept so that its reads are. */
  touched = 0;

  findBytes(buf: Uint8Array, s: number, e: number): number {
    hashStart();
    hashBytes(buf, s, e);
    return this.find();
  }

  /** The same keys given as text (UTF-8, as in the files). */
  internString(key: string): number {
    const b = utf8.encode(key);
    return this.internBytes(b, 0, b.length);
  }

  findString(key: string): number {
    const b = utf8.encode(key);
    return this.findBytes(b, 0, b.length);
  }

  /** Forgets every key and gives the memory back (a check's per-file table, once the file is done). */
  clear(): void {
    this.slots = new Int32Array(16 * 3);
    this.mask = 15;
    this.count = 0;
    this.keyBytes = new Uint8Array(this.keepKeys ? 1024 : 0);
    this.keyEnds = new Int32Array(this.keepKeys ? 64 : 0);
    this.keyUsed = 0;
  }

  /**
   * Makes room for `keys` keys in all in one step (with keepKeys, for their bytes too, at the mean length of
   * the keys so far), so that a table whose final size is known roughly up front is not rebuilt at every
   * doubling: each doubling rehashed every key and touched fresh memory (docs/performance.md, sixth pass).
   * Never shrinks.
   */
  reserve(keys: number): void {
    let n = this.mask + 1;
    while (n * 2 < keys * 3) n *= 2;
    if (n > this.mask + 1) this.rehash(n);
    if (this.keepKeys && keys > this.count) {
      this.keyEnds = reserveInt32(this.keyEnds, keys);
      const bytes = this.count > 0 ? Math.ceil((keys * this.keyUsed * 1.125) / this.count) : 0;
      if (bytes > this.keyBytes.length) {
        const b = new Uint8Array(bytes);
        b.set(this.keyBytes.subarray(0, this.keyUsed));
        this.keyBytes = b;
      }
    }
  }

  /** Set-like use with text keys (outside the hot path). */
  add(key: string): this {
    this.internString(key);
    return this;
  }

  has(key: string): boolean {
    return this.findString(key) >= 0;
  }

  /** The text of key `i` (tables made with keepKeys only). */
  keyAt(i: number): string {
    if (!this.keepKeys || i < 0 || i >= this.count) throw new RangeError(`no key ${i}`);
    const s = i === 0 ? 0 : (this.keyEnds[i - 1] as number);
    return Buffer.from(this.keyBytes.buffer, this.keyBytes.byteOffset + s, (this.keyEnds[i] as number) - s).toString('utf8');
  }

  /** Bytes held, for the memory figures. */
  get memoryBytes(): number {
    return this.slots.byteLength + this.keyBytes.byteLength + this.keyEnds.byteLength;
  }

  private keep(buf: Uint8Array, s: number, e: number): void {
    const n = e - s;
    if (this.keyUsed + n > this.keyBytes.length) {
      const b = new Uint8Array(Math.max(this.keyBytes.length * 2, this.keyUsed + n));
      b.set(this.keyBytes.subarray(0, this.keyUsed));
      this.keyBytes = b;
    }
    // A byte loop, not set(subarray()): keys are short, and a subarray is an object made per key.
    const kb = this.keyBytes;
    const at = this.keyUsed;
    for (let i = 0; i < n; i++) kb[at + i] = buf[s + i] as number;
    this.keyUsed += n;
    const i = this.count - 1;
    if (i >= this.keyEnds.length) this.keyEnds = growInt32(this.keyEnds, i + 1);
    this.keyEnds[i] = this.keyUsed;
  }

  private grow(): void {
    this.rehash((this.mask + 1) * 2);
  }

  /** Moves every key into a table of n slots (a power of two, larger than the count). */
  private rehash(n: number): void {
    const old = this.slots;
    const t = new Int32Array(n * 3);
    const mask = n - 1;
    for (let q = 0; q < old.length; q += 3) {
      const v = old[q + 2] as number;
      if (v === 0) continue;
      const a = old[q] as number;
      let p = a & mask;
      while (t[p * 3 + 2] !== 0) p = (p + 1) & mask;
      t[p * 3] = a;
      t[p * 3 + 1] = old[q + 1] as number;
      t[p * 3 + 2] = v;
    }
    this.slots = t;
    this.mask = mask;
    // The old slots are off the V8 heap, which is too small to be collected soon on its own: collect now, so
    // that a big table's growth does not leave its previous copy (and those of the arrays beside it) resident.
    if (old.byteLength >= 4 * 1024 * 1024) releaseMemory();
  }
}

/** A copy of `a` with room for at least n elements (doubling), new elements set to `fill`. */
export function growInt32(a: Int32Array, n: number, fill = 0): Int32Array<ArrayBuffer> {
  return n <= a.length ? (a as Int32Array<ArrayBuffer>) : reserveInt32(a, Math.max(n, a.length * 2, 16), fill);
}

export function growUint8(a: Uint8Array, n: number, fill = 0): Uint8Array<ArrayBuffer> {
  return n <= a.length ? (a as Uint8Array<ArrayBuffer>) : reserveUint8(a, Math.max(n, a.length * 2, 16), fill);
}

export function growFloat64(a: Float64Array, n: number): Float64Array<ArrayBuffer> {
  if (n <= a.length) return a as Float64Array<ArrayBuffer>;
  const b = new Float64Array(Math.max(n, a.length * 2, 16));
  b.set(a);
  return b;
}

/**
 * A copy of `a` with exactly n elements when n is more than it holds (new elements set to `fill`), else `a`:
 * for making room once for a known number of entries, where doubling would overshoot.
 */
export function reserveInt32(a: Int32Array, n: number, fill = 0): Int32Array<ArrayBuffer> {
  return withRoom(a as Int32Array<ArrayBuffer>, n, fill, (k) => new Int32Array(k));
}

export function reserveUint8(a: Uint8Array, n: number, fill = 0): Uint8Array<ArrayBuffer> {
  return withRoom(a as Uint8Array<ArrayBuffer>, n, fill, (k) => new Uint8Array(k));
}

function withRoom<T extends Int32Array<ArrayBuffer> | Uint8Array<ArrayBuffer>>(a: T, n: number, fill: number, make: (n: number) => T): T {
  if (n <= a.length) return a;
  const b = make(n);
  b.set(a);
  if (fill !== 0) b.fill(fill, a.length);
  return b;
}
