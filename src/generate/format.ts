/**
 * Decimal text of already-rounded values, built from integer parts: the same text as String(value) for a
 * value rounded to 2 or 3 places, at a fraction of the cost (these run once per row).
 */

const FRACTIONS3: readonly string[] = Array.from({ length: 1000 }, (_, f) => (f === 0 ? '' : `.${String(f).padStart(3, '0').replace(/0+$/, '')}`));
const FRACTIONS2: readonly string[] = Array.from({ length: 100 }, (_, f) => (f === 0 ? '' : `.${String(f).padStart(2, '0').replace(/0+$/, '')}`));

/** A non-negative value with at most 3 decimals. */
export function decimal3(value: number): string {
  const n = Math.round(value * 1000);
  if (!(n >= 0 && n < 2 ** 52)) return String(value);
  const whole = Math.floor(n / 1000);
  return `${whole}${FRACTIONS3[n - whole * 1000] ?? ''}`;
}

/** A non-negative value with at most 2 decimals. */
export function decimal2(value: number): string {
  const n = Math.round(value * 100);
  if (!(n >= 0 && n < 2 ** 52)) return String(value);
  const whole = Math.floor(n / 100);
  return `${whole}${FRACTIONS2[n - whole * 100] ?? ''}`;
}
