/** What an uploaded file's name says: temporary or final, encrypted, manifest, and which delivery it joins. */
import { parseFileName } from '../spec/file-name.js';

/** Client temporary names (WinSCP `.filepart`, FileZilla/lftp `.part`, scripts' `.tmp`): wait for the rename. */
const TEMP_SUFFIXES = ['.part', '.filepart', '.tmp'];
const PGP_SUFFIXES = ['.pgp', '.gpg'];
const MANIFEST_SUFFIX = '.manifest.yaml';
export const MAX_NAME_LENGTH = 255;

/** A client temporary name: a known suffix, or a hidden name (`.x.gz.abc123`, as rsync-like tools write). */
export function isTempName(name: string): boolean {
  const lower = name.toLowerCase();
  return name.startsWith('.') || TEMP_SUFFIXES.some((s) => lower.endsWith(s));
}

export function isManifestName(name: string): boolean {
  return name.toLowerCase().endsWith(MANIFEST_SUFFIX);
}

/** The name without `.pgp`/`.gpg`, or undefined when the file is not encrypted by its name. */
export function decryptedName(name: string): string | undefined {
  const lower = name.toLowerCase();
  const suffix = PGP_SUFFIXES.find((s) => lower.endsWith(s));
  return suffix && name.length > suffix.length ? name.slice(0, -suffix.length) : undefined;
}

/** A single path component a utility may create: no separators, no NUL, not `.`/`..`, not too long. */
export function isAcceptableFileName(name: string): boolean {
  return name.length > 0 && name.length <= MAX_NAME_LENGTH && name !== '.' && name !== '..' && !/[/\\\0]/.test(name);
}

export interface DeliveryKey {
  /** Files with equal keys belong to one delivery. */
  readonly key: string;
  /** yyyyMMddHHmmss from the name; absent when the name does not follow the convention. */
  readonly stamp?: string;
  readonly standard?: string;
  readonly fileType?: string;
}

/**
 * Files of one delivery share the utility token, standard and stamp of their names (e.g. the customer and usage
 * files of legacy billing). A name off the convention is a delivery of its own, so validation can say what is wrong.
 */
export function deliveryKeyOf(name: string): DeliveryKey {
  const plain = decryptedName(name) ?? name;
  const { parsed } = parseFileName(plain);
  if (!parsed.stamp || !parsed.utility) return { key: `name:${plain}` };
  return {
    key: `${parsed.utility}:${parsed.standard?.id ?? '?'}:${parsed.stamp}`,
    stamp: parsed.stamp,
    ...(parsed.standard ? { standard: parsed.standard.id } : {}),
    ...(parsed.fileType ? { fileType: parsed.fileType.id } : {}),
  };
}
