/**
 * Browser tests of the web UI against a real `intake serve` (a child process on a loopback port, a temp
 * DATA_DIR), seeded through the CLI and the API with deliveries from `intake generate`. Chromium is Debian's
 * (/usr/bin/chromium; .ci/run installs it), driven by playwright-core.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/intake.js');
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
/** Sample deliveries need at least 10,000 accounts to pass (spec/DECISIONS.md, phases). */
const SAMPLE_ACCOUNTS = 10_000;
const WAIT = { timeout: 15_000, interval: 100 };
/** Uncaught errors of any page: a test fails if its pages threw. */
const pageErrors: string[] = [];

let dir: string;
let env: NodeJS.ProcessEnv;
let server: ChildProcess | undefined;
let serverLog = '';
let base: string;
let browser: Browser;
let operatorToken: string;
let utilityToken: string;
const ids: { rejected?: string; clean?: string } = {};

async function intake(...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, [BIN, ...args], { env, cwd: dir, maxBuffer: 16 << 20 });
  return stdout;
}

/** The token printed by `intake token create` (its last word, or `token` of its JSON). */
function tokenOf(out: string): string {
  const text = out.trim();
  try {
    const o = JSON.parse(text) as { token?: unknown };
    if (typeof o.token === 'string') return o.token;
  } catch { /* not JSON: plain output */ }
  const t = text.split(/\s+/).at(-1);
  if (!t) throw new Error(`no token in: ${out}`);
  return t;
}

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a ? ok(a.port) : fail(new Error('no port'))));
    });
  });
}

async function api(path: string, token = operatorToken, init: RequestInit = {}): Promise<Response> {
  return fetch(base + path, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string> | undefined) } });
}

async function generate(out: string, accounts: number, seed: number, defects: number): Promise<string[]> {
  await intake('generate', '--standard', 'legacy-billing', '--utility', 'demo', '--accounts', String(accounts), '--seed', String(seed), '--defects', String(defects), '--phase', 'sample', '--out', out);
  return (await readdir(out)).filter((f) => f !== 'manifest.json').sort().map((f) => join(out, f));
}

async function upload(paths: readonly string[], token = operatorToken): Promise<string> {
  const form = new FormData();
  for (const p of paths) form.append('files', new Blob([await readFile(p)]), p.split('/').at(-1));
  const res = await api('/api/utilities/demo/deliveries', token, { method: 'POST', body: form });
  expect(res.status, await res.clone().text()).toBeLessThan(300);
  const body = (await res.json()) as { id?: string | number; delivery?: { id: string | number } };
  return String(body.delivery?.id ?? body.id);
}

