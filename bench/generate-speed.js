// Generation speed: a legacy-billing delivery whose usage file holds about 1 M rows, written to a temp folder
// outside the repository. Needs `npm run build` first (imports the compiled generator from dist/).
// Runs alone (`node bench/generate-speed.js`) or from bench/run.js through the default export.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generate } from '../dist/generate/index.js';

// About 23 usage rows per account over the default 18-month window: 43,500 accounts give ~1 M usage rows.
const ACCOUNTS = 43500;

export default async function run() {
  const out = await mkdtemp(join(tmpdir(), 'intake-bench-generate-'));
  try {
    const started = process.hrtime.bigint();
    const manifest = await generate({ standard: 'legacy-billing', accounts: ACCOUNTS, out, seed: 1, compress: 'gz' });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const usage = manifest.files.find((f) => f.name.includes('_usage_'));
    const rows = usage ? usage.rows : 0;
    const rowsPerSecond = Math.round(rows / seconds);
    console.log(`generate: ${rows} rows in ${seconds.toFixed(2)} s = ${rowsPerSecond} rows/s`);
    return { name: 'generate-usage-1M', rows, seconds, rowsPerSecond };
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  run().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
