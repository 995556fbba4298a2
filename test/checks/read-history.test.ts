/**
 * The read history of the legacy read checks: every service point's chain of periods must come back intact,
 * whether its reads are consecutive (one Int32 each, implicit link) or interleaved with others (two Int32),
 * including across the boundaries of its 2²⁰-value pages.
 */
import { expect, test } from 'vitest';
import { History } from '../../src/checks/usage-reads.js';

/** Pushes reads for `n` service points in the given order and checks every chain against a plain copy. */
function roundTrip(order: number[]): { bad: number; chains: number } {
  const h = new History();
  const head = new Map<number, number>();
  const expected = new Map<number, number[]>();
  order.forEach((sp, i) => {
    const value = ((50_000 + i) * 512 + (sp % 400)) % (1 << 29);
    head.set(sp, h.push(value, head.get(sp) ?? -1));
    const list = expected.get(sp);
    if (list) list.push(value);
    else expected.set(sp, [value]);
  });
  let bad = 0;
  for (const [sp, want] of expected) {
    const got: number[] = [];
    for (let p = head.get(sp) ?? -1; p >= 0 && got.length <= want.length; p = h.link(p)) got.push(h.value(p));
    if (got.reverse().join() !== want.join()) bad++;
  }
  return { bad, chains: expected.size };
}

test('sorted reads (implicit links) across page boundaries', () => {
  // 1.5 M reads in runs of 20 per service point: mostly one Int32 a read, crossing two pages.
  const order = Array.from({ length: 1_500_000 }, (_, i) => Math.floor(i / 20));
  expect(roundTrip(order)).toEqual({ bad: 0, chains: 75_000 });
});

test('interleaved and mixed reads (explicit links), crossing a page boundary', () => {
  // Alternating service points force two-Int32 entries; runs in between switch back to implicit ones.
  const order: number[] = [];
  for (let i = 0; i < 700_000; i++) order.push(i % 7 === 0 ? 1 : i % 3);
  for (let i = 0; i < 30; i++) order.push(5);
  expect(roundTrip(order)).toEqual({ bad: 0, chains: 4 });
});
