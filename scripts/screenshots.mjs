#!/usr/bin/env node
// Takes the README's screenshots of the web UI from what `npm start` shows: `intake start` (the demo utility with
// its generated deliveries) on a temp store and a free loopback port, driven by Debian's chromium.
// Usage: npm run build && node scripts/screenshots.mjs   (writes docs/screenshots/*.png)
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

/* global fetch */

const ROOT = resolve(import.meta.dirname, '..');
const OUT = join(ROOT, 'docs/screenshots');
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

const port = await new Promise((ok, fail) => {
  const s = createServer();
  s.once('error', fail);
  s.listen(0, '127.0.0.1', () => { const a = s.address(); s.close(() => ok(a.port)); });
});
const dir = await mkdtemp(join(tmpdir(), 'intake-shots-'));
const base = `http://127.0.0.1:${port}`;
const child = spawn(process.execPath, [join(ROOT, 'bin/intake.js'), 'start', '--no-sftp'], {
  cwd: dir, env: { ...process.env, PORT: String(port), DATA_DIR: join(dir, 'data'), DATABASE_URL: '' }, stdio: ['ignore', 'pipe', 'pipe'],
});
let log = '';
child.stderr.on('data', (b) => { log += b; });
const token = await new Promise((ok, fail) => {
  child.stdout.on('data', (b) => {
    log += b;
    const m = /Operator token: (\S+)/.exec(log);
    if (m) ok(m[1]);
  });
  child.once('exit', () => fail(new Error(`intake start exited:\n${log}`)));
});

let browser;
try {
  const get = async (path) => (await fetch(base + path, { headers: { authorization: `Bearer ${token}` } })).json();
  const { deliveries } = await get('/api/deliveries?utility=demo');
  const find = (standard, phase, round) => deliveries.find((d) => d.standard === standard && d.phase === phase && d.round === round);
  const rejected = find('legacy-billing', 'sample', 1);
  const full = find('legacy-billing', 'full', 1) ?? find('legacy-billing', 'sample', 2);
  const interval = find('interval', 'sample', 1);
  if (!rejected || !full) throw new Error(`the demo lacks its deliveries: ${JSON.stringify(deliveries.map((d) => [d.standard, d.phase, d.round, d.status]))}`);

  await mkdir(OUT, { recursive: true });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
  const page = await browser.newPage({ viewport: { width: 1280, height: 600 }, reducedMotion: 'reduce' });
  await page.goto(base + '/');
  await page.getByLabel('Token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('table.overview').waitFor();
  await page.screenshot({ path: join(OUT, 'overview.png') });

  const shoot = async (hash, ready, file, viewport = { width: 1280, height: 900 }, fullPage = true) => {
    await page.setViewportSize(viewport);
    await page.goto(`${base}/${hash}`);
    await page.locator(ready).first().waitFor();
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(OUT, file), fullPage });
  };
  await shoot(`#/deliveries/${rejected.id}`, '[data-testid="verdict"]', 'delivery.png');
  await shoot(`#/deliveries/${full.id}/data`, 'figure svg', 'delivery-data.png');
  if (interval) await shoot(`#/deliveries/${interval.id}/data`, '.interval figure svg', 'interval-data.png');
  await shoot(`#/deliveries/${rejected.id}/issues`, 'section.sev-error', 'delivery-phone.png', { width: 390, height: 844 }, false);
  process.stdout.write(`screenshots written to ${OUT}\n`);
} finally {
  await browser?.close();
  child.kill('SIGTERM');
  await new Promise((r) => { if (child.exitCode !== null) r(); else child.once('exit', r); });
  await rm(dir, { recursive: true, force: true });
}
