/**
 * The standards as the spec registry holds them: what a utility's extract engineer reads before writing an
 * extract. Every column and rule that is Intake's own decision (not in the public documentation) is marked.
 */
import type { ColumnSpec, FileTypeSpec, Requirement, StandardSpec } from '../../../src/spec/types.js';
import { DownloadButton, ErrorBox, Facts, Loading } from '../components/ui.js';
import { titleCase } from '../format.js';
import { useLoad, useTitle } from '../hooks.js';
import { href } from '../router.js';
import { useSession } from '../session.js';

function IntakeMark(): React.JSX.Element {
  return <span className="intake-mark" title="Intake’s decision where the public documentation is silent">(Intake)</span>;
}

export function SpecsPage(): React.JSX.Element {
  const { api } = useSession();
  useTitle('Specs');
  const s = useLoad(() => api.specs(), [api]);
  return (
    <>
      <h1>Specs</h1>
      <p className="lede">The data transfer standards Intake validates against: files, columns, types and rules. Marks of <IntakeMark /> show where Intake decided what the public documentation leaves open.</p>
      {s.error && <ErrorBox error={s.error} retry={s.reload} />}
      {s.loading && !s.data && <Loading what="the standards" />}
      {s.data && (
        <ul className="cards">
          {s.data.map((x) => (
            <li key={x.id} className="card">
              <h2><a href={href({ page: 'spec', standard: x.id })}>{x.title}</a></h2>
              <p className="muted"><code>{x.id}</code> · version {x.version} · {(x.fileTypes ?? []).length} file types</p>
              <p>{x.summary}</p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export function SpecPage({ standard }: { standard: string }): React.JSX.Element {
  const { api } = useSession();
  const s = useLoad(() => api.spec(standard), [api, standard]);
  useTitle(s.data?.title ?? standard);
  return (
    <>
      <nav aria-label="Breadcrumb" className="crumbs"><ol><li><a href={href({ page: 'specs' })}>Specs</a></li><li aria-current="page">{standard}</li></ol></nav>
      <h1>{s.data?.title ?? standard}</h1>
      {s.error && <ErrorBox error={s.error} retry={s.reload} />}
      {s.loading && !s.data && <Loading what="the standard" />}
      {s.data && <Spec spec={s.data} />}
    </>
  );
}

function Spec({ spec }: { spec: StandardSpec }): React.JSX.Element {
  const { api } = useSession();
  return (
    <>
      <p className="lede">{spec.summary}</p>
      <Facts items={[
        ['Standard', <code key="i">{spec.id}</code>], ['Version', spec.version],
        ['Phases', (spec.phases ?? []).map(titleCase).join(' → ')], ['Written from', spec.docRef],
      ]} />
      <div className="downloads">
        <DownloadButton api={api} path={`/api/specs/${encodeURIComponent(spec.id)}/template.csv`} filename={`${spec.id}-mapping-template.csv`}>Download the mapping template (CSV)</DownloadButton>
      </div>
      <nav aria-label="On this page" className="toc">
        <ul>
          <li><a href="#" onClick={jump('spec-names')}>File names</a></li>
          {spec.fileTypes.map((f) => <li key={f.id}><a href="#" onClick={jump(`ft-${f.id}`)}>{f.title}</a></li>)}
          <li><a href="#" onClick={jump('spec-rules')}>Rules</a></li>
          <li><a href="#" onClick={jump('spec-versions')}>Version history</a></li>
        </ul>
      </nav>

      <section aria-labelledby="spec-names">
        <h2 id="spec-names">File names</h2>
        <p><code className="pattern">{spec.fileName.pattern}</code></p>
        <p className="muted">Extensions: {spec.fileName.extensions.join(', ')}; at most {spec.fileName.maxLength} characters.</p>
        {spec.layouts.length > 0 && (
          <>
            <h3>Layouts</h3>
            <ul>{spec.layouts.map((l) => <li key={l.id}><strong>{l.id}</strong> ({l.fileTypes.join(' + ')}): {l.description}</li>)}</ul>
          </>
        )}
      </section>

      {spec.fileTypes.map((f) => <FileType key={f.id} f={f} />)}

      <section aria-labelledby="spec-rules">
        <h2 id="spec-rules">Rules</h2>
        <div className="table-wrap" tabIndex={0}>
          <table className="rules">
            <thead><tr><th scope="col">Rule</th><th scope="col">Scope</th><th scope="col">What it says</th><th scope="col">Codes</th><th scope="col">Spec</th></tr></thead>
            <tbody>
              {spec.rules.map((r) => (
                <tr key={r.id} className={r.source === 'intake' ? 'is-intake' : undefined}>
                  <th scope="row"><code>{r.id}</code></th>
                  <td>{r.scope}</td>
                  <td>{r.text} {r.source === 'intake' && <IntakeMark />}</td>
                  <td>{r.codes.map((c) => <code key={c} className="code-chip">{c}</code>)}</td>
                  <td className="muted">{r.specRef}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="spec-versions">
        <h2 id="spec-versions">Version history</h2>
        <div className="table-wrap" tabIndex={0}>
          <table>
            <thead><tr><th scope="col">Version</th><th scope="col">Date</th><th scope="col">Change</th></tr></thead>
            <tbody>{spec.versions.map((v) => <tr key={v.version + v.date}><th scope="row">{v.version}</th><td className="nowrap">{v.date}</td><td>{v.change}</td></tr>)}</tbody>
          </table>
        </div>
      </section>
    </>
  );
}

/** In-page links without touching the hash the router owns. */
const jump = (id: string) => (e: React.MouseEvent): void => {
  e.preventDefault();
  const el = document.getElementById(id);
  if (el) { el.tabIndex = -1; el.scrollIntoView(); el.focus({ preventScroll: true }); }
};

function requirement(r: Requirement): React.JSX.Element {
  switch (r.kind) {
    case 'required': return <>Required {r.source === 'intake' && <IntakeMark />}</>;
    case 'optional': return <>Optional</>;
    case 'conditional': return <>When {r.when} {r.source === 'intake' && <IntakeMark />}</>;
  }
}

function typeText(c: ColumnSpec): string {
  const parts: string[] = [c.type];
  if (c.format) parts.push(c.format);
  if (c.maxLength !== undefined) parts.push(`≤ ${c.maxLength} chars`);
  if (c.min !== undefined || c.max !== undefined) parts.push(`${c.min ?? '…'} to ${c.max ?? '…'}`);
  if (c.maxDecimals !== undefined) parts.push(`≤ ${c.maxDecimals} decimals`);
  return parts.join(', ');
}

function FileType({ f }: { f: FileTypeSpec }): React.JSX.Element {
  return (
    <section aria-labelledby={`ft-${f.id}`} className="file-type">
      <h2 id={`ft-${f.id}`}>{f.title} <span className="muted">(<code>{f.nameToken}</code>{f.layout ? `, ${f.layout} layout` : ''})</span></h2>
      <p className="muted">Row key: {f.keyColumns.map((k) => <code key={k} className="code-chip">{k}</code>)}</p>
      <div className="table-wrap" tabIndex={0}>
        <table className="columns">
          <caption className="sr-only">Columns of the {f.title} file, in order</caption>
          <thead><tr><th scope="col" className="num">#</th><th scope="col">Column</th><th scope="col">Block</th><th scope="col">Type</th><th scope="col">Required</th><th scope="col">Description</th></tr></thead>
          <tbody>
            {f.columns.map((c, i) => (
              <tr key={c.name} id={`col-${f.id}-${c.name}`} className={c.source === 'intake' ? 'is-intake' : undefined}>
                <td className="num">{i + 1}</td>
                <th scope="row"><code>{c.name}</code>{c.source === 'intake' && <> <IntakeMark /></>}{c.pii && <span className="badge tone-neutral pii" title="Personal data: masked in reports">PII</span>}</th>
                <td>{c.entity}</td>
                <td>{typeText(c)}{c.allowed && c.allowed.length > 0 && <div className="allowed">{c.allowed.map((v) => <code key={v} className="code-chip">{v}</code>)}</div>}</td>
                <td>{requirement(c.requirement)}</td>
                <td>{c.description} <span className="muted">{c.specRef}</span></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
