/** Reports for what the SFTP server itself decides (manifest checks, decryption), in the one report shape. */
import { diagnostic, renderMessage } from '../checks/catalogue.js';
import type { Report, ReportFile, ReportIssue } from '../report/types.js';

// The CLI's version; not imported from cli/ because the CLI's serve command imports this module.
const VERSION = '0.1.0';

export interface TransferProblem {
  readonly code: string;
  readonly file?: string;
  readonly expected?: string;
  readonly received?: string;
}

/** Builds a report for files that never reached validation, with one issue per problem. */
export function transferReport(files: readonly { name: string; bytes: number }[], problems: readonly TransferProblem[], now: Date): Report {
  const issues: ReportIssue[] = problems.map((p) => {
    const def = diagnostic(p.code);
    return {
      code: p.code,
      severity: def.severity,
      ...(p.file !== undefined ? { file: p.file } : {}),
      count: 1,
      message: renderMessage(p.code, { expected: p.expected, received: p.received }),
      hint: def.hint,
      specRef: def.specRef,
      examples: [],
      fingerprint: `${p.code}::`,
    };
  });
  const count = (sev: string, file?: string): number =>
    issues.filter((i) => i.severity === sev && (file === undefined || i.file === file)).length;
  const reportFiles: ReportFile[] = files.map((f) => ({
    name: f.name, rows: 0, bytes: f.bytes, uncompressedBytes: 0, compression: 'unknown',
    errors: count('error', f.name), warnings: count('warning', f.name),
  }));
  const errors = count('error');
  return {
    tool: 'intake', version: VERSION, generatedAt: now.toISOString(),
    summary: { files: files.length, rows: 0, errors, warnings: count('warning'), infos: count('info'), passed: errors === 0 },
    files: reportFiles, issues, profile: {},
    truncated: ['The files were not validated: the transfer checks above failed first.'],
    elapsedMs: 0,
  };
}
