/** Display formats shared by the pages. */

const intFmt = new Intl.NumberFormat('en-US');
export const int = (n: number | undefined): string => (n === undefined ? '–' : intFmt.format(n));

export function pct(share: number | undefined, digits = 1): string {
  return share === undefined || !Number.isFinite(share) ? '–' : `${(share * 100).toFixed(digits)} %`;
}

export function bytes(n: number | undefined): string {
  if (n === undefined) return '–';
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) { v /= 1000; i++; }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}

export function dateTime(iso: string | undefined): string {
  if (!iso) return '–';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return new Date(t).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
}

/** yyyyMMdd or yyyy-MM-dd → yyyy-MM-dd; anything else unchanged. */
export function day(s: string | undefined): string {
  if (!s) return '–';
  const m = /^(\d{4})-?(\d{2})-?(\d{2})/.exec(s);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : s;
}

export const titleCase = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1).replace(/-/g, ' ');

/** Long ids (UUIDs) shortened for display; the full id stays in links and titles. */
export const shortId = (id: string): string => (id.length > 12 ? id.slice(0, 8) : id);

/** "1 feed", "3 feeds". */
export const plural = (n: number, one: string, many = `${one}s`): string => `${int(n)} ${n === 1 ? one : many}`;