/** Waits until the delivery's validation has settled, and returns its status. */
async function settled(id: string): Promise<string> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const d = (await (await api(`/api/deliveries/${id}`)).json()) as { status: string };
    if (!['received', 'validating'].includes(d.status)) return d.status;
    if (Date.now() > deadline) throw new Error(`delivery ${id} still ${d.status}\n${serverLog}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The text of the first element a locator finds (or '' while there is none). */
async function text(l: Locator): Promise<string> {
  return (await l.first().textContent({ timeout: 1000 }).catch(() => null)) ?? '';
}

async function signIn(token: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
  const page = await browser.newPage({ viewport, reducedMotion: 'reduce' });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(base + '/');
  await page.getByLabel('Token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  return page;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'intake-web-'));
  const port = await freePort();
  env = { ...process.env, DATA_DIR: join(dir, 'data'), PORT: String(port), DATABASE_URL: '' };
  delete env.DATABASE_URL;
  base = `http://127.0.0.1:${port}`;

  // The store is embedded (PGlite, one process at a time), so the CLI seeds it before serve opens it; each CLI
  // run opens the store anew (seconds), so only what the API cannot do goes through it. The generator does not
  // touch the store and runs meanwhile.
  const generated = Promise.all([
    generate(join(dir, 'round1'), 200, 1, 0.01),
    generate(join(dir, 'round2'), SAMPLE_ACCOUNTS, 2, 0),
  ]);
  await intake('utility', 'add', 'demo', '--name', 'Demo Power & Light');
  utilityToken = tokenOf(await intake('token', 'create', '--role', 'utility', '--utility', 'demo'));
  operatorToken = tokenOf(await intake('token', 'create', '--role', 'operator'));
  const [bad, clean] = await generated;

  server = spawn(process.execPath, [BIN, 'serve', '--no-sftp'], { env, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout?.on('data', (b: Buffer) => { serverLog += b.toString(); });
  server.stderr?.on('data', (b: Buffer) => { serverLog += b.toString(); });
  const deadline = Date.now() + 30_000;
  for (;;) {
    const ok = await fetch(`${base}/healthz`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline || server.exitCode !== null) throw new Error(`intake serve did not start:\n${serverLog}`);
    await new Promise((r) => setTimeout(r, 200));
  }

  const acme = await api('/api/utilities', operatorToken, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: 'acme', name: 'Acme Gas' }) });
  expect(acme.status).toBe(201);
  ids.rejected = await upload(bad);
  expect(await settled(ids.rejected)).toBe('rejected');
  ids.clean = await upload(clean);
  expect(await settled(ids.clean)).toBe('awaiting-review');

  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server?.once('exit', r));
    server.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  }
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('web UI', () => {
  it('a utility user sees only its own utility and no approve button', async () => {
    const page = await signIn(utilityToken);
    // A utility user lands on its own utility.
    await expect.poll(() => text(page.getByRole('heading', { level: 1 })), WAIT).toContain('Demo Power & Light');
    expect(await page.locator('table.overview').count()).toBe(0);
    // Another utility's page shows the API's refusal, not its data.
    await page.goto(`${base}/#/utilities/acme`);
    await page.getByRole('alert').waitFor();
    expect(await text(page.locator('main'))).not.toContain('Acme Gas');
    await page.goto(`${base}/#/deliveries/${ids.clean}`);
    await page.getByTestId('verdict').waitFor();
    await page.getByText('Awaiting review').first().waitFor();
    expect(await page.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Reject' }).count()).toBe(0);
    // And the API behind it refuses the other utility.
    expect((await api('/api/utilities/acme', utilityToken)).status).toBeGreaterThanOrEqual(403);
    await page.close();
    expect(pageErrors).toEqual([]);
  });

  it('an operator opens a rejected delivery, drills into an issue, approves a clean round and sees the phase change', async () => {
    const page = await signIn(operatorToken);
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    const overview = page.locator('table.overview');
    await expect.poll(() => text(overview), WAIT).toContain('Demo Power & Light');
    await expect.poll(() => text(overview), WAIT).toContain('Acme Gas');
    await overview.getByRole('link', { name: /Demo Power & Light/ }).click();

    // The rejected first round, from the utility's deliveries.
    await page.getByRole('tab', { name: 'Deliveries' }).click();
    await page.locator(`tr[data-delivery="${ids.rejected}"]`).getByRole('link').click();
    await page.locator('[data-status="rejected"]').first().waitFor();
    await expect.poll(() => text(page.getByTestId('verdict')), WAIT).toContain('Not passed');

    // Issues by severity, then one issue's drill-down.
    await page.getByRole('tab', { name: /Issues/ }).click();
    const errors = page.locator('section.sev-error');
    await errors.waitFor();
    const first = errors.locator('tbody tr').first();
    const code = (await first.getAttribute('data-code')) ?? '';
    expect(code).toMatch(/^[A-Z0-9_]+$/);
    await first.getByRole('link', { name: code }).click();
    await expect.poll(() => text(page.getByRole('heading', { level: 1 })), WAIT).toContain(code);
    await page.getByRole('heading', { name: 'Examples' }).waitFor();

    // The clean round: approve it and see the feed move on to the full historical.
    await page.goto(`${base}/#/deliveries/${ids.clean}`);
    await expect.poll(() => text(page.getByTestId('feed-phase')), WAIT).toContain('Sample');
    await page.getByRole('tab', { name: 'Data profile' }).click();
    await page.getByRole('figure', { name: 'Reads per month' }).waitFor();
    await page.getByLabel('Comment for the utility').fill('Sample looks good.');
    await page.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => text(page.getByTestId('feed-phase')), WAIT).toContain('Full');
    await expect.poll(() => text(page.getByTestId('decision')), WAIT).toContain('Sample looks good.');
    await page.goto(`${base}/#/`);
    await expect.poll(() => text(page.locator('tr[data-utility="demo"][data-standard="legacy-billing"] [data-phase]')), WAIT).toContain('Full');

    await page.close();
    expect(pageErrors).toEqual([]);
  });

  it('a hand upload produces a delivery', async () => {
    const files = await generate(join(dir, 'hand'), 50, 3, 0);
    const page = await signIn(operatorToken);
    await page.getByRole('link', { name: 'Upload', exact: true }).click();
    await page.getByLabel('Utility').selectOption('demo');
    await page.getByLabel('Files').setInputFiles(files);
    await page.getByRole('button', { name: /^Upload/ }).click();
    await page.waitForURL(/#\/deliveries\/[^/]+$/);
    const id = decodeURIComponent(new URL(page.url()).hash.split('/').at(-1) ?? '');
    expect(id).not.toBe('');
    expect([ids.rejected, ids.clean]).not.toContain(id);
    await expect.poll(() => text(page.getByRole('heading', { level: 1 })), WAIT).toContain('legacy-billing');
    const d = (await (await api(`/api/deliveries/${id}`)).json()) as { utility: string; files: unknown[] };
    expect(d.utility).toBe('demo');
    expect(d.files).toHaveLength(files.length);
    await page.close();
    expect(pageErrors).toEqual([]);
  });
});
