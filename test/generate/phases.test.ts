import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { generate } from '../../src/generate/index.js';
import { dayOfCompact, records, scratchDirs } from './helpers.js';

const dir = scratchDirs();

type Row = Record<string, string>;
const start = (r: Row): number => dayOfCompact(r.date_to as string) - Number(r.duration) + 1;

describe('sample phase', () => {
  it('draws 10,000–20,000 random accounts, active and inactive, with history since 1 January of the year before', async () => {
    const out = await dir('sample');
    const m = await generate({ standard: 'legacy-billing', accounts: 40000, phase: 'sample', until: '2025-03-31', out, seed: 9 });
    const [customerFile, usageFile] = m.files;
    const customers = await records(join(out, customerFile?.name ?? ''));
    const accounts = new Map<string, Row>();
    for (const r of customers) accounts.set(r.account_id as string, r);
    expect(accounts.size).toBeGreaterThanOrEqual(10000);
    expect(accounts.size).toBeLessThanOrEqual(20000);
    expect(m.accounts.total).toBe(accounts.size);
    const inactive = [...accounts.values()].filter((r) => r.inactive_date !== '').length;
    expect(inactive).toBeGreaterThan(accounts.size * 0.03);
    expect(accounts.size - inactive).toBeGreaterThan(accounts.size * 0.7);
    // Not a slice: several read cycles and ZIP prefixes, ids not contiguous.
    expect(new Set([...accounts.values()].map((r) => r.read_cycle)).size).toBeGreaterThan(10);
    expect(new Set([...accounts.values()].map((r) => (r.service_zip_code as string).slice(0, 3))).size).toBeGreaterThan(3);
    const usage = await records(join(out, usageFile?.name ?? ''));
    const jan1 = dayOfCompact('20240101');
    expect(usage.reduce((m, r) => Math.min(m, start(r)), Infinity)).toBeLessThanOrEqual(jan1);
    expect(usage.every((r) => dayOfCompact(r.date_to as string) <= dayOfCompact('20250331'))).toBe(true);
    // Accounts that were active before the window have a read covering 1 January.
    const bySp = new Map<string, Row[]>();
    for (const r of usage) bySp.set(r.service_point_id as string, [...(bySp.get(r.service_point_id as string) ?? []), r]);
    const longStanding = customers.filter((r) => dayOfCompact(r.active_date as string) < jan1 && r.inactive_date === '');
    for (const c of longStanding.slice(0, 500)) {
      const reads = bySp.get(c.service_point_id as string) ?? [];
      expect(reads.length).toBeGreaterThan(0);
      expect(Math.min(...reads.map(start))).toBeLessThanOrEqual(jan1);
    }
    // Realism: about 5 % estimated reads, a few user-reported, both fuels, business customers, ZIP+4, units.
    const flags = usage.map((r) => r.is_estimate);
    const est = flags.filter((f) => f !== 'A').length / flags.length;
    expect(est).toBeGreaterThan(0.03);
    expect(est).toBeLessThan(0.08);
    expect(flags).toContain('U');
    expect(new Set(customers.map((r) => r.meter_unit))).toEqual(new Set(['KWH', 'THERMS']));
    expect(customers.some((r) => r.customer_type === 'BUSINESS' && r.business_name !== '')).toBe(true);
    expect(customers.some((r) => /^\d{5}-\d{4}$/.test(r.service_zip_code as string))).toBe(true);
    expect(customers.some((r) => r.service_unit !== '')).toBe(true);
  }, 120_000);
});

describe('usage rows', () => {
  it('run oldest to newest per service point with contiguous periods, values > 0 with ≤ 3 decimals', async () => {
    const out = await dir('rows');
    const m = await generate({ standard: 'legacy-billing', accounts: 800, out, seed: 2 });
    const usage = await records(join(out, m.files[1]?.name ?? ''));
    const last = new Map<string, Row>();
    for (const r of usage) {
      expect(Number(r.usage_value)).toBeGreaterThan(0);
      expect(r.usage_value).toMatch(/^\d+(\.\d{1,3})?$/);
      expect(r.usage_charge).toMatch(/^\d+(\.\d{1,2})?$/);
      const d = Number(r.duration);
      expect((d >= 25 && d <= 35) || (d >= 55 && d <= 65)).toBe(true);
      const prev = last.get(r.service_point_id as string);
      if (prev) expect(start(r)).toBe(dayOfCompact(prev.date_to as string) + 1);
      last.set(r.service_point_id as string, r);
    }
  });
});

describe('incremental phase', () => {
  it('continues after the earlier delivery: later stamp, next reads, exact corrections, new and closed accounts', async () => {
    const base = await dir('base');
    const inc = await dir('inc');
    const m0 = await generate({ standard: 'legacy-billing', accounts: 3000, out: base, seed: 21, until: '2025-03-31' });
    const m1 = await generate({ standard: 'legacy-billing', phase: 'incremental', after: base, out: inc, until: '2025-06-30' });
    expect(m1.seed).toBe(21);
    expect(m1.files[0]?.name).toMatch(/_customer_20250701000000\.gz$/);
    expect(m1.state.stamp > m0.state.stamp).toBe(true);

    const baseUsage = await records(join(base, m0.files[1]?.name ?? ''));
    const lastBase = new Map<string, Row>();
    for (const r of baseUsage) lastBase.set(r.service_point_id as string, r);
    const baseAccounts = new Set((await records(join(base, m0.files[0]?.name ?? ''))).map((r) => r.account_id));
    const incCustomers = await records(join(inc, m1.files[0]?.name ?? ''));
    const incUsage = await records(join(inc, m1.files[1]?.name ?? ''));
    const until0 = dayOfCompact('20250331');

    let corrections = 0;
    const seen = new Map<string, Row>();
    for (const r of incUsage) {
      const sp = r.service_point_id as string;
      const prev = seen.get(sp);
      const before = lastBase.get(sp);
      if (dayOfCompact(r.date_to as string) <= until0) {
        // Only exact corrections of the last delivered read may reach back.
        expect(before).toBeDefined();
        expect([r.date_to, r.duration]).toEqual([before?.date_to, before?.duration]);
        expect(r.usage_value).not.toBe(before?.usage_value);
        corrections++;
      } else if (prev) {
        expect(start(r)).toBe(dayOfCompact(prev.date_to as string) + 1);
      } else if (before) {
        expect(start(r)).toBe(dayOfCompact(before.date_to as string) + 1);
      }
      seen.set(sp, r);
    }
    expect(corrections).toBeGreaterThan(0);
    expect(corrections).toBeLessThan(incUsage.length * 0.1);
    const fresh = incCustomers.filter((r) => !baseAccounts.has(r.account_id));
    expect(fresh.length).toBeGreaterThan(0);
    for (const r of fresh) expect(dayOfCompact(r.active_date as string)).toBeGreaterThan(until0);
    const closed = incCustomers.filter((r) => r.inactive_date !== '' && dayOfCompact(r.inactive_date as string) > until0);
    expect(closed.length).toBeGreaterThan(0);
    // A second incremental continues the first.
    const inc2 = await dir('inc2');
    const m2 = await generate({ standard: 'legacy-billing', phase: 'incremental', after: inc, out: inc2 });
    expect(m2.since).toBe('2025-07-01');
    expect(m2.state.stamp > m1.state.stamp).toBe(true);
  }, 60_000);
});
