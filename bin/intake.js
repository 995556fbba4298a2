#!/usr/bin/env node
// The CLI entry: runs the compiled TypeScript (built by `npm run build`, which `npm ci` runs via `prepare`).
import { main } from '../dist/cli/main.js';

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => {
    process.stderr.write(`intake: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
