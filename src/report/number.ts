/**
 * A number as en-US writes it (`n.toLocaleString('en-US')`: digits grouped by commas, at most three decimals),
 * without Intl: its first use loads ICU's number formatting, about 35 ms of every `intake validate` run.
 */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return n.toLocaleString('en-US');
  const fixed = Math.abs(n).toFixed(3);
  const dot = fixed.indexOf('.');
  let whole = fixed.slice(0, dot);
  const fraction = fixed.slice(dot + 1).replace(/0+$/, '');
  // toFixed gives exponent notation from 1e21 on; Intl there is rare enough to pay for.
  if (whole.includes('e')) return n.toLocaleString('en-US');
  for (let i = whole.length - 3; i > 0; i -= 3) whole = `${whole.slice(0, i)},${whole.slice(i)}`;
  const text = fraction ? `${whole}.${fraction}` : whole;
  // As Intl: a negative number keeps its sign even when it rounds to 0 (-0 included).
  return n < 0 || Object.is(n, -0) ? `-${text}` : text;
}
