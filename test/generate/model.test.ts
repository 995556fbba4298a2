import { describe, expect, it } from 'vitest';
import { civil, compact, dayOf, dayOfYear, parseIso } from '../../src/generate/calendar.js';
import { accountAt, newPopulation, readDay, servicePointId } from '../../src/generate/population.js';
import { readsBetween } from '../../src/generate/reads.js';
import { formatOffset, offsetAt, OffsetTable } from '../../src/generate/time-zone.js';
import { permute32 } from '../../src/generate/prng.js';
import { decimal2, decimal3 } from '../../src/generate/format.js';

describe('calendar', () => {
  it('round-trips day numbers and civil dates', () => {
    for (let d = dayOf(1999, 12, 25); d < dayOf(2031, 3, 1); d += 13) {
      const c = civil(d);
      expect(dayOf(c.y, c.m, c.d)).toBe(d);
      expect(compact(d)).toBe(new Date(d * 86400000).toISOString().slice(0, 10).replaceAll('-', ''));
    }
    expect(dayOfYear(dayOf(2024, 12, 31))).toBe(365);
    expect(parseIso('2025-02-29')).toBeUndefined();
    expect(parseIso('2024-02-29')).toBe(dayOf(2024, 2, 29));
  });
});

describe('time zone', () => {
  it('knows the New York offsets on both sides of the daylight-saving changes', () => {
    expect(offsetAt('America/New_York', Date.UTC(2025, 0, 15))).toBe(-300);
    expect(offsetAt('America/New_York', Date.UTC(2025, 6, 15))).toBe(-240);
    expect(offsetAt('Asia/Kolkata', Date.UTC(2025, 6, 15))).toBe(330);
    const t = new OffsetTable('America/New_York', dayOf(2025, 3, 8), dayOf(2025, 3, 10));
    // 2025-03-09 02:00 EST = 07:00Z: before it −05:00, from it −04:00.
    const sevenZ = Date.UTC(2025, 2, 9, 7) / 60000;
    expect(t.at(sevenZ - 1)).toBe(-300);
    expect(t.at(sevenZ)).toBe(-240);
    expect(formatOffset(-240)).toBe('-04:00');
    expect(formatOffset(330)).toBe('+05:30');
  });
});

describe('population', () => {
  const state = newPopulation(5, 'demo', 3000, dayOf(2024, 1, 1), dayOf(2025, 6, 30));

  it('gives distinct ids and keeps a premise\'s service points with its next occupant', () => {
    const accounts = new Set<string>();
    const customers = new Set<string>();
    let successors = 0;
    for (let i = 0; i < 3000; i++) {
      const a = accountAt(state, i);
      accounts.add(a.fields.account_id ?? '');
      customers.add(a.fields.customer_id ?? '');
      if (a.premiseIndex !== i) {
        successors++;
        const before = accountAt(state, i - 1);
        expect(a.servicePoints[0]?.id).toBe(before.servicePoints[0]?.id);
        expect(a.activeDay).toBe(readDay(state, before, before.moveOutMonth) + 1);
      }
    }
    expect(accounts.size).toBe(3000);
    expect(customers.size).toBe(3000);
    expect(successors).toBeGreaterThan(100);
    const sps = new Set<string>();
    for (let p = 0; p < 5000; p++) for (const fuel of ['electric', 'gas'] as const) sps.add(servicePointId(state, p, fuel));
    expect(sps.size).toBe(10000);
    const perm = new Set<number>();
    for (let x = 0; x < 100000; x++) perm.add(permute32(x, 12345));
    expect(perm.size).toBe(100000);
  });

  it('writes contiguous reads from the active date for accounts that start in the window', () => {
    let checked = 0;
    for (let i = 0; i < 3000 && checked < 50; i++) {
      const a = accountAt(state, i);
      if (a.activeDay < state.historyStart) continue;
      const sp = a.servicePoints[0];
      if (!sp) continue;
      const reads = readsBetween(state, a, sp, state.historyStart - 45, state.anchorUntil);
      if (reads.length === 0) continue;
      expect((reads[0]?.dateTo ?? 0) - (reads[0]?.duration ?? 0) + 1).toBe(a.activeDay);
      for (let k = 1; k < reads.length; k++) expect((reads[k]?.dateTo ?? 0) - (reads[k]?.duration ?? 0)).toBe(reads[k - 1]?.dateTo);
      checked++;
    }
    expect(checked).toBeGreaterThan(10);
  });
});

describe('decimal text', () => {
  it('matches String() of values rounded to 3 and 2 places', () => {
    for (let i = 0; i < 20000; i++) {
      const v = Math.round(((i * 7919) % 1000003) * 1.37) / 1000;
      expect(decimal3(v)).toBe(String(v));
      const c = Math.round(i * 13.7) / 100;
      expect(decimal2(c)).toBe(String(c));
    }
  });
});
