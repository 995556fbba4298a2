/**
 * Parsers that read values straight from bytes, with no string made. Each returns a number or a negative
 * status; they are the inner loop of validation, so they are plain functions over (buf, start, end).
 */

/** Days from 1800-01-01 to y-m-d; all dates Intake meets are after it, so day numbers stay positive. */
export function dayNumber(y: number, m: number, d: number): number {
  // Days from civil (Howard Hinnant's algorithm), shifted to the 1800 epoch.
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468 + EPOCH_1970;
}

/** Days from 1800-01-01 to 1970-01-01: day numbers here and Unix-epoch day numbers differ by this. */
export const EPOCH_1970 = 62091;

/** The civil date of a day number (inverse of dayNumber). */
export function civilOfDay(day: number): { y: number; m: number; d: number } {
  const z = day - EPOCH_1970 + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

/** The civil date of a day number, as yyyyMMdd. */
export function formatDay(day: number): string {
  const { y, m, d } = civilOfDay(day);
  return `${String(y).padStart(4, '0')}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}`;
}

const DIM = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Day number of the first of each month, 1800-01 … 2199-12 (index (y − 1800) × 12 + m − 1), and each month's
 * length: parseDate runs once or twice per row, and two table reads cost less than the civil-date arithmetic.
 */
const MONTH_START = new Int32Array(400 * 12);
const MONTH_DAYS = new Uint8Array(400 * 12);
for (let y = 1800; y < 2200; y++) {
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  for (let m = 1; m <= 12; m++) {
    MONTH_START[(y - 1800) * 12 + m - 1] = dayNumber(y, m, 1);
    MONTH_DAYS[(y - 1800) * 12 + m - 1] = m === 2 && leap ? 29 : (DIM[m] as number);
  }
}

/** yyyyMMdd → day number, or -1 when not a real calendar date (years 1800–2199). */
export function parseDate(buf: Uint8Array, s: number, e: number): number {
  if (e - s !== 8) return -1;
  const y0 = (buf[s] as number) - 48;
  const y1 = (buf[s + 1] as number) - 48;
  const y2 = (buf[s + 2] as number) - 48;
  const y3 = (buf[s + 3] as number) - 48;
  const m0 = (buf[s + 4] as number) - 48;
  const m1 = (buf[s + 5] as number) - 48;
  const d0 = (buf[s + 6] as number) - 48;
  const d1 = (buf[s + 7] as number) - 48;
  // Every byte a digit: (x >>> 0) > 9 is true for x < 0 as well.
  if (((y0 >>> 0) > 9) || ((y1 >>> 0) > 9) || ((y2 >>> 0) > 9) || ((y3 >>> 0) > 9) || ((m0 >>> 0) > 9) || ((m1 >>> 0) > 9) || ((d0 >>> 0) > 9) || ((d1 >>> 0) > 9)) return -1;
  const y = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const m = m0 * 10 + m1;
  const d = d0 * 10 + d1;
  if (y < 1800 || y > 2199 || m < 1 || m > 12 || d < 1) return -1;
  const k = (y - 1800) * 12 + m - 1;
  if (d > (MONTH_DAYS[k] as number)) return -1;
  return (MONTH_START[k] as number) + d - 1;
}

/** HHmm → minutes of the day, or -1. */
export function parseTime(buf: Uint8Array, s: number, e: number): number {
  if (e - s !== 4) return -1;
  let v = 0;
  for (let i = s; i < e; i++) {
    const c = (buf[i] as number) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  const h = Math.floor(v / 100);
  const mi = v % 100;
  if (h > 23 || mi > 59) return -1;
  return h * 60 + mi;
}

export const NUM_BAD = -1;
export const NUM_COMMA = -2;
export const NUM_EXPONENT = -3;

/** Result of parseDecimal besides its value: the number of decimals it was written with. */
export const decimalInfo = { decimals: 0 };

/**
 * A plain decimal: optional sign, digits, optional dot and digits. Returns the value in `out[0]` and a status:
 * 0 ok, NUM_BAD, NUM_COMMA (a thousands separator or decimal comma), NUM_EXPONENT (1.2E3).
 */
export function parseDecimal(buf: Uint8Array, s: number, e: number, out: Float64Array): number {
  let i = s;
  let neg = false;
  const first = buf[i];
  if (first === 45 /* - */ || first === 43 /* + */) {
    neg = first === 45;
    i++;
  }
  let intPart = 0;
  let digits = 0;
  let frac = 0;
  let scale = 1;
  let decimals = 0;
  let seenDot = false;
  for (; i < e; i++) {
    const c = buf[i] as number;
    if (c >= 48 && c <= 57) {
      if (seenDot) {
        if (decimals < 15) {
          frac = frac * 10 + (c - 48);
          scale *= 10;
        }
        decimals++;
      } else intPart = intPart * 10 + (c - 48);
      digits++;
    } else if (c === 46 && !seenDot) seenDot = true;
    else if (c === 44) return NUM_COMMA;
    else if ((c === 69 || c === 101) && digits > 0) return NUM_EXPONENT;
    else return NUM_BAD;
  }
  if (digits === 0) return NUM_BAD;
  decimalInfo.decimals = decimals;
  const v = intPart + frac / scale;
  out[0] = neg ? -v : v;
  return 0;
}

/** True when [s, e) equals the ASCII text `lit`. */
export function bytesEqual(buf: Uint8Array, s: number, e: number, lit: Uint8Array): boolean {
  if (e - s !== lit.length) return false;
  for (let i = 0; i < lit.length; i++) if (buf[s + i] !== lit[i]) return false;
  return true;
}
