/**
 * The three phases end to end, through the HTTP API, with the real validation engine: sample rounds (rejected,
 * then fixed), approval, full historical, loading, the first incremental, and auto-loading after it.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../src/api/server.js';
import { createToken } from '../../src/api/tokens.js';
import { listLoads } from '../../src/store/queries.js';
import { CUSTOMER_COLUMNS, USAGE_COLUMNS, customerRow, tsv as tsvText, usageRow } from '../helpers/files.js';
import { bearer, upload } from '../api/helpers.js';
import { DIALECTS, flowApp, tempDir } from './helpers.js';

const ACCOUNTS = 10_000;
const AS_OF = '2025-02-15';
// Ids spread over a wide range, cycles and ZIP areas, so the sample looks random.
const acct = (i: number) => String(100_000 + ((i * 7919) % 900_000));
const months = (from: [number, number], count: number) => Array.from({ length: count }, (_, k) => {
  const y = from[0] + Math.floor((from[1] - 1 + k) / 12);
  const m = ((from[1] - 1 + k) % 12) + 1;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { dateTo: `${y}${String(m).padStart(2, '0')}${days}`, duration: String(days) };
});

function customers(n = ACCOUNTS): string {
  const rows: string[] = [];
  for (let i = 0; i < n; i++) {
    const a = acct(i);
    rows.push(customerRow({
      customer_id: `C${a}`, premise_id: `P${a}`, account_id: a, service_point_id: `S${a}`, service_house_number: String(1 + (i % 900)),
      service_street_name: `Street ${i % 97}`, read_cycle: String(1 + (i % 20)).padStart(2, '0'), service_zip_code: String(20_000 + ((i * 37) % 70_000)).padStart(5, '0'),
      mail_zip_code: String(20_000 + ((i * 37) % 70_000)).padStart(5, '0'), active_date: '20150101', inactive_date: i % 10 === 0 ? '20250210' : '',
    }, CUSTOMER_COLUMNS));
  }
  return tsvText(CUSTOMER_COLUMNS, rows);
}

/** Monthly reads for every account; `damage` maps an account index to a column override (a defect). */
function usage(periods: { dateTo: string; duration: string }[], damage: Record<number, Record<string, string>> = {}, n = ACCOUNTS): string {
  const rows: string[] = [];
  for (let i = 0; i < n; i++) {
    periods.forEach((p, k) => rows.push(usageRow({ service_point_id: `S${acct(i)}`, usage_value: String(300 + ((i + k) % 400)), date_to: p.dateTo, duration: p.duration, ...(k === 0 ? damage[i] : {}) })));
  }
  return tsvText(USAGE_COLUMNS, rows);
}

async function delivery(dir: string, stamp: string, customerText: string, usageText: string) {
  const files = [];
  for (const [type, text] of [['customer', customerText], ['usage', usageText]] as const) {
    const name = `opwr_demo_res_1-19-0_${type}_${stamp}.gz`;
    const p = path.join(dir, `${stamp}-${name}`);
    await writeFile(p, gzipSync(text));
    files.push({ name, path: p });
  }
  return files;
}

