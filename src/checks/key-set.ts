/**
 * A set of row keys that remembers the line each key was first seen on, at about 24 bytes per key and no
 * object per key: every key is reduced to two independent 32-bit hashes (FNV-1a and a multiply-rotate hash)
 * kept in open-addressing typed arrays. Two different keys share both hashes with a probability near n²/2⁶⁵
 * (about 10⁻⁶ for five million keys), which is the price of not keeping the keys themselves.
 */
export class KeyLineSet {
  private h1 = new Int32Array(1024);
  private h2 = new Int32Array(1024);
  /** Line of the first occurrence; 0 marks an empty slot (data lines start at 2). */
  private lines = new Int32Array(1024);
  private used = 0;

  get size(): number {
    return this.used;
  }

  /** Adds the key made of `parts` at `line`; returns the line it was first seen on, or 0 when it is new. */
  addParts(parts: readonly string[], line: number): number {
    let a = 0x811c9dc5;
    let b = 0x9747b28c;
    for (let p = 0; p < parts.length; p++) {
      const s = parts[p] as string;
      for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        a = Math.imul(a ^ c, 16777619);
        b = Math.imul(b ^ c, 0x5bd1e995);
        b ^= b >>> 15;
      }
      // A separator between parts, so that ("ab", "c") and ("a", "bc") differ.
      a = Math.imul(a ^ 0x1f, 16777619);
      b = Math.imul(b ^ 0x1f, 0x5bd1e995);
      b ^= b >>> 13;
    }
    return this.add(a | 0, b | 0, line);
  }

  private add(a: number, b: number, line: number): number {
    if ((this.used + 1) * 2 > this.lines.length) this.grow();
    const mask = this.lines.length - 1;
    let i = (a ^ Math.imul(b, 0x27d4eb2d)) & mask;
    for (;;) {
      const at = this.lines[i] as number;
      if (at === 0) {
        this.h1[i] = a;
        this.h2[i] = b;
        this.lines[i] = line;
        this.used++;
        return 0;
      }
      if (this.h1[i] === a && this.h2[i] === b) return at;
      i = (i + 1) & mask;
    }
  }

  private grow(): void {
    const { h1, h2, lines } = this;
    const n = lines.length * 2;
    this.h1 = new Int32Array(n);
    this.h2 = new Int32Array(n);
    this.lines = new Int32Array(n);
    this.used = 0;
    for (let i = 0; i < lines.length; i++) if ((lines[i] as number) !== 0) this.add(h1[i] as number, h2[i] as number, lines[i] as number);
  }
}
