/**
 * Convenience readers on top of the byte scanner, for code that wants strings (loader, tests, tools), not the
 * validator's hot path. Memory does not grow with the file: rows are yielded in batches as they are decoded.
 */
import { splitCsvLine } from './csv-fields.js';
import { LineScanner, MAX_FIELDS } from './lines.js';
import { ArchiveError, archiveProblem, openSource, type Compression } from './open.js';

export interface Row {
  /** 1-based line of the decompressed file; the header is line 1. */
  readonly line: number;
  readonly fields: string[];
}

/** Decompressed bytes of a file, or an ArchiveError when the file cannot be opened as data. */
export async function openDecompressed(path: string): Promise<{ stream: AsyncIterable<Buffer>; compression: Compression }> {
  const src = await openSource(path);
  const fatal = src.problems.find((p) => p.code !== 'FILE_UNCOMPRESSED' && p.code !== 'FILE_EXTENSION_MISMATCH');
  if (!src.stream || fatal) {
    src.stream?.destroy();
    throw new ArchiveError(fatal ?? { code: 'ARCHIVE_CORRUPT' });
  }
  return { stream: src.stream, compression: src.compression };
}

/**
 * Every line of a file, split on tabs (header included, as line 1); with `csv`, split on commas with quoting
 * (csv-fields.ts: a quoted field's value without its quotes, `""` as one quote).
 */
export async function* readLines(path: string, o: { readonly csv?: boolean } = {}): AsyncGenerator<Row> {
  const { stream } = await openDecompressed(path);
  let batch: Row[] = [];
  const scanner = new LineScanner({
    line(buf, start, end, tabs, nTabs, line) {
      if (o.csv) {
        batch.push({ line, fields: splitCsvLine(buf.toString('utf8', start, end)) });
        return;
      }
      const fields: string[] = [];
      let s = start;
      const n = Math.min(nTabs, MAX_FIELDS);
      for (let i = 0; i < n; i++) {
        const t = tabs[i] as number;
        fields.push(buf.toString('utf8', s, t));
        s = t + 1;
      }
      fields.push(buf.toString('utf8', s, end));
      batch.push({ line, fields });
    },
    overlong(line) {
      batch.push({ line, fields: [] });
    },
  });
  try {
    for await (const chunk of stream) {
      scanner.push(chunk as Buffer);
      if (batch.length > 0) {
        const out = batch;
        batch = [];
        yield* out;
      }
    }
  } catch (err) {
    throw new ArchiveError(archiveProblem(err));
  }
  scanner.end();
  yield* batch;
}

/** Data rows (the header skipped). */
export async function* readRows(path: string): AsyncGenerator<Row> {
  for await (const row of readLines(path)) if (row.line > 1) yield row;
}

/** The header's column names. */
export async function readHeader(path: string): Promise<string[]> {
  for await (const row of readLines(path)) return row.fields;
  return [];
}
