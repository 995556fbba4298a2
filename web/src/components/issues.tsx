/** The issues of a report: filterable by severity and code, grouped by severity, each row opening its detail. */
import { useMemo, useState } from 'react';
import type { ReportIssue } from '../api.js';
import { int } from '../format.js';
import { href } from '../router.js';
import { SeverityBadge } from './ui.js';

const ORDER = ['error', 'warning', 'info'] as const;

/** The id of an issue in the drill-down URL: its fingerprint, or its position when the report has none. */
export const issueKey = (i: ReportIssue, index: number): string => i.fingerprint || `#${index}`;

export interface IssueRow {
  readonly issue: ReportIssue;
  /** Where the code links to (the issue's drill-down); none for issues without a page. */
  readonly link?: string;
}

/** A table of issues: code (linking to the drill-down), where, count, message, fix and the first examples. */
export function IssueTable({ rows, caption, showSeverity = false }: { rows: readonly IssueRow[]; caption: string; showSeverity?: boolean }): React.JSX.Element {
  return (
    <div className="table-wrap" tabIndex={0}>
      <table className="issues">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Code</th>{showSeverity && <th scope="col">Severity</th>}<th scope="col">Where</th>
            <th scope="col" className="num">Count</th><th scope="col">Message and fix</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ issue: i, link }, n) => (
            <tr key={n} data-code={i.code}>
              <th scope="row">{link ? <a href={link}><code>{i.code}</code></a> : <code>{i.code}</code>}</th>
              {showSeverity && <td data-label="Severity"><SeverityBadge severity={i.severity} /></td>}
              <td className="where" data-label="Where">{i.file ? <span className="file">{i.file}</span> : <span className="muted">delivery</span>}{i.column && <> · <code>{i.column}</code></>}</td>
              <td className="num" data-label="Count">{int(i.count)}</td>
              <td className="what">
                <p className="msg">{i.message}</p>
                {i.hint && <p className="hint"><span className="hint-label">Fix:</span> {i.hint}</p>}
                {i.examples.length > 0 && <p className="examples muted">e.g. {exampleText(i)}</p>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const exampleText = (i: ReportIssue): string =>
  i.examples.slice(0, 3).map((e) => [e.line !== undefined ? `line ${e.line}` : undefined, e.value !== undefined ? `“${e.value}”` : undefined, e.line === undefined && e.value === undefined ? e.key ?? e.detail : undefined].filter(Boolean).join(' ')).join('; ');

export function IssuesPanel({ deliveryId, issues }: { deliveryId: string; issues: readonly ReportIssue[] }): React.JSX.Element {
  const [severity, setSeverity] = useState<string>('all');
  const [code, setCode] = useState<string>('all');
  const codes = useMemo(() => [...new Set(issues.map((i) => i.code))].sort(), [issues]);
  // Keep each issue's position in the report: it is the drill-down key when the report has no fingerprints.
  const indexed = issues.map((i, n) => ({ i, n }));
  const shown = indexed.filter(({ i }) => (severity === 'all' || i.severity === severity) && (code === 'all' || i.code === code));
  if (issues.length === 0) return <p className="ok-text">No issues: every check passed.</p>;
  return (
    <>
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filter issues">
        <label>Severity{' '}
          <select value={severity} onChange={(e) => setSeverity(e.target.value)}>
            <option value="all">All</option>
            {ORDER.map((s) => <option key={s} value={s}>{s} ({issues.filter((i) => i.severity === s).length})</option>)}
          </select>
        </label>
        <label>Code{' '}
          <select value={code} onChange={(e) => setCode(e.target.value)}>
            <option value="all">All codes</option>
            {codes.map((c) => <option key={c} value={c}>{c}</option>)}
          </select>
        </label>
        <span role="status" className="muted">{shown.length} of {issues.length} issues shown</span>
      </form>
      {ORDER.map((s) => {
        const group = shown.filter(({ i }) => i.severity === s).sort((a, b) => a.i.code.localeCompare(b.i.code));
        if (group.length === 0) return null;
        return (
          <section key={s} aria-labelledby={`sev-${s}`} className={`sev sev-${s}`}>
            <h3 id={`sev-${s}`}>{s === 'error' ? 'Errors' : s === 'warning' ? 'Warnings' : 'Information'} <span className="muted">({group.length} issues, {int(group.reduce((n, g) => n + g.i.count, 0))} occurrences)</span></h3>
            <IssueTable caption={`${s} issues`} rows={group.map(({ i, n }) => ({ issue: i, link: href({ page: 'issue', id: deliveryId, fingerprint: issueKey(i, n) }) }))} />
          </section>
        );
      })}
    </>
  );
}

