/** Runs the CLI in-process with captured output (fast), or as a child process of the built bin (end to end). */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/main.js';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runCli(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<CliResult> {
  const out = new PassThrough();
  const err = new PassThrough();
  const o: Buffer[] = [];
  const e: Buffer[] = [];
  out.on('data', (c: Buffer) => o.push(c));
  err.on('data', (c: Buffer) => e.push(c));
  const code = await main(args, { stdout: out, stderr: err, env, cwd: process.cwd() });
  return { code, stdout: Buffer.concat(o).toString(), stderr: Buffer.concat(e).toString() };
}

export const BIN = path.resolve(import.meta.dirname, '../../bin/intake.js');

/**
 * Spawns `node bin/intake.js` (needs `npm run build`); reports the child's peak RSS in bytes. `imports`: more
 * modules for the child to preload (`node --import`), e.g. log-workers.mjs.
 */
export function spawnCli(args: string[], opts: { timeoutMs?: number; env?: NodeJS.ProcessEnv; imports?: readonly string[] } = {}): Promise<CliResult & { maxRssBytes: number; ms: number }> {
  const started = Date.now();
  const preload = [path.resolve(import.meta.dirname, 'report-rss.mjs'), ...(opts.imports ?? [])].flatMap((m) => ['--import', m]);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...preload, BIN, ...args], {
      env: { ...process.env, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const o: Buffer[] = [];
    const e: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => o.push(c));
    child.stderr.on('data', (c: Buffer) => e.push(c));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const stderr = Buffer.concat(e).toString();
      const m = /INTAKE_MAX_RSS_KB=(\d+)/.exec(stderr);
      resolve({ code: code ?? -1, stdout: Buffer.concat(o).toString(), stderr: stderr.replace(/INTAKE_MAX_RSS_KB=\d+\n?/, ''), maxRssBytes: m ? Number(m[1]) * 1024 : -1, ms: Date.now() - started });
    });
  });
}
