/**
 * What an export must hold after loading deliveries, computed independently of the store from the delivery
 * rows and the standard's rules: last record wins per entity, a read covered by a later read of its service
 * point (same period or an overlapping overwrite) is replaced, the later interval row of a key wins.
 */
import { fileType } from './helpers.js';

const CUST = fileType('customer').columns;
const USAGE = fileType('usage').columns;
const IV = fileType('interval').columns;

export type Row = Record<string, string>;

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Rows by column name from a file's field arrays. */
export function toRows(header: string[], rows: string[][]): Row[] {
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

/** The customer file an export writes, after `rows` (customer or full rows, in load order). */
export function expectedCustomer(rows: readonly Row[]): string[][] {
  const customers = new Map<string, Row>();
  const accounts = new Map<string, Row>();
  const sps = new Map<string, Row>();
  const links = new Set<string>();
  for (const r of rows) {
    customers.set(r.customer_id!, r);
    accounts.set(r.account_id!, r);
    sps.set(r.service_point_id!, r);
    links.add(`${r.account_id}\t${r.service_point_id}`);
  }
  return [...links]
    .map((l) => l.split('\t') as [string, string])
    .sort((a, b) => cmp(a[0], b[0]) || cmp(a[1], b[1]))
    .map(([a, s]) => {
      const acct = accounts.get(a)!;
      const cust = customers.get(acct.customer_id!)!;
      const sp = sps.get(s)!;
      return CUST.map((c) => (c.entity === 'Customer' ? cust : c.entity === 'Account' ? acct : sp)[c.name] ?? '');
    });
}

const day = (d: string): number => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(4, 6)) - 1, Number(d.slice(6, 8))) / 86_400_000;

/** The usage file an export writes, after `rows` (usage or full rows, in load order). */
export function expectedUsage(rows: readonly Row[]): string[][] {
  const bySp = new Map<string, Row[]>();
  for (const r of rows) {
    const list = bySp.get(r.service_point_id!) ?? [];
    const end = day(r.date_to!);
    const start = end - Number(r.duration) + 1;
    // A new read replaces every read it covers.
    bySp.set(r.service_point_id!, [...list.filter((x) => !(day(x.date_to!) <= end && day(x.date_to!) - Number(x.duration) + 1 >= start)), r]);
  }
  return [...bySp.values()].flat()
    .sort((a, b) => cmp(a.service_point_id!, b.service_point_id!) || cmp(a.date_to!, b.date_to!) || Number(a.duration) - Number(b.duration))
    .map((r) => USAGE.map((c) => r[c.name] ?? ''));
}

/** The interval file an export writes for one interval length, after `rows` in load order. */
export function expectedInterval(rows: readonly Row[]): string[][] {
  const keyOf = (r: Row): string[] => [r.service_point_id!, r.service_quantity_identifier ?? '', r.date!, r.time!, r.UTC_offset ?? ''];
  const last = new Map<string, Row>();
  for (const r of rows) last.set(keyOf(r).join('\t'), r);
  return [...last.values()]
    .sort((a, b) => {
      const ka = keyOf(a);
      const kb = keyOf(b);
      for (let i = 0; i < ka.length; i++) {
        const c = cmp(ka[i]!, kb[i]!);
        if (c) return c;
      }
      return 0;
    })
    .map((r) => IV.map((c) => r[c.name] ?? ''));
}