describe.each(DIALECTS)('the three phases, end to end, on %s', (dialect) => {
  let h: Awaited<ReturnType<typeof flowApp>>;
  let api: Awaited<ReturnType<typeof buildApi>>;
  let operator: string;
  let utilityToken: string;
  let dir: string;
  let customerText: string;
  beforeAll(async () => {
    h = await flowApp(dialect, { real: true });
    api = await buildApi(h.app);
    operator = await createToken(h.app.db, { role: 'operator', label: 'ann' });
    await h.service.addUtility({ code: 'demo', name: 'Demo', profile: { expectedAccounts: ACCOUNTS } }, { kind: 'operator', name: 'setup' });
    await h.service.addUtility({ code: 'oth', name: 'Other' }, { kind: 'operator', name: 'setup' });
    utilityToken = await createToken(h.app.db, { role: 'utility', utility: 'demo' });
    dir = await tempDir('intake-e2e-');
    customerText = customers();
  });
  afterAll(async () => { await api?.close(); await h?.app.close(); });

  const get = async (url: string, token = operator) => (await api.inject({ method: 'GET', url, headers: bearer(token) })).json();
  const decide = (id: string, what: 'approve' | 'reject', token = operator) => api.inject({ method: 'POST', url: `/api/deliveries/${id}/${what}`, headers: bearer(token), payload: { comment: `${what}d in the e2e test` } });
  const send = async (stamp: string, usageText: string, fields: Record<string, string> = {}, customerFile = customerText) => {
    const r = await upload(api, utilityToken, 'demo', await delivery(dir, stamp, customerFile, usageText), { asOf: AS_OF, ...fields });
    expect(r.statusCode, r.body).toBe(201);
    await h.app.worker.drain();
    return get(`/api/deliveries/${r.json().id}`);
  };
  const feed = async () => (await get('/api/utilities/demo')).feeds.find((f: { standard: string }) => f.standard === 'legacy-billing');

  it('walks sample → full → incremental → auto', async () => {
    const history = months([2024, 1], 13); // Jan 2024 – Jan 2025: back to 1 January of the year before as-of

    // Round 1 of the sample: three bad dates (errors) and a zero read (a warning) → rejected.
    const bad = { date_to: '20241301' };
    const r1 = await send('20250201000000', usage(history, { 5: bad, 77: bad, 901: bad, 1234: { usage_value: '0' } }));
    expect(r1).toMatchObject({ phase: 'sample', round: 1, status: 'rejected' });
    expect(r1.summary.errors).toBeGreaterThan(0);
    expect((await decide(r1.id, 'approve')).json().error.code).toBe('DELIVERY_ILLEGAL_TRANSITION');

    // Round 2 fixes the errors and keeps the warning → awaiting review; the diff names the fixed rows.
    const r2 = await send('20250202000000', usage(history, { 1234: { usage_value: '0' } }));
    expect(r2).toMatchObject({ phase: 'sample', round: 2, status: 'awaiting-review' });
    const diff = await get(`/api/deliveries/${r2.id}/diff`, utilityToken);
    expect(diff.previousDeliveryId).toBe(r1.id);
    const fixedBadDates = diff.fixed.filter((e: { code: string }) => e.code === 'FIELD_BAD_DATE');
    expect(fixedBadDates.map((e: { key: string }) => e.key).join(' ')).toEqual(expect.stringContaining(`S${acct(5)}`));
    expect(fixedBadDates).toHaveLength(3);
    expect(diff.counts.fixed).toBeGreaterThanOrEqual(3);
    expect(diff.open.some((e: { key?: string }) => e.key?.includes(`S${acct(1234)}`))).toBe(true);

    // The utility cannot approve; the operator does; the feed moves to full.
    expect((await decide(r2.id, 'approve', utilityToken)).statusCode).toBe(403);
    expect((await decide(r2.id, 'approve')).json().status).toBe('approved');
    expect(await feed()).toMatchObject({ phase: 'full' });

    // A full historical that lacks 150 accounts of the approved sample is rejected (the store's context at work).
    const short = await send('20250203000000', usage(history, {}, ACCOUNTS - 150), {}, customers(ACCOUNTS - 150));
    expect(short).toMatchObject({ phase: 'full', round: 1, status: 'rejected' });
    const shortIssues = (await get(`/api/deliveries/${short.id}/report`)).issues.map((i: { code: string }) => i.code);
    expect(shortIssues).toContain('PHASE_SAMPLE_ACCOUNT_MISSING');

    // Full historical (every account of the sample, the expected count) → approve → loaded → incremental.
    const full = await send('20250203000001', usage(history));
    expect(full).toMatchObject({ phase: 'full', round: 2, status: 'awaiting-review' });
    expect((await decide(full.id, 'approve')).statusCode).toBe(200);
    await h.app.worker.drain();
    expect((await get(`/api/deliveries/${full.id}`)).status).toBe('loaded');
    expect(await feed()).toMatchObject({ phase: 'incremental' });

    // The first incremental waits for a person; approving it puts the feed in auto.
    const inc1 = await send('20250301000000', usage(months([2025, 2], 1)));
    expect(inc1).toMatchObject({ phase: 'incremental', status: 'awaiting-review' });
    await decide(inc1.id, 'approve');
    await h.app.worker.drain();
    expect((await get(`/api/deliveries/${inc1.id}`)).status).toBe('loaded');
    expect(await feed()).toMatchObject({ phase: 'auto' });

    // The next incremental loads with no person.
    const inc2 = await send('20250401000000', usage(months([2025, 3], 1)), { asOf: '2025-04-02' });
    expect(inc2).toMatchObject({ phase: 'incremental', status: 'loaded' });
    const trail = (await get(`/api/deliveries/${inc2.id}/audit`)).entries;
    expect(trail.filter((e: { actor: string }) => !e.actor.startsWith('system')).map((e: { action: string }) => e.action)).toEqual(['receive']);
    const loads = await listLoads(h.app.db, 'demo');
    expect(loads.filter((l) => l.status === 'loaded').map((l) => l.deliveryId).sort()).toEqual([full.id, inc1.id, inc2.id].sort());

    // Continuity against what is loaded: a read ending before the last loaded one is refused, and not auto-loaded.
    const stale = await send('20250501000000', usage([{ dateTo: '20240615', duration: '10' }]), { asOf: '2025-05-02' });
    expect(stale.status).toBe('rejected');
    expect((await get(`/api/deliveries/${stale.id}/report`)).issues.map((i: { code: string }) => i.code)).toContain('PHASE_READ_BEFORE_LOADED');

    // The customer view shows what was loaded, with the lineage of each bill.
    const hits = (await get(`/api/utilities/demo/customers?q=${acct(5)}`, utilityToken)).customers;
    expect(hits[0]).toMatchObject({ accountId: acct(5), customerId: `C${acct(5)}` });
    const view = await get(`/api/utilities/demo/accounts/${acct(5)}`, utilityToken);
    expect(view.servicePoints.map((s: { id: string }) => s.id)).toEqual([`S${acct(5)}`]);
    expect(view.bills.map((b: { dateTo: string }) => b.dateTo)).toEqual([...history, ...months([2025, 2], 2)].map((p) => p.dateTo));
    expect(view.bills.at(-1).source.deliveryId).toBe(inc2.id);
    expect((await api.inject({ method: 'GET', url: `/api/utilities/demo/accounts/nope`, headers: bearer(operator) })).statusCode).toBe(404);

    // The reports render as HTML and as the issues CSV; another utility's token sees none of it.
    const html = await api.inject({ method: 'GET', url: `/api/deliveries/${r1.id}/report.html`, headers: bearer(utilityToken) });
    expect(html.headers['content-type']).toMatch(/text\/html/);
    expect(html.body).toContain('FIELD_BAD_DATE');
    const csv = await api.inject({ method: 'GET', url: `/api/deliveries/${r1.id}/issues.csv`, headers: bearer(operator) });
    expect(csv.body.split('\n')[0]).toBe('file,line,column,code,severity,value,key,message');
    expect(csv.body.split('\n').filter((l) => l.includes('FIELD_BAD_DATE'))).toHaveLength(3);
    const other = await createToken(h.app.db, { role: 'utility', utility: 'oth' });
    expect((await api.inject({ method: 'GET', url: `/api/deliveries/${r1.id}/report`, headers: bearer(other) })).statusCode).toBe(403);
    expect((await api.inject({ method: 'GET', url: `/api/utilities/demo/accounts/${acct(5)}`, headers: bearer(other) })).statusCode).toBe(403);
  });
});
