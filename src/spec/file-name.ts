/** Parses a delivery file name by the naming convention and says what is wrong with it. */
import { MAX_FILE_NAME_LENGTH, POPULATION_TOKENS } from './common.js';
import { STANDARDS } from './registry.js';
import type { FileTypeSpec, StandardSpec } from './types.js';

export interface ParsedFileName {
  readonly name: string;
  readonly utility?: string;
  readonly population?: string;
  readonly version?: string;
  readonly typeToken?: string;
  /** The yyyyMMddHHmmss stamp as written. */
  readonly stamp?: string;
  readonly extension?: string;
  readonly standard?: StandardSpec;
  readonly fileType?: FileTypeSpec;
  /** Interval length in minutes, for interval files. */
  readonly intervalMinutes?: number;
  /** The variable part of a patterned type token other than interval's (unsubscribe: the tier). */
  readonly nameParameter?: string;
}

export interface NameProblem {
  readonly code: string;
  readonly expected?: string;
  readonly received?: string;
}

// opwr_<utility>_[<population>_]<version>_<type>_<stamp>.<ext>; the type token may itself hold underscores.
const NAME_RE = /^opwr_([^_]+)_(?:(res|nonres|nonres-smb|nonres-lci)_)?(v?\d+-\d+-\d+)_(.+)_(\d{14})\.([A-Za-z0-9.]+)$/;

/** Extensions a standard accepts: its own list, plus uncompressed .txt/.tsv for tab-separated standards (warned). */
function acceptedExtensions(standard: StandardSpec): string[] {
  const own = [...standard.fileName.extensions];
  const csv = standard.fileTypes.some((f) => f.delimiter === ',');
  return csv ? [...own, 'csv.gz', 'csv.zip'] : [...own, 'txt', 'tsv'];
}

/** The file type whose token (or token pattern) is exactly `typeToken`, searching `candidates` in order. */
function matchType(typeToken: string, candidates: readonly StandardSpec[]): { standard: StandardSpec; fileType: FileTypeSpec; param?: string } | undefined {
  for (const s of candidates) {
    for (const ft of s.fileTypes) {
      if (ft.namePattern) {
        const tm = new RegExp(ft.namePattern).exec(typeToken);
        if (tm) return { standard: s, fileType: ft, ...(tm[1] !== undefined ? { param: tm[1] } : {}) };
      } else if (ft.nameToken === typeToken) return { standard: s, fileType: ft };
    }
  }
  return undefined;
}

/**
 * Parses `name`. When `forced` names a standard (`--standard`), the file type is still taken from the name
 * when it can be, so that a misnamed file keeps its real type.
 */
export function parseFileName(name: string, forced?: StandardSpec): { parsed: ParsedFileName; problems: NameProblem[] } {
  const problems: NameProblem[] = [];
  if (name.length > MAX_FILE_NAME_LENGTH) problems.push({ code: 'FILE_NAME_TOO_LONG', expected: `≤ ${MAX_FILE_NAME_LENGTH} characters`, received: String(name.length) });
  const m = NAME_RE.exec(name);
  if (!m) {
    problems.push({ code: 'FILE_NAME_INVALID', expected: forced?.fileName.pattern ?? 'opwr_<utility>_<population>_<version>_<type>_<yyyyMMddHHmmss>.<gz or zip>', received: name });
    return { parsed: { name, ...guessType(name, forced) }, problems };
  }
  const [, utility = '', population, versionRaw = '', typeToken = '', stamp = '', extension = ''] = m;
  if (!/^[a-z0-9]{3,4}$/.test(utility)) problems.push({ code: 'FILE_NAME_UTILITY', expected: '3–4 lowercase letters or digits', received: utility });
  if (!isRealStamp(stamp)) problems.push({ code: 'FILE_NAME_STAMP', expected: 'a real date-time yyyyMMddHHmmss', received: stamp });
  const version = versionRaw.replace(/^v/, '');
  const ext = extension.toLowerCase();
  const candidates = forced ? [forced] : STANDARDS;
  const match = matchType(typeToken, candidates);
  let standard: StandardSpec | undefined = match?.standard ?? forced;
  const fileType = match?.fileType;
  let intervalMinutes: number | undefined;
  let nameParameter: string | undefined;
  if (match?.param !== undefined) {
    if (match.standard.id === 'interval') intervalMinutes = Number(match.param);
    else nameParameter = match.param;
  }
  if (!fileType) {
    const deprecated = candidates.flatMap((s) => (s.fileName.deprecatedTypes ?? []).map((d) => ({ s, d }))).find((x) => x.d.token === typeToken);
    if (deprecated) {
      standard = deprecated.s;
      problems.push({ code: 'FILE_TYPE_DEPRECATED', expected: deprecated.d.reason, received: typeToken });
    } else {
      problems.push({ code: 'FILE_TYPE_UNKNOWN', expected: candidates.flatMap((s) => s.fileTypes.map((f) => f.nameToken)).join(', '), received: typeToken });
    }
  }
  if (standard) {
    const convention = standard.fileName;
    if (population === undefined && convention.hasPopulation && !convention.populationOptional) {
      problems.push({ code: 'FILE_NAME_INVALID', expected: `a population token (${POPULATION_TOKENS.join(', ')})`, received: name });
    } else if (population !== undefined && !convention.hasPopulation) {
      problems.push({ code: 'FILE_NAME_INVALID', expected: `no population token: ${convention.pattern}`, received: name });
    }
    if (version !== standard.version) {
      const known = standard.versions.some((v) => v.version === version);
      const older = known && olderThan(version, standard.version);
      problems.push({ code: older ? 'FILE_VERSION_OLD' : standard.versionSource === 'intake' ? 'FILE_VERSION_UNCONFIRMED' : 'FILE_VERSION_UNKNOWN', expected: standard.version, received: versionRaw });
    }
    const accepted = acceptedExtensions(standard);
    if (!accepted.includes(ext)) problems.push({ code: 'FILE_NAME_INVALID', expected: convention.extensions.map((e) => `.${e}`).join(' or '), received: `.${extension}` });
  }
  if (intervalMinutes !== undefined && ![5, 15, 30, 60, 1440].includes(intervalMinutes)) {
    problems.push({ code: 'FILE_NAME_INTERVAL', expected: '5, 15, 30, 60 or 1440', received: String(intervalMinutes) });
  }
  const parsed: ParsedFileName = {
    name, utility, version, typeToken, stamp, extension: ext,
    ...(population !== undefined ? { population } : {}),
    ...(standard ? { standard } : {}),
    ...(fileType ? { fileType } : {}),
    ...(intervalMinutes !== undefined ? { intervalMinutes } : {}),
    ...(nameParameter !== undefined ? { nameParameter } : {}),
  };
  return { parsed, problems };
}

