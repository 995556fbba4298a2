/** `intake validate`: checks one delivery and reports, as the contract says (exit 0 / 1 / 2). */
import { access, readFile, writeFile } from 'node:fs/promises';
import { renderHtml } from '../../report/html.js';
import { renderTerminal } from '../../report/terminal.js';
import { resolveProfile } from '../../spec/profile.js';
import type { Phase } from '../../spec/types.js';
import { validateDelivery } from '../../validate/index.js';
import { isoDate, parse, positiveInt } from '../args.js';
import { UsageError, type Command } from '../command.js';

const HELP = `Usage: intake validate [options] FILE...

Validates one delivery: one or more files that belong together (e.g. a customer file and a usage file).
The standard and file type come from each file's name.

Options:
  --standard NAME        standard for files whose names do not follow the convention (the name is still reported)
  --utility CODE         the utility the files are for: names carrying another utility code draw a warning
  --phase PHASE          add the checks of a phase: sample, full or incremental
  --as-of YYYY-MM-DD     the date the phase rules are judged against (default: today)
  --profile FILE         a JSON file of utility profile overrides (allowNegativeUsage, usesCcb, timeZone, …)
  --json PATH            write the JSON report to PATH (- for stdout)
  --html PATH            write a self-contained HTML report to PATH
  --issues-csv PATH      write every occurrence of every issue, uncapped, to a CSV file
  --max-examples N       examples kept per issue (default 20)
  --show-pii             show personal data in examples (masked by default)
  --quiet                print no summary
  -h, --help             show this help

Exit status: 0 no errors (warnings allowed), 1 errors found, 2 could not run (bad usage, unreadable input).

Environment: INTAKE_READER_THREAD=0 reads every file on one thread (by default a second thread reads interval files
and legacy customer and usage files of 2 MiB and more while the checks run, one file after the other, inflating
gzip itself, and for interval and usage files hands blocks over unread when the checks' thread runs out of work);
INTAKE_READER_RAW=0 leaves all reading to that thread; INTAKE_SYNC_INFLATE=0 has it read gzip through Node's
stream; INTAKE_FAST_LANE=0 reads every row the general way. The report is the same.
`;

export const validateCommand: Command = {
  name: 'validate',
  summary: 'check a delivery against its standard and report what is wrong, where and how to fix it',
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parse(args, {
      standard: { type: 'string' },
      utility: { type: 'string' },
      phase: { type: 'string' },
      'as-of': { type: 'string' },
      profile: { type: 'string' },
      json: { type: 'string' },
      html: { type: 'string' },
      'issues-csv': { type: 'string' },
      'max-examples': { type: 'string' },
      'show-pii': { type: 'boolean' },
      quiet: { type: 'boolean' },
    });
    if (positionals.length === 0) throw new UsageError('name at least one FILE');
    const phase = values.phase;
    if (phase !== undefined && !['sample', 'full', 'incremental'].includes(phase)) throw new UsageError('--phase is sample, full or incremental');
    for (const f of positionals) {
      try {
        await access(f);
      } catch {
        io.stderr.write(`intake validate: cannot read ${f}\n`);
        return 2;
      }
    }
    let profile;
    if (values.profile) {
      try {
        profile = resolveProfile(JSON.parse(await readFile(values.profile, 'utf8')));
      } catch (err) {
        throw new UsageError(`--profile ${values.profile}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    const asOf = isoDate(values['as-of'], 'as-of');
    const maxExamples = positiveInt(values['max-examples'], 'max-examples');
    const progress = io.stderr.isTTY === true && values.json !== '-';
    let lastDraw = 0;
    const report = await validateDelivery(positionals, {
      ...(values.standard ? { standard: values.standard } : {}),
      ...(values.utility ? { utility: values.utility } : {}),
      ...(phase ? { phase: phase as Phase } : {}),
      ...(asOf ? { asOf } : {}),
      ...(profile ? { profile } : {}),
      ...(maxExamples !== undefined ? { maxExamples } : {}),
      ...(values['issues-csv'] ? { issuesCsvPath: values['issues-csv'] } : {}),
      showPii: values['show-pii'] === true,
      ...(progress
        ? {
            onProgress: (done: number, total: number) => {
              const now = Date.now();
              if (now - lastDraw < 200) return;
              lastDraw = now;
              io.stderr.write(`\r  validating… ${total ? Math.min(99, Math.floor((done / total) * 100)) : 0} %`);
            },
          }
        : {}),
    }).catch((err: unknown) => {
      if ((err as { code?: string }).code === 'VALIDATE_USAGE') throw new UsageError((err as Error).message);
      throw err;
    });
    if (progress) io.stderr.write('\r\u001b[K');
    const json = `${JSON.stringify(report, null, 2)}\n`;
    if (values.json === '-') io.stdout.write(json);
    else if (values.json) await writeFile(values.json, json);
    if (values.html) await writeFile(values.html, renderHtml(report));
    if (!values.quiet && values.json !== '-') io.stdout.write(renderTerminal(report, { color: io.stdout.isTTY === true && !io.env.NO_COLOR }));
    return report.summary.passed ? 0 : 1;
  },
};
