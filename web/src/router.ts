/**
 * A hash router of a few lines: the bundle is static, so `#/path` needs nothing from the server, and a link is
 * an ordinary anchor (keyboard, middle-click and history work as usual).
 */
import { useEffect, useState } from 'react';

export type Route =
  | { readonly page: 'overview' }
  | { readonly page: 'utility'; readonly code: string; readonly tab: 'feeds' | 'deliveries' | 'profile' }
  | { readonly page: 'audit'; readonly code: string }
  | { readonly page: 'upload'; readonly code?: string }
  | { readonly page: 'customers'; readonly code: string; readonly q: string }
  | { readonly page: 'account'; readonly code: string; readonly account: string }
  | { readonly page: 'delivery'; readonly id: string; readonly tab: DeliveryTab }
  | { readonly page: 'issue'; readonly id: string; readonly fingerprint: string }
  | { readonly page: 'specs' }
  | { readonly page: 'spec'; readonly standard: string }
  | { readonly page: 'not-found'; readonly path: string };

export type DeliveryTab = 'summary' | 'issues' | 'diff' | 'data';
const DELIVERY_TABS: readonly DeliveryTab[] = ['summary', 'issues', 'diff', 'data'];
const UTILITY_TABS = ['feeds', 'deliveries', 'profile'] as const;

const dec = (s: string): string => {
  try { return decodeURIComponent(s); } catch { return s; }
};

/** Parses `#/a/b?q=x` into a route. */
export function parse(hash: string): Route {
  const raw = hash.replace(/^#/, '') || '/';
  const [path = '/', query = ''] = raw.split('?', 2);
  const params = new URLSearchParams(query);
  const parts = path.split('/').filter(Boolean).map(dec);
  const [a, b, c, d] = parts;
  if (parts.length === 0) return { page: 'overview' };
  if (a === 'specs') return b === undefined ? { page: 'specs' } : { page: 'spec', standard: b };
  if (a === 'upload') return b === undefined ? { page: 'upload' } : { page: 'upload', code: b };
  if (a === 'utilities' && b !== undefined) {
    if (c === undefined) return { page: 'utility', code: b, tab: 'feeds' };
    if ((UTILITY_TABS as readonly string[]).includes(c)) return { page: 'utility', code: b, tab: c as (typeof UTILITY_TABS)[number] };
    if (c === 'audit') return { page: 'audit', code: b };
    if (c === 'upload') return { page: 'upload', code: b };
    if (c === 'customers') return { page: 'customers', code: b, q: params.get('q') ?? '' };
    if (c === 'accounts' && d !== undefined) return { page: 'account', code: b, account: d };
  }
  if (a === 'deliveries' && b !== undefined) {
    if (c === undefined) return { page: 'delivery', id: b, tab: 'summary' };
    if (c === 'issues' && d !== undefined) return { page: 'issue', id: b, fingerprint: d };
    if ((DELIVERY_TABS as readonly string[]).includes(c)) return { page: 'delivery', id: b, tab: c as DeliveryTab };
  }
  return { page: 'not-found', path };
}

/** Builds the href of a route, the inverse of parse(). */
export function href(r: Route): string {
  const e = encodeURIComponent;
  switch (r.page) {
    case 'overview': return '#/';
    case 'utility': return r.tab === 'feeds' ? `#/utilities/${e(r.code)}` : `#/utilities/${e(r.code)}/${r.tab}`;
    case 'audit': return `#/utilities/${e(r.code)}/audit`;
    case 'upload': return r.code === undefined ? '#/upload' : `#/utilities/${e(r.code)}/upload`;
    case 'customers': return `#/utilities/${e(r.code)}/customers${r.q ? `?q=${e(r.q)}` : ''}`;
    case 'account': return `#/utilities/${e(r.code)}/accounts/${e(r.account)}`;
    case 'delivery': return r.tab === 'summary' ? `#/deliveries/${e(r.id)}` : `#/deliveries/${e(r.id)}/${r.tab}`;
    case 'issue': return `#/deliveries/${e(r.id)}/issues/${e(r.fingerprint)}`;
    case 'specs': return '#/specs';
    case 'spec': return `#/specs/${e(r.standard)}`;
    case 'not-found': return `#${r.path}`;
  }
}

export function navigate(r: Route, replace = false): void {
  const h = href(r);
  if (replace) window.location.replace(h);
  else window.location.hash = h.slice(1);
}

/** The current route, updated on every hash change. */
export function useRoute(): Route {
  const [route, setRoute] = useState<Route>(() => parse(window.location.hash));
  useEffect(() => {
    const on = (): void => setRoute(parse(window.location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}
