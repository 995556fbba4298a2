/**
 * The local file store: a delivery's files under <root>/<utility>/<delivery id>/, and what Intake derives from
 * them (the issues CSV) under <root>/<utility>/<delivery id>.derived/, so the delivery's folder holds only its files.
 */
import { copyFile, mkdir, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { FileStore } from './ports.js';

/** Keeps only a plain file name: no folders, no way out of the delivery's folder. */
export function safeName(name: string): string {
  const base = path.basename(name.replace(/\\/g, '/'));
  if (!base || base === '.' || base === '..') throw Object.assign(new Error(`unusable file name "${name}"`), { code: 'INVALID_INPUT' });
  return base;
}

export function localFileStore(root: string): FileStore {
  return {
    async folder(utility, deliveryId) {
      const dir = path.join(root, safeName(utility), safeName(deliveryId));
      await mkdir(dir, { recursive: true });
      return dir;
    },
    async derived(utility, deliveryId, name) {
      const dir = path.join(root, safeName(utility), `${safeName(deliveryId)}.derived`);
      await mkdir(dir, { recursive: true });
      return path.join(dir, safeName(name));
    },
    async removeFiles(utility, deliveryId) {
      const dir = path.join(root, safeName(utility), safeName(deliveryId));
      const names = await readdir(dir).catch(() => [] as string[]);
      await rm(dir, { recursive: true, force: true });
      return names.length;
    },
    async put(utility, deliveryId, name, source, opts = {}) {
      const dir = await this.folder(utility, deliveryId);
      const target = path.join(dir, safeName(name));
      if (path.resolve(source) !== path.resolve(target)) {
        if (opts.move) {
          try {
            await rename(source, target);
          } catch {
            // Another file system: copy, then remove the source.
            await copyFile(source, target);
            await unlink(source);
          }
        } else {
          await copyFile(source, target);
        }
      }
      return { path: target, bytes: (await stat(target)).size };
    },
  };
}
