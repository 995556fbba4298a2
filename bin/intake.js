#!/usr/bin/env -S MALLOC_ARENA_MAX=2 node
// The CLI entry: runs the compiled TypeScript (built by `npm run build`, which `npm ci` runs via `prepare`).
// The benchmark reads the environment and any Node flags from the first line (bench/run.js).
//
// No V8 flags: a larger inlining budget (--max-inlined-bytecode-size=1500, cumulative 6000) once made the
// interval file 20 % faster, when it was read on one thread. With the reader thread it made the legacy delivery
// about 5 % slower and the interval file about 2 % slower (medians of interleaved pairs): every optimisation,
// and every re-optimisation after a rarely taken branch, compiled much larger functions, on a second core that
// the checks need (docs/performance.md).
//
// MALLOC_ARENA_MAX=2: glibc gives each thread that allocates its own malloc arena and keeps its pages when the
// thread ends. The reader thread of a customer file (docs/performance.md) then left about 15 MB resident into
// the next file; with two arenas the legacy benchmark delivery peaks at 236–243 MB instead of 250–258 MB.
// (Ignored where the C library is not glibc.)
import { main } from '../dist/cli/main.js';

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => {
    process.stderr.write(`intake: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
