/** One utility: its feeds as phase timelines, its deliveries by round, and its profile. */
import { useState, type FormEvent } from 'react';
import { withLastDeliveries, type Delivery, type Feed, type Utility } from '../api.js';
import { ErrorBox, Loading, PhaseBadge, StatusBadge, Tabs } from '../components/ui.js';
import { dateTime, int, titleCase } from '../format.js';
import { useLoad, useTitle } from '../hooks.js';
import { href, navigate } from '../router.js';
import { useSession } from '../session.js';

type Tab = 'feeds' | 'deliveries' | 'profile';

/** The phases a feed walks through; interval data skips the full historical (spec/DECISIONS.md). */
export function phasesOf(standard: string): readonly string[] {
  return standard === 'interval' ? ['sample', 'incremental', 'auto'] : ['sample', 'full', 'incremental', 'auto'];
}

export function UtilityPage({ code, tab }: { code: string; tab: Tab }): React.JSX.Element {
  const { api, me } = useSession();
  const u = useLoad(() => api.utility(code), [api, code]);
  const d = useLoad(() => api.deliveries(code), [api, code]);
  useTitle(u.data?.name ?? code);
  return (
    <>
      <h1>{u.data ? <>{u.data.name} <span className="muted">({u.data.code})</span></> : code}</h1>
      <ul className="actions" aria-label="Utility actions">
        <li><a className="button" href={href({ page: 'upload', code })}>Upload a delivery</a></li>
        <li><a href={href({ page: 'customers', code, q: '' })}>Customers</a></li>
        <li><a href={href({ page: 'audit', code })}>Audit log</a></li>
      </ul>
      {u.error && <ErrorBox error={u.error} retry={u.reload} />}
      {u.loading && !u.data && <Loading what="the utility" />}
      {u.data && (
        <Tabs<Tab>
          label="Utility sections" idPrefix="utility" selected={tab}
          tabs={[{ id: 'feeds', label: 'Feeds' }, { id: 'deliveries', label: 'Deliveries' }, { id: 'profile', label: 'Profile' }]}
          onSelect={(t) => navigate({ page: 'utility', code, tab: t }, true)}
        >
          {tab === 'feeds' && <Feeds u={withLastDeliveries(u.data, d.data ?? [])} deliveries={d.data ?? []} />}
          {tab === 'deliveries' && (d.error ? <ErrorBox error={d.error} retry={d.reload} /> : d.data ? <Deliveries deliveries={d.data} /> : <Loading what="deliveries" />)}
          {tab === 'profile' && <Profile u={u.data} editable={me.role === 'operator'} onSaved={u.reload} />}
        </Tabs>
      )}
    </>
  );
}

function Feeds({ u, deliveries }: { u: Utility; deliveries: readonly Delivery[] }): React.JSX.Element {
  if (u.feeds.length === 0) return <p>No feeds yet: a feed starts with the first delivery of a standard.</p>;
  return (
    <div className="feeds">
      {u.feeds.map((f) => <FeedTimeline key={f.standard} feed={f} deliveries={deliveries.filter((x) => x.standard === f.standard)} />)}
    </div>
  );
}

