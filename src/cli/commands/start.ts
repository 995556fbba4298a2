/** `intake start` (= `npm start`): the embedded store under ./data, a demo utility, an operator token, then serve. */
import { parseArgs } from 'node:util';
import { createToken } from '../../api/tokens.js';
import { seedDemo } from '../../app/demo.js';
import { UsageError, type Command } from '../command.js';
import { SERVE_HELP_OPTIONS, SERVE_OPTIONS, serveWith } from './serve.js';

export const startCommand: Command = {
  name: 'start',
  summary: 'Run the platform with a demo utility (what `npm start` does)',
  help: `Usage: intake start [options]

Opens the store (embedded PGlite under ./data unless DATABASE_URL is set), creates the demo utility "demo"
with generated deliveries in several phases when it is not there yet, prints the URL and a new operator
token, and serves like \`intake serve\`.

${SERVE_HELP_OPTIONS}`,
  async run(args, io) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, strict: true, options: SERVE_OPTIONS });
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    let token = '';
    return serveWith(
      values,
      io,
      async (app) => {
        await seedDemo(app, (l) => io.stderr.write(`intake: ${l}\n`));
        token = await createToken(app.db, { role: 'operator', label: 'start' });
      },
      (url) => {
        io.stdout.write(`\nIntake is running${url ? ` at ${url}` : ''}\nOperator token: ${token}\n`);
        if (url) io.stdout.write(`Try: curl -H "Authorization: Bearer ${token}" ${url}/api/utilities\n`);
        io.stdout.write('Stop with Ctrl-C.\n\n');
      },
    );
  },
};
