import { describe, expect, test } from 'vitest';
import { LINE_BAD_UTF8, LINE_CONTROL_CHAR, LineScanner } from '../../src/read/lines.js';

interface Seen {
  line: number;
  text: string;
  fields: number;
  flags: number;
}

function scan(chunks: Buffer[], maxLine?: number): { lines: Seen[]; overlong: [number, number][]; bom: boolean } {
  const lines: Seen[] = [];
  const overlong: [number, number][] = [];
  const s = new LineScanner(
    {
      line(buf, start, end, _tabs, nTabs, line, flags) {
        lines.push({ line, text: buf.toString('utf8', start, end), fields: nTabs + 1, flags });
      },
      overlong(line, bytes) {
        overlong.push([line, bytes]);
      },
    },
    maxLine,
  );
  for (const c of chunks) s.push(c);
  s.end();
  return { lines, overlong, bom: s.bomSeen };
}

/** Splits a buffer into chunks of `n` bytes, to put chunk edges everywhere. */
const split = (b: Buffer, n: number) => Array.from({ length: Math.ceil(b.length / n) }, (_, i) => b.subarray(i * n, (i + 1) * n));

describe('LineScanner', () => {
  const text = Buffer.from('a\tb\tc\r\nd\te\tf\n\ng\té\th\nlast\tline');
  test.each([1, 2, 3, 5, 7, 64])('gives the same lines whatever the chunk size (%i)', (n) => {
    const { lines } = scan(split(text, n));
    expect(lines.map((l) => [l.line, l.text, l.fields, l.flags])).toEqual([
      [1, 'a\tb\tc', 3, 0],
      [2, 'd\te\tf', 3, 0],
      [3, '', 1, 0],
      [4, 'g\té\th', 3, 0],
      [5, 'last\tline', 2, 0],
    ]);
  });

  test('drops a BOM and says so', () => {
    const r = scan([Buffer.from('\ufeffh1\th2\n1\t2\n')]);
    expect(r.bom).toBe(true);
    expect(r.lines[0]?.text).toBe('h1\th2');
  });

  test('flags invalid UTF-8 on its own line only, even across chunk edges', () => {
    const b = Buffer.concat([Buffer.from('ok\nbad '), Buffer.from([0xc3, 0x28]), Buffer.from('\nok é\n')]);
    for (const n of [1, 3, 100]) {
      const { lines } = scan(split(b, n));
      expect(lines.map((l) => l.flags & LINE_BAD_UTF8)).toEqual([0, LINE_BAD_UTF8, 0]);
    }
  });

  test('flags control characters but not the CR of CRLF', () => {
    const { lines } = scan([Buffer.from('a\u0000b\nc\rd\ne\r\n')]);
    expect(lines.map((l) => l.flags)).toEqual([LINE_CONTROL_CHAR, LINE_CONTROL_CHAR, 0]);
  });

  test('reports a line over the limit once and skips it without keeping it', () => {
    const long = Buffer.alloc(5000, 'x');
    const { lines, overlong } = scan(split(Buffer.concat([Buffer.from('h\n'), long, Buffer.from('\nafter\n')]), 300), 1000);
    expect(overlong).toEqual([[2, 5000]]);
    expect(lines.map((l) => [l.line, l.text])).toEqual([[1, 'h'], [3, 'after']]);
  });
});