function FeedTimeline({ feed, deliveries }: { feed: Feed; deliveries: readonly Delivery[] }): React.JSX.Element {
  const phases = phasesOf(feed.standard);
  const current = phases.indexOf(feed.phase);
  return (
    <section className="feed" aria-labelledby={`feed-${feed.standard}`} data-standard={feed.standard}>
      <h2 id={`feed-${feed.standard}`}>{feed.standard} <PhaseBadge phase={feed.phase} />{feed.late && <span className="badge tone-bad late">Late</span>}</h2>
      <ol className="timeline" aria-label={`Phases of the ${feed.standard} feed`}>
        {phases.map((p, i) => {
          const state = i < current ? 'done' : i === current ? 'current' : 'upcoming';
          // Deliveries of the phase, oldest round first, so the row reads left to right like the timeline.
          const rounds = deliveries.filter((x) => x.phase === p).sort((a, b) => a.round - b.round);
          return (
            <li key={p} className={`step step-${state}`} aria-current={state === 'current' ? 'step' : undefined}>
              <span className="step-name">{titleCase(p)}<span className="sr-only"> ({state})</span></span>
              {rounds.length > 0 && (
                <ul className="rounds" aria-label={`Rounds of the ${p} phase`}>
                  {rounds.map((r) => (
                    <li key={r.id}>
                      <a href={href({ page: 'delivery', id: r.id, tab: 'summary' })} className={`round status-${r.status}`}
                        aria-label={`Round ${r.round}: ${r.status}`} title={`Round ${r.round}: ${r.status}`}>R{r.round}</a>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          );
        })}
      </ol>
      {feed.nextDueAt && feed.phase === 'auto' && <p className="muted">Next file expected by {dateTime(feed.nextDueAt)}.</p>}
    </section>
  );
}

function Deliveries({ deliveries }: { deliveries: readonly Delivery[] }): React.JSX.Element {
  if (deliveries.length === 0) return <p>No deliveries yet.</p>;
  const standards = [...new Set(deliveries.map((d) => d.standard))];
  return (
    <>
      {standards.map((s) => (
        <section key={s} aria-labelledby={`del-${s}`}>
          <h2 id={`del-${s}`}>{s}</h2>
          <div className="table-wrap" tabIndex={0}>
            <table className="deliveries">
              <thead><tr><th scope="col">Phase</th><th scope="col">Round</th><th scope="col">Received</th><th scope="col">Files</th><th scope="col">Status</th><th scope="col" className="num">Errors</th><th scope="col" className="num">Warnings</th></tr></thead>
              <tbody>
                {deliveries.filter((d) => d.standard === s).map((d) => (
                  <tr key={d.id} data-delivery={d.id}>
                    <td>{titleCase(d.phase)}</td>
                    <th scope="row"><a href={href({ page: 'delivery', id: d.id, tab: 'summary' })}>Round {d.round}</a></th>
                    <td>{dateTime(d.receivedAt)}</td>
                    <td className="files">{d.files.map((f) => f.name).join(', ')}</td>
                    <td><StatusBadge status={d.status} /></td>
                    <td className="num">{int(d.summary?.errors)}</td>
                    <td className="num">{int(d.summary?.warnings)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </>
  );
}

function Profile({ u, editable, onSaved }: { u: Utility; editable: boolean; onSaved: () => void }): React.JSX.Element {
  const { api } = useSession();
  const [text, setText] = useState(() => JSON.stringify(u.profile, null, 2));
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | undefined>();
  const [busy, setBusy] = useState(false);
  const save = (e: FormEvent): void => {
    e.preventDefault();
    let parsed: unknown;
    try { parsed = JSON.parse(text); } catch (err) {
      setMsg({ ok: false, text: `Not valid JSON: ${err instanceof Error ? err.message : String(err)}` });
      return;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      setMsg({ ok: false, text: 'The profile is a JSON object.' });
      return;
    }
    setBusy(true);
    api.saveProfile(u.code, parsed as Record<string, unknown>).then((p) => {
      setText(JSON.stringify(p, null, 2));
      setMsg({ ok: true, text: 'Profile saved.' });
      setBusy(false);
      onSaved();
    }, (err: unknown) => {
      setMsg({ ok: false, text: err instanceof Error ? err.message : String(err) });
      setBusy(false);
    });
  };
  const doc = <p className="muted">The profile holds this utility’s overrides of Intake’s defaults (negative usage, account deletion, CCB, time zone, expected accounts, extra enum values, required columns, layout, interval thresholds).</p>;
  if (!editable) {
    return <>{doc}<pre className="code" aria-label="Profile overrides">{JSON.stringify(u.profile, null, 2)}</pre></>;
  }
  return (
    <form onSubmit={save} className="profile-form">
      {doc}
      <label htmlFor="profile-json">Profile overrides (JSON)</label>
      <textarea id="profile-json" className="code" rows={14} spellCheck={false} value={text}
        onChange={(e) => { setText(e.target.value); setMsg(undefined); }}
        aria-describedby={msg ? 'profile-msg' : undefined} aria-invalid={msg && !msg.ok ? true : undefined} />
      <div className="row">
        <button type="submit" disabled={busy}>Save profile</button>
        {msg && <span id="profile-msg" role={msg.ok ? 'status' : 'alert'} className={msg.ok ? 'ok' : 'error'}>{msg.text}</span>}
      </div>
    </form>
  );
}
