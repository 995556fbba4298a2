import { describe, expect, it } from 'vitest';
import { formatNumber } from '../../src/report/number.js';

describe('formatNumber', () => {
  it("writes numbers as toLocaleString('en-US') does", () => {
    const values = [0, -0, 1, 12, 999, 1000, 1001, 12345, 999999, 1000000, 10500000, 28800000, 123456789012, -1, -1234, -1234567,
      0.5, 0.25, 1.5, 2.125, 1234.5678, 0.0004, 0.0005, 0.0015, -0.0001, 99.9999, 999.9995, 1e15 + 0.5, 2 ** 53, 1e21, NaN, Infinity, -Infinity];
    // And a spread of random ones, whole and not.
    let x = 7;
    for (let i = 0; i < 2000; i++) {
      x = (x * 48271) % 2147483647;
      values.push(x % 100000000, (x % 1000000) / 1000, -(x % 10000) / 7, x / 3);
    }
    for (const v of values) expect(formatNumber(v), String(v)).toBe(v.toLocaleString('en-US'));
  });
});
