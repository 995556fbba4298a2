/** Drill-down into one issue of a delivery: what, where, how often, how to fix, and every example kept. */
import type { ReportIssue } from '../api.js';
import { ErrorBox, Facts, Loading, SeverityBadge } from '../components/ui.js';
import { int, shortId } from '../format.js';
import { useLoad, useTitle } from '../hooks.js';
import { href } from '../router.js';
import { useSession } from '../session.js';

/** Finds an issue by its key: a fingerprint, or `#n` for the n-th issue of a report without fingerprints. */
function find(issues: readonly ReportIssue[], key: string): ReportIssue | undefined {
  const byPrint = issues.find((i) => i.fingerprint === key);
  if (byPrint) return byPrint;
  const m = /^#(\d+)$/.exec(key);
  if (m) return issues[Number(m[1])];
  // A diff links by code|fileType|column (maybe with a row key after it): match those fields.
  const [code, fileType = '', column = ''] = key.split('|');
  return issues.find((i) => i.code === code && (i.fileType ?? '') === fileType && (i.column ?? '') === column);
}

export function IssuePage({ id, fingerprint }: { id: string; fingerprint: string }): React.JSX.Element {
  const { api } = useSession();
  const r = useLoad(() => api.report(id), [api, id]);
  const issue = r.data ? find(r.data.issues, fingerprint) : undefined;
  useTitle(issue ? `${issue.code} in delivery ${id}` : `Issue in delivery ${id}`);
  const standard = r.data?.standard ?? r.data?.files.find((f) => f.name === issue?.file)?.standard;
  return (
    <>
      <nav aria-label="Breadcrumb" className="crumbs">
        <ol>
          <li><a href={href({ page: 'delivery', id, tab: 'summary' })}>Delivery {shortId(id)}</a></li>
          <li><a href={href({ page: 'delivery', id, tab: 'issues' })}>Issues</a></li>
          <li aria-current="page">{issue?.code ?? 'Issue'}</li>
        </ol>
      </nav>
      <h1>{issue ? <><code>{issue.code}</code> <SeverityBadge severity={issue.severity} /></> : 'Issue'}</h1>
      {r.error && <ErrorBox error={r.error} retry={r.reload} />}
      {r.loading && !r.data && <Loading what="the issue" />}
      {r.data && !issue && <p>This delivery’s report has no such issue. <a href={href({ page: 'delivery', id, tab: 'issues' })}>See all its issues.</a></p>}
      {issue && (
        <>
          <p className="msg lead-msg">{issue.message}</p>
          {issue.hint && <div className="hint-box"><h2>How to fix it</h2><p>{issue.hint}</p></div>}
          <Facts items={[
            ['Occurrences', int(issue.count)],
            ['File', issue.file ?? 'the whole delivery'],
            ...(issue.column ? [['Column', <code key="c">{issue.column}</code>] as [string, React.ReactNode]] : []),
            ...(issue.specRef ? [['Spec', standard ? <a key="s" href={href({ page: 'spec', standard })}>{issue.specRef}</a> : issue.specRef] as [string, React.ReactNode]] : []),
          ]} />
          <h2>Examples</h2>
          {issue.examples.length === 0 ? <p className="muted">This issue concerns the file as a whole; it has no line examples.</p> : (
            <>
              {issue.count > issue.examples.length && <p className="muted">Showing {int(issue.examples.length)} of {int(issue.count)} occurrences; the issues CSV lists them all.</p>}
              <div className="table-wrap" tabIndex={0}>
                <table className="examples-table">
                  <thead><tr><th scope="col" className="num">Line</th><th scope="col">Value</th><th scope="col">Row key</th><th scope="col">Detail</th></tr></thead>
                  <tbody>
                    {issue.examples.map((e, n) => (
                      <tr key={n}>
                        <td className="num">{e.line ?? '–'}</td>
                        <td>{e.value === undefined ? '–' : <code className="value">{e.value === '' ? '(empty)' : e.value}</code>}</td>
                        <td>{e.key ?? '–'}</td>
                        <td>{e.detail ?? '–'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
        </>
      )}
    </>
  );
}
