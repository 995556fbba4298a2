import { describe, expect, test } from 'vitest';
import { KeyLineSet } from '../../src/checks/key-set.js';

describe('KeyLineSet', () => {
  test('remembers the first line of each key, across growth, and tells part boundaries apart', () => {
    const s = new KeyLineSet();
    for (let i = 0; i < 5000; i++) expect(s.addParts([`D${i}`, 'MC1'], i + 2)).toBe(0);
    expect(s.size).toBe(5000);
    expect(s.addParts(['D17', 'MC1'], 9000)).toBe(19);
    expect(s.addParts(['D1', '7MC1'], 9001)).toBe(0);
    expect(s.addParts(['D17', 'MC2'], 9002)).toBe(0);
    expect(s.addParts(['', ''], 9003)).toBe(0);
    expect(s.addParts(['', ''], 9004)).toBe(9003);
  });

  test('no false duplicates among a million distinct keys', () => {
    const s = new KeyLineSet();
    let dups = 0;
    for (let i = 0; i < 1_000_000; i++) if (s.addParts([`PR${i}`, `SP${i % 97}`], i + 2) !== 0) dups++;
    expect(dups).toBe(0);
  });
});
