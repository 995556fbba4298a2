/** Renders docs/diagnostics.md from the catalogue; a test fails when the checked-in file drifts. */
import { CATALOGUE, RETIRED_CODES } from './catalogue.js';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderDiagnosticsDoc(): string {
  const lines = [
    '# Diagnostics',
    '',
    'Every issue Intake reports has a stable code. Codes are never renamed or reused; wording may improve.',
    'This file is generated from `src/checks/catalogue.ts` (`npm run docs`); a test fails when the two differ.',
    'Run `intake explain CODE` for one code.',
    '',
    '| code | severity | scope | meaning | how to fix | spec |',
    '|---|---|---|---|---|---|',
    ...CATALOGUE.map((d) => `| \`${d.code}\` | ${d.severity} | ${d.scope} | ${cell(d.title)}: ${cell(d.template)} | ${cell(d.hint)} | ${cell(d.specRef)} |`),
    '',
    '## Retired codes',
    '',
    RETIRED_CODES.length ? RETIRED_CODES.map((c) => `- \`${c}\``).join('\n') : 'None yet.',
    '',
  ];
  return lines.join('\n');
}
