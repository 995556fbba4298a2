#!/usr/bin/env -S MALLOC_ARENA_MAX=2 node --max-inlined-bytecode-size=1500 --max-inlined-bytecode-size-cumulative=6000
// The CLI entry: runs the compiled TypeScript (built by `npm run build`, which `npm ci` runs via `prepare`).
//
// The V8 flags on the first line: the row checks of interval files are larger than V8's default inlining budget
// (460 bytes of bytecode per function, 920 per caller), so the helpers they call on every row stayed calls.
// With the larger budget a 5.76 M-row interval file validates in about 20 % less time (median of 8 interleaved
// pairs; docs/performance.md). V8 reads them only at start-up (v8.setFlagsFromString had no effect), hence the
// shebang, which `npm start` and the benchmark repeat (bench/run.js reads them from this line).
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
