/**
 * The issues CSV: every occurrence, uncapped, streamed as it is found — the list a utility fixes from.
 * RFC 4180 quoting; columns: file, line, column, code, severity, value, key, message.
 */
import { createWriteStream, type WriteStream } from 'node:fs';

const HEADER = 'file,line,column,code,severity,value,key,message\n';

function q(v: string | number | undefined): string {
  if (v === undefined) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export class IssuesCsvWriter {
  private readonly out: WriteStream;
  private buf: string[] = [];
  private size = 0;
  private failed: Error | null = null;

  constructor(path: string) {
    this.out = createWriteStream(path);
    this.out.on('error', (e) => { this.failed = e; });
    this.buf.push(HEADER);
  }

  write(file: string | undefined, line: number | undefined, column: string | undefined, code: string, severity: string, value: string | undefined, key: string | undefined, message: string): void {
    const row = `${q(file)},${q(line)},${q(column)},${code},${severity},${q(value)},${q(key)},${q(message)}\n`;
    this.buf.push(row);
    this.size += row.length;
    if (this.size > 1 << 16) this.flush();
  }

  /** Hands buffered rows to the stream; returns a promise that resolves once the stream can take more. */
  flush(): void {
    if (this.buf.length === 0) return;
    this.out.write(this.buf.join(''));
    this.buf = [];
    this.size = 0;
  }

  /** Waits for the stream to drain (called between chunks so memory stays bounded). */
  async drain(): Promise<void> {
    this.flush();
    if (this.out.writableNeedDrain) await new Promise<void>((r) => this.out.once('drain', () => r()));
  }

  async close(): Promise<void> {
    this.flush();
    await new Promise<void>((resolve, reject) => this.out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    if (this.failed) throw this.failed;
  }
}
