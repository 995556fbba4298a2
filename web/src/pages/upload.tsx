/** Upload one delivery's files by hand (the web counterpart of SFTP), with a progress bar. */
import { useState, type FormEvent } from 'react';
import type { Delivery, UploadProgress } from '../api.js';
import { ErrorBox, Loading } from '../components/ui.js';
import { bytes, pct } from '../format.js';
import { useLoad, useTitle } from '../hooks.js';
import { href, navigate } from '../router.js';
import { useSession } from '../session.js';

type State =
  | { kind: 'idle' }
  | { kind: 'sending'; progress: UploadProgress }
  | { kind: 'done'; delivery: Delivery }
  | { kind: 'failed'; message: string };

export function UploadPage({ code }: { code?: string }): React.JSX.Element {
  const { api, me } = useSession();
  useTitle('Upload a delivery');
  const fixed = me.role === 'utility' ? me.utility : undefined;
  const utilities = useLoad(() => (fixed ? Promise.resolve([]) : api.utilities()), [api, fixed]);
  const [utility, setUtility] = useState(fixed ?? code ?? '');
  const [files, setFiles] = useState<File[]>([]);
  const [phase, setPhase] = useState('');
  const [asOf, setAsOf] = useState('');
  const [state, setState] = useState<State>({ kind: 'idle' });
  const chosen = fixed ?? (utility || utilities.data?.[0]?.code || '');
  const total = files.reduce((n, f) => n + f.size, 0);

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (!chosen || files.length === 0) return;
    setState({ kind: 'sending', progress: { loaded: 0, total } });
    // Empty fields are left out: the server then takes the feed's phase and today's date.
    const fields: Record<string, string> = {};
    if (phase) fields.phase = phase;
    if (asOf) fields.asOf = asOf;
    api.upload(chosen, files, fields, (progress) => setState({ kind: 'sending', progress })).then((delivery) => {
      setState({ kind: 'done', delivery });
      if (delivery.id) navigate({ page: 'delivery', id: delivery.id, tab: 'summary' });
    }, (err: unknown) => setState({ kind: 'failed', message: err instanceof Error ? err.message : String(err) }));
  };

  const sending = state.kind === 'sending';
  const share = sending ? (state.progress.total ? state.progress.loaded / state.progress.total : undefined) : undefined;
  return (
    <>
      <h1>Upload a delivery</h1>
      <p className="lede">Choose the files of one delivery (for example a customer file and a usage file). They are validated as soon as they arrive; files sent here wait for review as files in <code>shared_files/</code> do, unless the feed is in <em>auto</em>.</p>
      {utilities.error && <ErrorBox error={utilities.error} retry={utilities.reload} />}
      {!fixed && utilities.loading && <Loading what="utilities" />}
      <form onSubmit={submit} className="upload-form">
        {fixed ? <p>Utility: <strong>{fixed}</strong></p> : (
          <p>
            <label htmlFor="upload-utility">Utility</label>
            <select id="upload-utility" value={chosen} onChange={(e) => setUtility(e.target.value)} disabled={sending}>
              {(utilities.data ?? []).map((u) => <option key={u.code} value={u.code}>{u.name} ({u.code})</option>)}
            </select>
          </p>
        )}
        <p>
          <label htmlFor="upload-files">Files</label>
          <input id="upload-files" type="file" multiple disabled={sending} aria-describedby="upload-files-help"
            onChange={(e) => { setFiles(Array.from(e.target.files ?? [])); setState({ kind: 'idle' }); }} />
          <span id="upload-files-help" className="muted">gzip or zip files named by the convention, e.g. <code>opwr_demo_res_1-19-0_usage_20250101000000.gz</code>.</span>
        </p>
        {files.length > 0 && (
          <ul className="file-list" aria-label="Chosen files">
            {files.map((f) => <li key={f.name}><span className="file">{f.name}</span> <span className="muted">{bytes(f.size)}</span></li>)}
          </ul>
        )}
        <details className="advanced">
          <summary>Options</summary>
          <p>
            <label htmlFor="upload-phase">Phase</label>
            <select id="upload-phase" value={phase} onChange={(e) => setPhase(e.target.value)} disabled={sending} aria-describedby="upload-phase-help">
              <option value="">The feed’s current phase</option>
              <option value="sample">Sample</option>
              <option value="full">Full historical</option>
              <option value="incremental">Incremental</option>
            </select>
            <span id="upload-phase-help" className="muted">Only to judge a delivery against another phase’s rules.</span>
          </p>
          <p>
            <label htmlFor="upload-asof">Judge as of</label>
            <input id="upload-asof" type="date" value={asOf} onChange={(e) => setAsOf(e.target.value)} disabled={sending} aria-describedby="upload-asof-help" />
            <span id="upload-asof-help" className="muted">The date the phase rules are judged against (default: today).</span>
          </p>
        </details>
        <button type="submit" disabled={sending || files.length === 0 || !chosen}>Upload {files.length > 1 ? `${files.length} files` : 'file'}</button>
        <div className="progress" aria-live="polite">
          {sending && (
            <>
              <label htmlFor="upload-progress">Uploading… {share === undefined ? '' : pct(share, 0)}</label>
              <progress id="upload-progress" max={state.progress.total || undefined} value={state.progress.total ? state.progress.loaded : undefined} />
              <span className="muted"> {bytes(state.progress.loaded)} of {bytes(state.progress.total || total)}</span>
            </>
          )}
          {state.kind === 'done' && (
            <p className="ok-text" role="status">Uploaded. {state.delivery.id ? <a href={href({ page: 'delivery', id: state.delivery.id, tab: 'summary' })}>Open delivery {state.delivery.id}</a> : null}</p>
          )}
          {state.kind === 'failed' && <p className="error" role="alert">The upload failed: {state.message}</p>}
        </div>
      </form>
    </>
  );
}
