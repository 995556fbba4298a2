/** `intake explain CODE`: what a diagnostic code means and how to fix it. */
import { CATALOGUE, hasDiagnostic, diagnostic } from '../../checks/catalogue.js';
import { parse } from '../args.js';
import { UsageError, type Command } from '../command.js';

export const explainCommand: Command = {
  name: 'explain',
  summary: 'explain a diagnostic code (or list them all with --list)',
  help: `Usage: intake explain CODE
       intake explain --list

Prints what a diagnostic code means, its severity, how to fix it and the spec section it comes from.
`,
  async run(args, io) {
    const { values, positionals } = parse(args, { list: { type: 'boolean' }, json: { type: 'boolean' } });
    if (values.list) {
      for (const d of CATALOGUE) io.stdout.write(`${d.code.padEnd(32)} ${d.severity.padEnd(8)} ${d.title}\n`);
      return 0;
    }
    const code = positionals[0]?.toUpperCase();
    if (!code) throw new UsageError('name a code, e.g. intake explain FIELD_BAD_DATE');
    if (!hasDiagnostic(code)) {
      io.stderr.write(`intake explain: unknown code ${code}; \`intake explain --list\` lists them\n`);
      return 2;
    }
    const d = diagnostic(code);
    if (values.json) {
      io.stdout.write(`${JSON.stringify(d, null, 2)}\n`);
      return 0;
    }
    io.stdout.write(`${d.code} (${d.severity}, ${d.scope}): ${d.title}\n\n  ${d.template.replace(/\{(\w+)\}/g, '<$1>')}\n\nHow to fix: ${d.hint}\nSpec: ${d.specRef}\n`);
    return 0;
  },
};
