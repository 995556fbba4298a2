// The CLI and the reader thread as a few bundled files (dist/bundle/), from what tsc compiled into dist/.
//
// Why: `intake validate` loads about 60 modules on its main thread and about 30 in the reader thread, each one
// resolved, read, compiled and linked by Node's ES module loader, both threads at once on a two-core machine.
// Bundled, each thread loads a handful: a 2,000-line file validates in 0.83 of the time (142 ms against 171 ms,
// median of 16 interleaved pairs), the 10.5 M-row legacy benchmark delivery in 0.957 (14 pairs; docs/performance.md,
// ninth pass). The commands stay separate chunks, loaded only when they run (src/cli/commands/index.ts), and every
// package stays outside the bundle.
//
// The output sits two directories below the package root, as the compiled modules do, so the paths that modules
// work out from import.meta.url (the package root, the store's migrations, the reader thread's script next to
// its client) are the same from the bundle as from dist/.
export default {
  input: { main: 'dist/cli/main.js', 'reader-thread': 'dist/validate/reader-thread.js' },
  // Node's built-in modules and the packages: imported at run time, as without the bundle.
  external: (id) => !id.startsWith('.') && !id.startsWith('/'),
  platform: 'node',
  output: { dir: 'dist/bundle', format: 'esm', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
};
