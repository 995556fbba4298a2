#!/usr/bin/env -S MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=1048576 GLIBC_TUNABLES=glibc.malloc.hugetlb=1 node
// The CLI entry: runs the compiled TypeScript, bundled (built by `npm run build`, which `npm ci` runs via `prepare`;
// rolldown.config.mjs says why bundled).
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
//
// GLIBC_TUNABLES=glibc.malloc.hugetlb=1 with MALLOC_MMAP_THRESHOLD_=1048576: every allocation of 1 MiB or more
// (the key tables and per-key arrays, tens of MB for a customer file of half a million rows) gets its own
// mapping, which glibc marks for transparent huge pages (where the kernel has them on "madvise" or "always").
// The look-ups into those tables, a cache miss each, then miss the TLB far less and take 512 times fewer page
// faults: legacy delivery 0.90 and interval 0.91 of the wall time (medians of 8 and 6 interleaved pairs), at
// 14 MB more at the peak (218–225 MiB over 14 runs). The fixed threshold keeps that in bounds: with huge pages
// alone, big blocks freed into the heap stayed resident in whole huge pages (peaks of 230–324 MB); with the
// threshold alone, every big block is a new mapping without huge pages (1.06, slower). docs/performance.md.
// (All ignored where the C library is not glibc, or an older one.)
import { main } from '../dist/bundle/main.js';

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => {
    process.stderr.write(`intake: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
