import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../src/api/tokens.js';
import type { Actor } from '../../src/workflow/types.js';
import { usageDelivery } from '../workflow/helpers.js';
import { apiHarness, bearer, upload } from './helpers.js';

const OP: Actor = { kind: 'operator', name: 'setup' };
const good = (sp: string) => [sp, '12.5', '20250131', '30', 'A'];

describe('HTTP API', () => {
  let h: Awaited<ReturnType<typeof apiHarness>>;
  let demoToken: string;
  let otherToken: string;
  beforeAll(async () => {
    h = await apiHarness();
    await h.service.addUtility({ code: 'demo', name: 'Demo Power' }, OP);
    await h.service.addUtility({ code: 'oth', name: 'Other Gas' }, OP);
    demoToken = await createToken(h.app.db, { role: 'utility', utility: 'demo', label: 'demo-sftp' });
    otherToken = await createToken(h.app.db, { role: 'utility', utility: 'oth' });
  });
  afterAll(async () => { await h?.close(); });

  const get = (url: string, token = h.operator) => h.api.inject({ method: 'GET', url, headers: bearer(token) });
  const post = (url: string, token: string, body: object = {}) => h.api.inject({ method: 'POST', url, headers: bearer(token), payload: body });

  it('answers /healthz without a token', async () => {
    const r = await h.api.inject({ method: 'GET', url: '/healthz' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ ok: true });
  });

  it('needs a known bearer token on /api', async () => {
    expect((await h.api.inject({ method: 'GET', url: '/api/utilities' })).json()).toEqual({ error: { code: 'AUTH_REQUIRED', message: expect.any(String) } });
    const bad = await get('/api/utilities', 'intk_nope');
    expect(bad.statusCode).toBe(401);
    expect(bad.json().error.code).toBe('AUTH_INVALID');
  });

  it('tells the caller who they are', async () => {
    expect((await get('/api/me')).json()).toEqual({ role: 'operator', utility: null, label: 'ann' });
    expect((await get('/api/me', demoToken)).json()).toEqual({ role: 'utility', utility: 'demo', label: 'demo-sftp' });
  });

  it('shows a utility token its own utility only', async () => {
    expect((await get('/api/utilities')).json().utilities.map((u: { code: string }) => u.code)).toEqual(['demo', 'oth']);
    expect((await get('/api/utilities', demoToken)).json().utilities.map((u: { code: string }) => u.code)).toEqual(['demo']);
    expect((await get('/api/utilities/oth', demoToken)).statusCode).toBe(403);
    expect((await get('/api/utilities/nope')).statusCode).toBe(404);
  });

  it('lets only an operator change a profile, and checks it', async () => {
    const put = (token: string, body: object) => h.api.inject({ method: 'PUT', url: '/api/utilities/demo/profile', headers: bearer(token), payload: body });
    expect((await put(demoToken, { eu: true })).statusCode).toBe(403);
    const bad = await put(h.operator, { nope: 1 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('INVALID_INPUT');
    const ok = await put(h.operator, { eu: true, expectedAccounts: 3 });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ eu: true, expectedAccounts: 3 });
    const patched = await h.api.inject({ method: 'PATCH', url: '/api/utilities/demo/profile', headers: bearer(h.operator), payload: { usesCcb: true } });
    expect(patched.json().profile).toEqual({ eu: true, expectedAccounts: 3, usesCcb: true });
  });

  it('uploads a delivery, validates it, and lets an operator (not the utility) approve it', async () => {
    const files = await usageDelivery(h.dataDir, '20250101000000', [good('sp1'), good('sp2')]);
    const r = await upload(h.api, demoToken, 'demo', files);
    expect(r.statusCode).toBe(201);
    const d = r.json();
    expect(d).toMatchObject({ utility: 'demo', standard: 'legacy-billing', phase: 'sample', round: 1, status: 'received', files: [{ name: files[0]?.name }] });
    expect(d.files[0].path).toBeUndefined();
    expect(existsSync(path.join(h.dataDir, 'files', 'demo', d.id, files[0]?.name ?? ''))).toBe(true);
    await h.app.worker.drain();
    expect((await get(`/api/deliveries/${d.id}`, demoToken)).json().status).toBe('awaiting-review');
    expect((await get(`/api/deliveries/${d.id}/report`, demoToken)).json().summary).toMatchObject({ passed: true, rows: 2 });

    const denied = await post(`/api/deliveries/${d.id}/approve`, demoToken, { comment: 'self-approve' });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error.code).toBe('FORBIDDEN');
    expect((await post(`/api/deliveries/${d.id}/reject`, demoToken)).statusCode).toBe(403);

    const ok = await post(`/api/deliveries/${d.id}/approve`, h.operator, { comment: 'fine' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().status).toBe('approved');
    expect((await get('/api/utilities/demo')).json().feeds).toMatchObject([{ standard: 'interval', phase: 'sample', status: 'waiting' }, { standard: 'legacy-billing', phase: 'full', status: 'approved' }]);
    const again = await post(`/api/deliveries/${d.id}/approve`, h.operator);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('DELIVERY_ILLEGAL_TRANSITION');
    const trail = (await get(`/api/deliveries/${d.id}/audit`)).json().entries;
    expect(trail.slice(-2)).toMatchObject([
      { action: 'approve', from: 'awaiting-review', to: 'approved', actor: 'operator:ann', comment: 'fine' },
      { action: 'sample-approved', from: 'sample', to: 'full', actor: 'operator:ann' },
    ]);
    expect((await get('/api/utilities/demo/audit', demoToken)).json().entries.length).toBeGreaterThan(3);
  });

  it('refuses a phase the feed is not in with a coded 409', async () => {
    const r = await upload(h.api, demoToken, 'demo', await usageDelivery(h.dataDir, '20250102000000', [good('sp1')]), { phase: 'incremental' });
    expect(r.statusCode).toBe(409);
    expect(r.json().error.code).toBe('GATE_HISTORY_NOT_LOADED');
  });

  it('keeps a utility out of another utility\'s deliveries', async () => {
    const mine = await upload(h.api, otherToken, 'oth', await usageDelivery(h.dataDir, '20250103000000', [good('x1')]));
    expect(mine.statusCode).toBe(201);
    const id = mine.json().id;
    for (const suffix of ['', '/report', '/diff', '/audit']) expect((await get(`/api/deliveries/${id}${suffix}`, demoToken)).statusCode).toBe(403);
    expect((await get('/api/deliveries?utility=oth', demoToken)).statusCode).toBe(403);
    expect((await upload(h.api, demoToken, 'oth', await usageDelivery(h.dataDir, '20250103000001', [good('x1')]))).statusCode).toBe(403);
    const list = (await get('/api/deliveries', demoToken)).json().deliveries;
    expect(list.length).toBeGreaterThan(0);
    expect(list.every((d: { utility: string }) => d.utility === 'demo')).toBe(true);
    const all = (await get('/api/deliveries')).json().deliveries.map((d: { utility: string }) => d.utility);
    expect(new Set(all)).toEqual(new Set(['demo', 'oth']));
    expect(all[0]).toBe('oth'); // newest first
  });

  it('reports a round diff and a coded 409 before validation', async () => {
    const r1 = await upload(h.api, otherToken, 'oth', await usageDelivery(h.dataDir, '20250104000000', [['x1', 'BAD', '20250131', '30', 'A'], ['x2', 'BAD', '20250131', '30', 'A']]));
    expect((await get(`/api/deliveries/${r1.json().id}/report`)).json().error.code).toBe('REPORT_NOT_READY');
    await h.app.worker.drain();
    const r2 = await upload(h.api, otherToken, 'oth', await usageDelivery(h.dataDir, '20250105000000', [['x1', 'BAD', '20250131', '30', 'A'], good('x2')]));
    await h.app.worker.drain();
    const diff = (await get(`/api/deliveries/${r2.json().id}/diff`, otherToken)).json();
    expect(diff).toMatchObject({ round: 3, previousDeliveryId: r1.json().id, counts: { fixed: 1, new: 0, open: 1 } });
    expect(diff.fixed[0]).toMatchObject({ code: 'FIELD_BAD_DATE', column: 'usage_value', key: 'x2' });
  });

  it('refuses a non-multipart upload and an unknown standard', async () => {
    const r = await post('/api/utilities/demo/deliveries', h.operator, { files: [] });
    expect(r.statusCode).toBe(400);
    const dir = await usageDelivery(h.dataDir, '20250106000000', [good('sp1')]);
    const odd = await upload(h.api, h.operator, 'demo', [{ name: 'export.tsv', path: dir[0]?.path ?? '' }]);
    expect(odd.statusCode).toBe(400);
    expect(odd.json().error.code).toBe('DELIVERY_STANDARD_UNKNOWN');
  });

  it('serves the specs and a mapping template', async () => {
    const specs = (await get('/api/specs', demoToken)).json().specs;
    expect(specs.map((s: { id: string }) => s.id)).toEqual(['legacy-billing', 'interval']);
    expect(specs[0].fileTypes.map((f: { id: string }) => f.id)).toContain('usage');
    expect((await get('/api/specs/interval')).json().phases).toEqual(['sample', 'incremental']);
    const csv = await get('/api/specs/legacy-billing/template.csv');
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.body.split('\n')[0]).toMatch(/^file_type,position,column,/);
    expect(csv.body).toMatch(/\nusage,3,date_to,Usage,/);
    expect((await get('/api/specs/nope')).statusCode).toBe(404);
  });

  it('answers unknown API routes with a coded 404', async () => {
    const r = await get('/api/nothing-here');
    expect(r.statusCode).toBe(404);
    expect(r.json().error.code).toBe('NOT_FOUND');
  });
});
