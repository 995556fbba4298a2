/**
 * One delivery: summary, issues, the diff against the previous round, the data profile as charts, downloads,
 * and (for operators, while it awaits review) the decision.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError, decisionOf, type Decision, type Delivery, type DiffEntry, type IssueDiff, type Report } from '../api.js';
import { IssueTable, IssuesPanel } from '../components/issues.js';
import { ProfileCharts } from '../components/profile-charts.js';
import { DownloadButton, ErrorBox, Facts, Loading, PhaseBadge, SeverityBadge, StatusBadge, Tabs } from '../components/ui.js';
import { bytes, dateTime, int, shortId, titleCase } from '../format.js';
import { useLoad, usePoll, useTitle } from '../hooks.js';
import { href, navigate, type DeliveryTab } from '../router.js';
import { useSession } from '../session.js';

export function DeliveryPage({ id, tab }: { id: string; tab: DeliveryTab }): React.JSX.Element {
  const { api } = useSession();
  const d = useLoad(() => api.delivery(id), [api, id]);
  const r = useLoad(() => api.report(id), [api, id]);
  const utilityCode = d.data?.utility;
  const u = useLoad(() => (utilityCode ? api.utility(utilityCode) : Promise.resolve(undefined)), [api, utilityCode]);
  // Who decided, and why, is in the delivery's audit trail; a missing trail only hides that line.
  const audit = useLoad(() => api.deliveryAudit(id).catch(() => []), [api, id, d.data?.status]);
  const delivery = d.data;
  useTitle(delivery ? `${delivery.utility} ${delivery.standard} ${delivery.phase} round ${delivery.round}` : `Delivery ${id}`);
  const feed = u.data?.feeds.find((f) => f.standard === delivery?.standard);
  // While the worker validates or loads, follow the delivery; fetch the report again once it is settled.
  const busy = delivery !== undefined && ['received', 'validating', 'loading'].includes(delivery.status);
  usePoll(busy, d.reload);
  const wasBusy = useRef(false);
  const reloadReport = r.reload;
  useEffect(() => {
    if (wasBusy.current && !busy) reloadReport();
    wasBusy.current = busy;
  }, [busy, reloadReport]);
  const notReady = r.error instanceof ApiError && r.error.status === 409;
  return (
    <>
      <nav aria-label="Breadcrumb" className="crumbs">
        <ol>
          <li><a href={href({ page: 'overview' })}>Overview</a></li>
          {delivery && <li><a href={href({ page: 'utility', code: delivery.utility, tab: 'deliveries' })}>{u.data?.name ?? delivery.utility}</a></li>}
          <li aria-current="page" title={id}>Delivery {shortId(id)}</li>
        </ol>
      </nav>
      <h1>{delivery ? <>{delivery.standard} · {titleCase(delivery.phase)} · round {delivery.round}</> : `Delivery ${shortId(id)}`}</h1>
      {d.error && <ErrorBox error={d.error} retry={d.reload} />}
      {d.loading && !delivery && <Loading what="the delivery" />}
      {delivery && (
        <>
          <div className="head-facts">
            <Facts items={[
              ['Status', <StatusBadge key="s" status={delivery.status} />],
              ['Feed phase', feed ? <span key="p" data-testid="feed-phase"><PhaseBadge phase={feed.phase} /></span> : '–'],
              ['Received', dateTime(delivery.receivedAt)],
              ['Utility', delivery.utility],
              ...(delivery.source ? [['Source', delivery.source] as [string, string]] : []),
            ]} />
            <div className="downloads">
              <DownloadButton api={api} path={`/api/deliveries/${encodeURIComponent(id)}/report.html`} filename={`delivery-${id}-report.html`}>Download HTML report</DownloadButton>
              <DownloadButton api={api} path={`/api/deliveries/${encodeURIComponent(id)}/issues.csv`} filename={`delivery-${id}-issues.csv`}>Download issues CSV</DownloadButton>
            </div>
          </div>
          <DecisionPanel delivery={delivery} decision={delivery.decision ?? decisionOf(audit.data ?? [])} onDecided={() => { d.reload(); u.reload(); }} />
          {delivery.error && <div className="error-box" role="alert"><p><strong>Processing failed.</strong> {delivery.error}</p></div>}
          {busy && <p role="status" className="loading">{delivery.status === 'loading' ? 'Loading the data into the store…' : 'Validating the delivery…'} This page follows along.</p>}
          {r.error && !notReady && <ErrorBox error={r.error} retry={r.reload} />}
          {notReady && !busy && <p>{delivery.status === 'failed' ? 'The delivery could not be processed, so it has no report.' : 'The report is not ready yet.'}</p>}
          {r.loading && !r.data && !busy && <Loading what="the report" />}
          {r.data && (
            <Tabs<DeliveryTab>
              label="Delivery sections" idPrefix="delivery" selected={tab}
              tabs={[
                { id: 'summary', label: 'Summary' },
                { id: 'issues', label: <>Issues <span className="count">{r.data.issues.length}</span></> },
                { id: 'diff', label: 'Changes since last round' },
                { id: 'data', label: 'Data profile' },
              ]}
              onSelect={(t) => navigate({ page: 'delivery', id, tab: t }, true)}
            >
              {tab === 'summary' && <Summary report={r.data} delivery={delivery} />}
              {tab === 'issues' && <IssuesPanel deliveryId={id} issues={r.data.issues} />}
              {tab === 'diff' && <DiffPanel id={id} />}
              {tab === 'data' && <ProfileCharts profile={r.data.profile} />}
            </Tabs>
          )}
        </>
      )}
    </>
  );
}

function Summary({ report, delivery }: { report: Report; delivery: Delivery }): React.JSX.Element {
  const s = report.summary;
  return (
    <>
      <p className={s.passed ? 'verdict ok-text' : 'verdict error'} data-testid="verdict">
        {s.passed ? 'Passed: no errors.' : `Not passed: ${int(s.errors)} ${s.errors === 1 ? 'error' : 'errors'} block approval.`}
      </p>
      <Facts items={[['Files', int(s.files)], ['Rows', int(s.rows)], ['Errors', int(s.errors)], ['Warnings', int(s.warnings)], ['Information', int(s.infos)]]} />
      {report.truncated.length > 0 && (
        <div className="note" role="note"><strong>Cut short:</strong><ul>{report.truncated.map((t) => <li key={t}>{t}</li>)}</ul></div>
      )}
      <h2>Files</h2>
      {delivery.filesPurgedAt && (
        <p className="note" role="note">The raw files were deleted on {dateTime(delivery.filesPurgedAt)} after the retention period; the report and anything loaded stay.</p>
      )}
      <div className="table-wrap" tabIndex={0}>
        <table>
          <thead><tr><th scope="col">File</th><th scope="col">Type</th><th scope="col" className="num">Rows</th><th scope="col" className="num">Size</th><th scope="col" className="num">Errors</th><th scope="col" className="num">Warnings</th></tr></thead>
          <tbody>
            {(report.files.length > 0 ? report.files : delivery.files.map((f) => ({ ...f, errors: undefined, warnings: undefined, fileType: undefined }))).map((f) => (
              <tr key={f.name}>
                <th scope="row" className="file">{f.name}</th>
                <td>{f.fileType ?? '–'}</td>
                <td className="num">{int(f.rows)}</td>
                <td className="num">{bytes(f.bytes)}</td>
                <td className="num">{int(f.errors)}</td>
                <td className="num">{int(f.warnings)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {report.issues.length > 0 && (
        <>
          <h2>Top issues</h2>
          <IssueTable caption="The issues with most occurrences" showSeverity
            rows={[...report.issues.entries()].sort((a, b) => rank(a[1].severity) - rank(b[1].severity) || b[1].count - a[1].count).slice(0, 5)
              .map(([n, i]) => ({ issue: i, link: href({ page: 'issue', id: delivery.id, fingerprint: i.fingerprint || `#${n}` }) }))} />
          <p><a href={href({ page: 'delivery', id: delivery.id, tab: 'issues' })}>All {report.issues.length} issues</a></p>
        </>
      )}
    </>
  );
}

const rank = (s: string): number => (s === 'error' ? 0 : s === 'warning' ? 1 : 2);

function DiffPanel({ id }: { id: string }): React.JSX.Element {
  const { api } = useSession();
  const diff = useLoad(() => api.diff(id), [api, id]);
  if (diff.error) return <ErrorBox error={diff.error} retry={diff.reload} />;
  if (!diff.data) return <Loading what="the comparison" />;
  return <Diff diff={diff.data} id={id} />;
}

function Diff({ diff, id }: { diff: IssueDiff; id: string }): React.JSX.Element {
  if (!diff.previous) return <p>This is the first round of its phase: there is nothing to compare with.</p>;
  const prev = diff.previous;
  const groups: [string, string, readonly DiffEntry[], string][] = [
    ['new', 'New in this round', diff.new, id],
    ['open', 'Still open', diff.open, id],
    ['fixed', 'Fixed since the previous round', diff.fixed, prev.id],
  ];
  return (
    <>
      <p>Compared with <a href={href({ page: 'delivery', id: prev.id, tab: 'summary' })}>{prev.round !== undefined ? `round ${prev.round}` : `the previous round (delivery ${shortId(prev.id)})`}</a>:{' '}
        <strong>{diff.fixed.length}</strong> fixed, <strong>{diff.new.length}</strong> new, <strong>{diff.open.length}</strong> still open.</p>
      {diff.notes.length > 0 && <div className="note" role="note"><ul>{diff.notes.map((t) => <li key={t}>{t}</li>)}</ul></div>}
      {groups.map(([key, title, entries, deliveryId]) => (
        <section key={key} aria-labelledby={`diff-${key}`} className={`diff diff-${key}`}>
          <h3 id={`diff-${key}`}>{title} <span className="muted">({entries.length})</span></h3>
          {entries.length === 0 ? <p className="muted">None.</p> : (
            <div className="table-wrap" tabIndex={0}>
              <table>
                <caption className="sr-only">{title}</caption>
                <thead><tr><th scope="col">Code</th><th scope="col">Severity</th><th scope="col">Where</th><th scope="col">Row</th><th scope="col" className="num">Before</th><th scope="col" className="num">Now</th></tr></thead>
                <tbody>
                  {entries.map((e, n) => (
                    <tr key={`${e.fingerprint}-${n}`} data-code={e.code}>
                      <th scope="row"><a href={href({ page: 'issue', id: deliveryId, fingerprint: `${e.code}|${e.fileType ?? ''}|${e.column ?? ''}` })}><code>{e.code}</code></a></th>
                      <td><SeverityBadge severity={e.severity} /></td>
                      <td>{e.fileType ?? <span className="muted">delivery</span>}{e.column && <> · <code>{e.column}</code></>}</td>
                      <td>{e.key ?? <span className="muted">all rows</span>}</td>
                      <td className="num">{int(e.previous)}</td>
                      <td className="num">{int(e.current)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ))}
    </>
  );
}

function DecisionPanel({ delivery, decision, onDecided }: { delivery: Delivery; decision: Decision | undefined; onDecided: () => void }): React.JSX.Element | null {
  const { api, me } = useSession();
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | undefined>();
  if (decision && delivery.status !== 'awaiting-review') {
    return (
      <p className="decision" data-testid="decision">
        {decision.action === 'approve' ? 'Approved' : 'Rejected'}{decision.by ? ` by ${decision.by}` : ''}{decision.at ? ` on ${dateTime(decision.at)}` : ''}{decision.comment ? `: “${decision.comment}”` : '.'}
      </p>
    );
  }
  // Only the delivery team decides, and only on a delivery that waits for it; the API enforces the same.
  if (me.role !== 'operator' || delivery.status !== 'awaiting-review') {
    return msg ? <p role="status" className={msg.ok ? 'ok' : 'error'}>{msg.text}</p> : null;
  }
  const decide = (action: 'approve' | 'reject') => (e: FormEvent): void => {
    e.preventDefault();
    if (action === 'reject' && !comment.trim()) {
      setMsg({ ok: false, text: 'Say what the utility should fix: a rejection needs a comment.' });
      return;
    }
    setBusy(true);
    api.decide(delivery.id, action, comment.trim()).then(() => {
      setBusy(false);
      setMsg({ ok: true, text: action === 'approve' ? 'Delivery approved.' : 'Delivery rejected.' });
      onDecided();
    }, (err: unknown) => {
      setBusy(false);
      setMsg({ ok: false, text: err instanceof Error ? err.message : String(err) });
    });
  };
  return (
    <form className="decide" aria-labelledby="decide-h" onSubmit={decide('approve')}>
      <h2 id="decide-h">Review</h2>
      <label htmlFor="decide-comment">Comment for the utility</label>
      <textarea id="decide-comment" rows={3} value={comment} onChange={(e) => setComment(e.target.value)} />
      <div className="row">
        <button type="submit" className="approve" disabled={busy}>Approve</button>
        <button type="button" className="reject" disabled={busy} onClick={decide('reject')}>Reject</button>
        {msg && <span role={msg.ok ? 'status' : 'alert'} className={msg.ok ? 'ok' : 'error'}>{msg.text}</span>}
      </div>
    </form>
  );
}

