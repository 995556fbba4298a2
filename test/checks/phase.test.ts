import { describe, expect, test } from 'vitest';
import { resolveProfile } from '../../src/spec/profile.js';
import { validateDelivery } from '../../src/validate/index.js';
import * as h from '../helpers/files.js';
import { codes } from '../helpers/report.js';

/** A delivery of `n` accounts with one service point each and monthly reads over `months` months. */
function delivery(n: number, o: { months?: number; firstMonth?: string; inactiveEvery?: number; cycles?: number; idOf?: (i: number) => string } = {}) {
  const months = o.months ?? 3;
  const [y0, m0] = (o.firstMonth ?? '2024-01').split('-').map(Number) as [number, number];
  const customers: string[] = [];
  const usage: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = o.idOf ? o.idOf(i) : `A${(i * 7919) % 1000003}`;
    const inactive = o.inactiveEvery && i % o.inactiveEvery === 0 ? '20240601' : '';
    customers.push(h.customerRow({ customer_id: `C${id}`, premise_id: `P${id}`, account_id: id, service_point_id: `S${id}`, service_house_number: String(i), inactive_date: inactive, read_cycle: String(1 + (i % (o.cycles ?? 20))).padStart(2, '0'), active_date: '20200101', service_zip_code: String(10000 + ((i * 37) % 89000)) }));
    for (let k = 0; k < months; k++) {
      const y = y0 + Math.floor((m0 - 1 + k) / 12);
      const m = ((m0 - 1 + k) % 12) + 1;
      const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
      usage.push(h.usageRow({ service_point_id: `S${id}`, date_to: `${y}${String(m).padStart(2, '0')}${last}`, duration: String(last) }));
    }
  }
  const dir = h.tempDir();
  return [h.writeGz(dir, h.CUSTOMER_NAME, h.tsv(h.CUSTOMER_COLUMNS, customers)), h.writeGz(dir, h.USAGE_NAME, h.tsv(h.USAGE_COLUMNS, usage))];
}

describe('phase checks', () => {
  test('sample: too small, no inactive accounts, history too short', async () => {
    const r = await validateDelivery(delivery(200, { months: 2, firstMonth: '2024-06' }), { phase: 'sample', asOf: '2025-01-15' });
    expect(codes(r)).toEqual(expect.arrayContaining(['PHASE_SAMPLE_TOO_SMALL', 'PHASE_SAMPLE_MIX', 'PHASE_HISTORY_TOO_SHORT']));
    expect(r.summary.passed).toBe(false);
  });

  test('sample: a right-sized random-looking sample with history since January of last year passes', async () => {
    const r = await validateDelivery(delivery(10_050, { months: 14, firstMonth: '2024-01', inactiveEvery: 9 }), { phase: 'sample', asOf: '2025-02-10' });
    expect(r.issues.filter((i) => i.code.startsWith('PHASE_'))).toEqual([]);
    expect(r.summary.errors).toBe(0);
  });

  test('sample: one read cycle or a contiguous block of ids looks like a slice', async () => {
    const oneCycle = await validateDelivery(delivery(300, { cycles: 1, inactiveEvery: 5 }), { phase: 'sample', asOf: '2024-06-01' });
    expect(codes(oneCycle)).toContain('PHASE_SAMPLE_NOT_RANDOM');
    const block = await validateDelivery(delivery(300, { idOf: (i) => String(500000 + i), inactiveEvery: 5 }), { phase: 'sample', asOf: '2024-06-01' });
    expect(block.issues.find((i) => i.code === 'PHASE_SAMPLE_NOT_RANDOM')?.message).toMatch(/contiguous/);
  });

  test('full: coverage of expected accounts and of the approved sample', async () => {
    const files = delivery(100, { months: 14, firstMonth: '2024-01' });
    const profile = resolveProfile({ expectedAccounts: 150 });
    const r = await validateDelivery(files, { phase: 'full', asOf: '2025-02-01', profile, context: { approvedSampleAccounts: ['A0', 'A-missing'] } });
    expect(codes(r)).toEqual(expect.arrayContaining(['PHASE_COVERAGE', 'PHASE_SAMPLE_ACCOUNT_MISSING']));
  });

  test('incremental: reads before the last loaded one, gaps after it, files stamped before the last processed', async () => {
    const dir = h.tempDir();
    const u = h.writeGz(dir, h.USAGE_NAME, h.tsv(h.USAGE_COLUMNS, [h.usageRow({ service_point_id: 'SP1', date_to: '20240131', duration: '31' }), h.usageRow({ service_point_id: 'SP2', date_to: '20240430', duration: '30' })]));
    const loaded: Record<string, { dateTo: string; duration: number }> = { SP1: { dateTo: '20240229', duration: 29 }, SP2: { dateTo: '20240229', duration: 29 } };
    const r = await validateDelivery([u], {
      phase: 'incremental',
      context: { knownServicePoint: () => true, lastLoadedRead: (sp) => loaded[sp], lastProcessedStamp: '20250201000000' },
    });
    expect(codes(r)).toEqual(['PHASE_GAP_AFTER_LOADED', 'PHASE_READ_BEFORE_LOADED', 'PHASE_STAMP_ORDER']);
  });
});
