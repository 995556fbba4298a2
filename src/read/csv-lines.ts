/**
 * Comma-separated lines (unsubscribe files) for the same LineSink as the tab scanner: line splitting, the
 * byte order mark, UTF-8 and control-character flags all come from LineScanner; this class only finds the
 * commas that separate fields, following RFC 4180 quoting: a field that starts with `"` runs to the next lone
 * `"`, and may hold commas and doubled quotes `""`.
 *
 * What it does not do: a quoted field cannot span lines (each line is one record), and the field offsets still
 * include the quotes — the validator strips the outer pair, so a doubled quote inside stays doubled in the
 * value it checks. A line whose quote is never closed carries LINE_BAD_QUOTE.
 */
import { MAX_LINE_BYTES } from '../spec/common.js';
import { LineScanner, MAX_FIELDS, type LineSink } from './lines.js';

/** The line ends inside a quoted field. */
export const LINE_BAD_QUOTE = 4;

const COMMA = 44;
const QUOTE = 34;

export class CsvLineScanner {
  private readonly inner: LineScanner;
  private readonly commas = new Int32Array(MAX_FIELDS);

  constructor(sink: LineSink, maxLine: number = MAX_LINE_BYTES) {
    const commas = this.commas;
    this.inner = new LineScanner(
      {
        line(buf, start, end, _tabs, _nTabs, lineNo, flags) {
          let n = 0;
          let quoted = false;
          let fieldStart = true;
          for (let i = start; i < end; i++) {
            const b = buf[i] as number;
            if (quoted) {
              if (b === QUOTE) {
                if (i + 1 < end && buf[i + 1] === QUOTE) i++;
                else quoted = false;
              }
              continue;
            }
            if (b === COMMA) {
              if (n < MAX_FIELDS) commas[n] = i;
              n++;
              fieldStart = true;
              continue;
            }
            // A quote opens a quoted field only at its start; elsewhere it is an ordinary character.
            if (b === QUOTE && fieldStart) quoted = true;
            fieldStart = false;
          }
          sink.line(buf, start, end, commas, n, lineNo, quoted ? flags | LINE_BAD_QUOTE : flags);
        },
        overlong(lineNo, bytes) {
          sink.overlong(lineNo, bytes);
        },
      },
      maxLine,
    );
  }

  get lines(): number {
    return this.inner.lines;
  }

  get bytes(): number {
    return this.inner.bytes;
  }

  get bomSeen(): boolean {
    return this.inner.bomSeen;
  }

  push(chunk: Buffer): void {
    this.inner.push(chunk);
  }

  end(): void {
    this.inner.end();
  }
}
