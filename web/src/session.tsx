/** The signed-in session: the token, who it belongs to (GET /api/me) and the API client built on it. */
import { createContext, useContext } from 'react';
import type { Api, Me } from './api.js';

export interface Session {
  readonly api: Api;
  readonly me: Me;
  readonly signOut: () => void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside a signed-in session');
  return s;
}

const KEY = 'intake.token';

/** The token lives in sessionStorage: it survives a reload but not the closing of the tab. */
export const tokenStore = {
  get: (): string | null => sessionStorage.getItem(KEY),
  set: (t: string): void => sessionStorage.setItem(KEY, t),
  clear: (): void => sessionStorage.removeItem(KEY),
};
