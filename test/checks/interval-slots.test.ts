import { describe, expect, it } from 'vitest';
import { SlotBitmaps } from '../../src/checks/interval-slots.js';

describe('SlotBitmaps', () => {
  it('remembers slots per channel, in order and far back', () => {
    const b = new SlotBitmaps();
    b.addChannel(0);
    b.addChannel(1);
    for (let s = 1000; s < 5000; s++) expect(b.add(0, s)).toBe(true);
    expect(b.add(1, 1000)).toBe(true);
    expect(b.has(0, 1000)).toBe(true);
    expect(b.has(0, 4999)).toBe(true);
    expect(b.has(0, 5000)).toBe(false);
    expect(b.has(1, 1001)).toBe(false);
    expect(b.add(0, 1234)).toBe(false);
    expect(b.add(0, 4999)).toBe(false);
  });

  it('allocates nothing for a silence and splices a block into it for a late read', () => {
    const b = new SlotBitmaps();
    b.addChannel(0);
    b.add(0, 0);
    b.add(0, 100_000);
    expect(b.has(0, 50_000)).toBe(false);
    expect(b.add(0, 50_000)).toBe(true);
    expect(b.has(0, 50_000)).toBe(true);
    expect(b.add(0, 50_001)).toBe(true);
    expect(b.add(0, 50_000)).toBe(false);
    expect(b.add(0, 100_001)).toBe(true);
    expect(b.has(0, 0) && b.has(0, 100_000) && b.has(0, 100_001)).toBe(true);
    expect(b.add(0, 0)).toBe(false);
  });

  it('does not record slots before the channel\'s first one (they are out of order)', () => {
    const b = new SlotBitmaps();
    b.addChannel(0);
    b.add(0, 500);
    expect(b.add(0, 10)).toBe(true);
    expect(b.has(0, 10)).toBe(false);
  });
});
