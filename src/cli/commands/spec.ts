/** `intake spec`: the standards as the registry holds them, for people (text) and programs (--json). */
import { writeFile } from 'node:fs/promises';
import { findStandard, STANDARD_NAMES, STANDARDS } from '../../spec/registry.js';
import { mappingTemplate, requirementText, typeText } from '../../spec/template.js';
import type { StandardSpec } from '../../spec/types.js';
import { parse } from '../args.js';
import type { Command } from '../command.js';

const HELP = `Usage: intake spec [STANDARD] [--json] [--template FILE]

Without STANDARD, lists the standards. With it, prints the standard: file types, the file-name convention,
columns in order with type, requirement and allowed values, and the rules. Rules and columns marked (Intake) are
Intake's completion of gaps in the public documentation.

Options:
  --json           print the standard (or the list) as JSON
  --template FILE  write the mapping template (CSV: column, type, required, allowed values, description, and
                   empty columns for the utility's source field) that an extract engineer fills in
`;

function renderText(s: StandardSpec): string {
  const out: string[] = [`${s.title} (${s.id}), version ${s.version}`, s.summary, '', `File names: ${s.fileName.pattern}`, ''];
  for (const ft of s.fileTypes) {
    out.push(`File type "${ft.id}": ${ft.title}${ft.layout ? ` [layout ${ft.layout}]` : ''}`);
    ft.columns.forEach((c, i) => {
      const allowed = c.allowed ? `  {${c.allowed.join(', ')}}` : '';
      out.push(`  ${String(i + 1).padStart(2)}. ${c.name.padEnd(28)} ${typeText(c).padEnd(22)} ${requirementText(c.requirement)}${allowed}${c.source === 'intake' ? '  (Intake)' : ''}`);
    });
    out.push('');
  }
  out.push('Rules:');
  for (const r of s.rules) out.push(`  - [${r.scope}] ${r.text}${r.source === 'intake' ? ' (Intake)' : ''}  → ${r.codes.join(', ')}  (${r.specRef})`);
  out.push('', 'Version history:');
  for (const v of s.versions) out.push(`  ${v.version}  ${v.date}  ${v.change}`);
  return `${out.join('\n')}\n`;
}

export const specCommand: Command = {
  name: 'spec',
  summary: 'list the standards, print one, or write its mapping template',
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parse(args, { json: { type: 'boolean' }, template: { type: 'string' } });
    const id = positionals[0];
    if (!id) {
      if (values.json) {
        io.stdout.write(`${JSON.stringify(STANDARD_NAMES.map((n) => ({ id: n, implemented: STANDARDS.some((s) => s.id === n), version: STANDARDS.find((s) => s.id === n)?.version ?? null })), null, 2)}\n`);
        return 0;
      }
      io.stdout.write('Standards:\n');
      for (const n of STANDARD_NAMES) {
        const s = STANDARDS.find((x) => x.id === n);
        io.stdout.write(`  ${n.padEnd(26)} ${s ? `v${s.version}  ${s.title}` : '(not yet implemented)'}\n`);
      }
      return 0;
    }
    const s = findStandard(id);
    if (!s) {
      io.stderr.write(`intake spec: unknown or not yet implemented standard "${id}"\n`);
      return 2;
    }
    if (values.template) {
      await writeFile(values.template, mappingTemplate(s));
      io.stdout.write(`wrote ${values.template}\n`);
      return 0;
    }
    io.stdout.write(values.json ? `${JSON.stringify(s, null, 2)}\n` : renderText(s));
    return 0;
  },
};
