/** Every utility and feed: phase, last delivery, status and errors; late `auto` feeds stand out. */
import type { Delivery, Feed, Utility } from '../api.js';
import { ErrorBox, Loading, PhaseBadge, StatusBadge } from '../components/ui.js';
import { dateTime, int, plural, titleCase } from '../format.js';
import { useLoad, useTitle } from '../hooks.js';
import { href } from '../router.js';
import { useSession } from '../session.js';

export function OverviewPage(): React.JSX.Element {
  const { api } = useSession();
  useTitle('Overview');
  const u = useLoad(() => api.overview(), [api]);
  const waiting = useLoad(() => api.deliveriesIn('awaiting-review'), [api]);
  const late = (u.data ?? []).flatMap((x) => x.feeds.filter((f) => f.late).map((f) => ({ u: x, f })));
  return (
    <>
      <h1>Overview</h1>
      {u.error && <ErrorBox error={u.error} retry={u.reload} />}
      {u.loading && !u.data && <Loading what="utilities" />}
      {u.data && (
        <>
          <p className="lede">
            {plural(u.data.length, 'utility', 'utilities')}, {plural(u.data.reduce((n, x) => n + x.feeds.length, 0), 'feed')}.
            {late.length > 0 && <> <strong className="late-text">{late.length} late {late.length === 1 ? 'feed' : 'feeds'}.</strong></>}
          </p>
          {waiting.data && waiting.data.length > 0 && <Waiting deliveries={waiting.data} utilities={u.data} />}
          <h2>Utilities and feeds</h2>
          {u.data.length === 0 ? <p>No utilities yet. Add one with <code>intake utility add CODE --name NAME</code>.</p> : (
            <div className="table-wrap" tabIndex={0}>
              <table className="overview">
                <caption className="sr-only">Utilities and their feeds</caption>
                <thead>
                  <tr>
                    <th scope="col">Utility</th><th scope="col">Feed</th><th scope="col">Phase</th>
                    <th scope="col">Last delivery</th><th scope="col">Status</th><th scope="col" className="num">Errors</th>
                  </tr>
                </thead>
                {u.data.map((x) => <UtilityRows key={x.code} u={x} />)}
              </table>
            </div>
          )}
        </>
      )}
    </>
  );
}

function UtilityRows({ u }: { u: Utility }): React.JSX.Element {
  const name = <a href={href({ page: 'utility', code: u.code, tab: 'feeds' })}>{u.name} <span className="muted">({u.code})</span></a>;
  if (u.feeds.length === 0) {
    return <tbody><tr data-utility={u.code}><th scope="row">{name}</th><td colSpan={5} className="muted">No deliveries yet</td></tr></tbody>;
  }
  // One row group per utility: its name spans its feeds' rows.
  return (
    <tbody>
      {u.feeds.map((f, i) => (
        <tr key={f.standard} data-utility={u.code} data-standard={f.standard} className={f.late ? 'is-late' : undefined}>
          {i === 0 && <th scope="rowgroup" rowSpan={u.feeds.length}>{name}</th>}
          <td>{f.standard}</td>
          <td><PhaseBadge phase={f.phase} />{f.late && <LateMark f={f} />}</td>
          <td>{f.lastDelivery ? <a href={href({ page: 'delivery', id: f.lastDelivery.id, tab: 'summary' })}>{dateTime(f.lastDelivery.receivedAt)}{f.lastDelivery.round !== undefined ? `, round ${f.lastDelivery.round}` : ''}</a> : <span className="muted">–</span>}</td>
          <td><StatusBadge status={f.status} /></td>
          <td className="num">{f.errors === undefined ? '–' : int(f.errors)}</td>
        </tr>
      ))}
    </tbody>
  );
}

function LateMark({ f }: { f: Feed }): React.JSX.Element {
  return <span className="badge tone-bad late" title={f.nextDueAt ? `Expected by ${dateTime(f.nextDueAt)}` : undefined}>Late<span className="sr-only">: the next file was expected by {dateTime(f.nextDueAt)}</span></span>;
}

/** The delivery team's queue: every delivery waiting for a decision, oldest first. */
function Waiting({ deliveries, utilities }: { deliveries: readonly Delivery[]; utilities: readonly Utility[] }): React.JSX.Element {
  const oldestFirst = [...deliveries].sort((a, b) => (a.receivedAt ?? '').localeCompare(b.receivedAt ?? ''));
  const name = (code: string): string => utilities.find((x) => x.code === code)?.name ?? code;
  return (
    <section aria-labelledby="waiting-h">
      <h2 id="waiting-h">Waiting for review <span className="count">{deliveries.length}</span></h2>
      <div className="table-wrap" tabIndex={0}>
        <table className="waiting">
          <thead><tr><th scope="col">Delivery</th><th scope="col">Utility</th><th scope="col">Received</th><th scope="col" className="num">Rows</th><th scope="col" className="num">Warnings</th></tr></thead>
          <tbody>
            {oldestFirst.map((d) => (
              <tr key={d.id} data-delivery={d.id}>
                <th scope="row"><a href={href({ page: 'delivery', id: d.id, tab: 'summary' })}>{d.standard} · {titleCase(d.phase)} · round {d.round}</a></th>
                <td>{name(d.utility)}</td>
                <td>{dateTime(d.receivedAt)}</td>
                <td className="num">{int(d.summary?.rows)}</td>
                <td className="num">{int(d.summary?.warnings)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