/**
 * For a name that does not follow the convention, find a file type token anywhere in it (best effort). Tokens
 * hold underscores (billing_account_address), so the longest token found between separators wins.
 */
function guessType(name: string, forced?: StandardSpec): { standard?: StandardSpec; fileType?: FileTypeSpec; intervalMinutes?: number } {
  const candidates = forced ? [forced] : STANDARDS;
  const lower = name.toLowerCase();
  const parts = lower.split(/[_.\-\s]+/);
  const tokens = candidates.flatMap((s) => s.fileTypes.filter((ft) => !(ft.namePattern && s.id === 'interval')).map((ft) => ({ s, ft })));
  tokens.sort((a, b) => b.ft.nameToken.length - a.ft.nameToken.length);
  for (const { s, ft } of tokens) {
    const at = lower.indexOf(ft.nameToken);
    for (let i = at; i >= 0; i = lower.indexOf(ft.nameToken, i + 1)) {
      const before = i === 0 ? '_' : lower[i - 1];
      const after = lower[i + ft.nameToken.length] ?? '_';
      if (/[_.\-\s]/.test(before ?? '_') && /[_.\-\s]/.test(after)) return { standard: s, fileType: ft };
    }
  }
  for (const s of candidates) {
    for (const ft of s.fileTypes) {
      if (!ft.namePattern || s.id !== 'interval') continue;
      for (const p of parts) {
        const tm = new RegExp(ft.namePattern).exec(p);
        if (tm) return { standard: s, fileType: ft, intervalMinutes: Number(tm[1]) };
      }
    }
  }
  if (forced && forced.fileTypes.length === 1 && forced.fileTypes[0]) return { standard: forced, fileType: forced.fileTypes[0] };
  return forced ? { standard: forced } : {};
}

function olderThan(a: string, b: string): boolean {
  const pa = a.split('-').map(Number);
  const pb = b.split('-').map(Number);
  for (let i = 0; i < 3; i++) {
    const x = pa[i] ?? 0;
    const y = pb[i] ?? 0;
    if (x !== y) return x < y;
  }
  return false;
}

/** yyyyMMddHHmmss that names a real calendar date and time. */
export function isRealStamp(stamp: string): boolean {
  if (!/^\d{14}$/.test(stamp)) return false;
  const y = Number(stamp.slice(0, 4));
  const mo = Number(stamp.slice(4, 6));
  const d = Number(stamp.slice(6, 8));
  const h = Number(stamp.slice(8, 10));
  const mi = Number(stamp.slice(10, 12));
  const s = Number(stamp.slice(12, 14));
  if (y < 1900 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59) return false;
  return true;
}

export function daysInMonth(y: number, m: number): number {
  return m === 2 ? ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
}

/** Builds a conforming file name (generator, export). */
export function buildFileName(opts: { utility: string; population?: string; version: string; typeToken: string; stamp: string; extension: string }): string {
  const pop = opts.population ? `${opts.population}_` : '';
  return `opwr_${opts.utility}_${pop}${opts.version}_${opts.typeToken}_${opts.stamp}.${opts.extension}`;
}
