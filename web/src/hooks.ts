/** Data loading for pages: one request per dependency change, stale answers ignored, reload on demand. */
import { useCallback, useEffect, useRef, useState } from 'react';

export interface Loaded<T> {
  readonly data: T | undefined;
  readonly error: Error | undefined;
  readonly loading: boolean;
  readonly reload: () => void;
}

export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: Error; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  const seq = useRef(0);
  useEffect(() => {
    const mine = ++seq.current;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => { if (mine === seq.current) setState({ data, loading: false }); },
      (e: unknown) => { if (mine === seq.current) setState({ error: e instanceof Error ? e : new Error(String(e)), loading: false }); },
    );
    // The caller lists what the loader depends on; the loader itself changes on every render.
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

/** Sets the document title, so that screen-reader users and tabs know where they are. */
export function useTitle(title: string): void {
  useEffect(() => { document.title = title ? `${title} · Intake` : 'Intake'; }, [title]);
}

/** Calls `reload` every `ms` while `active` (e.g. while a delivery is still being validated). */
export function usePoll(active: boolean, reload: () => void, ms = 1500): void {
  useEffect(() => {
    if (!active) return;
    const t = setInterval(reload, ms);
    return () => clearInterval(t);
  }, [active, reload, ms]);
}
