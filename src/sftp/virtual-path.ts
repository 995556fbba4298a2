/**
 * A utility's view of its home: `/` holds `shared_files`, `Uploads` and `receipts`, each holding files only.
 * Every path a client sends is resolved here, and nothing resolves outside the home.
 */
import { posix } from 'node:path';
import { AREAS, HOME_FOLDERS, RECEIPTS } from './layout.js';
import { isAcceptableFileName } from './names.js';
import type { SftpArea } from './ports.js';

export type VirtualPath =
  | { readonly kind: 'root'; readonly path: '/' }
  | { readonly kind: 'folder'; readonly path: string; readonly folder: string }
  | { readonly kind: 'file'; readonly path: string; readonly folder: string; readonly name: string }
  /** Well-formed but names nothing that can exist (e.g. `/etc/passwd`, a sub-folder of an area). */
  | { readonly kind: 'none'; readonly path: string };

/** Normalizes a client path against `/`; `..` stops at the home's top, as in a chroot. */
export function normalizeClientPath(raw: string): string {
  const joined = posix.normalize(posix.join('/', raw.replace(/\\/g, '/')));
  // posix.normalize keeps leading `/..`; a chroot does not.
  const parts = joined.split('/').filter((p) => p !== '' && p !== '.' && p !== '..');
  return `/${parts.join('/')}`;
}

/** True when a raw client path climbs above the home's top with `..` (refused, and audited as such). */
export function climbsOut(raw: string): boolean {
  let depth = 0;
  for (const part of raw.replace(/\\/g, '/').split('/')) {
    if (part === '..') { depth--; if (depth < 0) return true; } else if (part !== '' && part !== '.') depth++;
  }
  return false;
}

export function resolveVirtual(raw: string): VirtualPath {
  const path = normalizeClientPath(raw);
  if (path === '/') return { kind: 'root', path: '/' };
  const parts = path.slice(1).split('/');
  const [folder = '', name, ...rest] = parts;
  if (!HOME_FOLDERS.includes(folder)) return { kind: 'none', path };
  if (name === undefined) return { kind: 'folder', path, folder };
  if (rest.length > 0 || !isAcceptableFileName(name)) return { kind: 'none', path };
  return { kind: 'file', path, folder, name };
}

export function isWritableFolder(folder: string): folder is SftpArea {
  return (AREAS as readonly string[]).includes(folder);
}

export function isReceiptsFolder(folder: string): boolean {
  return folder === RECEIPTS;
}
