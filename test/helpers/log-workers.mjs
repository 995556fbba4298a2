// Preloaded with `node --import` by test/cli/bundle.test.ts: prints the script of every worker thread the process
// starts ("worker: PATH" on stderr), so that a test can see which file the reader thread runs from.
import { createRequire, syncBuiltinESMExports } from 'node:module';

const require = createRequire(import.meta.url);
const threads = require('node:worker_threads');
const Original = threads.Worker;
threads.Worker = class extends Original {
  constructor(script, options) {
    process.stderr.write(`worker: ${script instanceof URL ? script.pathname : String(script)}\n`);
    super(script, options);
  }
};
// ES module imports of node:worker_threads see the patched class from here on.
syncBuiltinESMExports();
