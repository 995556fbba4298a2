import { describe, expect, it } from 'vitest';
import { dayNumber } from '../../src/validate/bytes.js';
import { monthLabel, monthOf } from '../../src/validate/months.js';

describe('monthOf', () => {
  it('gives every day from 1800 to 2199 its month, and -1 outside', () => {
    let wrong = 0;
    for (let y = 1800; y <= 2199; y++) {
      for (let m = 1; m <= 12; m++) {
        const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
        for (let d = 1; d <= days; d++) if (monthOf(dayNumber(y, m, d)) !== y * 12 + m - 1) wrong++;
      }
    }
    expect(wrong).toBe(0);
    expect(monthOf(dayNumber(1799, 12, 31))).toBe(-1);
    expect(monthOf(dayNumber(2200, 1, 1))).toBe(-1);
    expect(monthLabel(monthOf(dayNumber(2024, 2, 29)))).toBe('2024-02');
  });
});
