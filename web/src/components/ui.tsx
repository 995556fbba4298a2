/** Small shared pieces: status badges, loading and error states, tabs, downloads. */
import { useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { ApiError, type Api } from '../api.js';
import { titleCase } from '../format.js';

const STATUS_TONE: Record<string, string> = {
  received: 'neutral', validating: 'neutral', rejected: 'bad', 'awaiting-review': 'warn', approved: 'good',
  loading: 'neutral', loaded: 'good', failed: 'bad',
};

export function StatusBadge({ status }: { status: string | undefined }): React.JSX.Element {
  if (!status) return <span className="muted">–</span>;
  return <span className={`badge tone-${STATUS_TONE[status] ?? 'neutral'}`} data-status={status}>{titleCase(status)}</span>;
}

export function PhaseBadge({ phase }: { phase: string }): React.JSX.Element {
  return <span className={`badge phase phase-${phase}`} data-phase={phase}>{titleCase(phase)}</span>;
}

export function SeverityBadge({ severity }: { severity: string }): React.JSX.Element {
  const tone = severity === 'error' ? 'bad' : severity === 'warning' ? 'warn' : 'neutral';
  return <span className={`badge tone-${tone}`}>{titleCase(severity)}</span>;
}

export function Loading({ what }: { what: string }): React.JSX.Element {
  return <p className="loading" role="status">Loading {what}…</p>;
}

export function ErrorBox({ error, retry }: { error: Error; retry?: () => void }): React.JSX.Element {
  // A route the server does not have (an older server) is not worth a retry button.
  if (error instanceof ApiError && error.status === 404 && /^no route /.test(error.message)) {
    return <div className="error-box" role="alert"><p>This server does not offer this page yet ({error.message}).</p></div>;
  }
  if (error instanceof ApiError && error.status === 403) {
    return <div className="error-box" role="alert"><p>You may not see this: {error.message}</p></div>;
  }
  return (
    <div className="error-box" role="alert">
      <p><strong>Something went wrong.</strong> {error.message}</p>
      {retry && <button type="button" onClick={retry}>Try again</button>}
    </div>
  );
}

export interface TabDef<K extends string> {
  readonly id: K;
  readonly label: ReactNode;
}

/**
 * Tabs after the WAI-ARIA pattern: one tab stop, arrow keys (and Home/End) move between tabs and select them.
 * The caller keeps the selection (in the URL), so a tab can be linked and survives a reload.
 */
export function Tabs<K extends string>({ tabs, selected, onSelect, label, idPrefix, children }: {
  tabs: readonly TabDef<K>[]; selected: K; onSelect: (k: K) => void; label: string; idPrefix: string; children: ReactNode;
}): React.JSX.Element {
  const refs = useRef(new Map<K, HTMLButtonElement>());
  const onKey = (e: KeyboardEvent<HTMLDivElement>): void => {
    const i = tabs.findIndex((t) => t.id === selected);
    let next: number | undefined;
    if (e.key === 'ArrowRight') next = (i + 1) % tabs.length;
    else if (e.key === 'ArrowLeft') next = (i - 1 + tabs.length) % tabs.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = tabs.length - 1;
    const t = next === undefined ? undefined : tabs[next];
    if (!t) return;
    e.preventDefault();
    onSelect(t.id);
    refs.current.get(t.id)?.focus();
  };
  return (
    <div className="tabs">
      <div role="tablist" aria-label={label} className="tablist" onKeyDown={onKey}>
        {tabs.map((t) => (
          <button
            key={t.id} type="button" role="tab" id={`${idPrefix}-tab-${t.id}`}
            aria-selected={t.id === selected} aria-controls={`${idPrefix}-panel`}
            tabIndex={t.id === selected ? 0 : -1}
            ref={(b) => { if (b) refs.current.set(t.id, b); else refs.current.delete(t.id); }}
            onClick={() => onSelect(t.id)}
          >{t.label}</button>
        ))}
      </div>
      <div role="tabpanel" id={`${idPrefix}-panel`} aria-labelledby={`${idPrefix}-tab-${selected}`} tabIndex={0} className="tabpanel">
        {children}
      </div>
    </div>
  );
}

/** A button that fetches a file behind the token and hands it to the browser as a download. */
export function DownloadButton({ api, path, filename, children }: { api: Api; path: string; filename: string; children: ReactNode }): React.JSX.Element {
  const [state, setState] = useState<'idle' | 'busy' | string>('idle');
  const click = (): void => {
    setState('busy');
    api.blob(path).then((b) => {
      const url = URL.createObjectURL(b);
      const a = document.createElement('a');
      a.href = url;
      a.download = filename;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setState('idle');
    }, (e: unknown) => setState(e instanceof Error ? e.message : String(e)));
  };
  return (
    <span className="download">
      <button type="button" onClick={click} disabled={state === 'busy'} aria-busy={state === 'busy'}>{children}</button>
      {state !== 'idle' && state !== 'busy' && <span role="alert" className="error">{state}</span>}
    </span>
  );
}

/** A key–value list (summary facts). */
export function Facts({ items }: { items: readonly (readonly [string, ReactNode])[] }): React.JSX.Element {
  return (
    <dl className="facts">
      {items.map(([k, v]) => <div key={k}><dt>{k}</dt><dd>{v}</dd></div>)}
    </dl>
  );
}
