/**
 * Comma-separated fields as text (RFC 4180 within one line): splitting a line into its values and writing a
 * value back. For the loader, the exporter and header lines; the validator's hot path finds the commas in bytes
 * instead (csv-lines.ts), and like it a quoted field never spans lines here.
 */

/** Splits one comma-separated line: a field that starts with `"` runs to the next lone `"`; `""` inside is one quote. */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  let start = true;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (line[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
      continue;
    }
    if (ch === ',') {
      out.push(field);
      field = '';
      start = true;
      continue;
    }
    // A quote opens a quoted field only at its start; elsewhere it is an ordinary character (as in csv-lines.ts).
    if (ch === '"' && start) {
      quoted = true;
      start = false;
      continue;
    }
    field += ch;
    start = false;
  }
  out.push(field);
  return out;
}

/** A value for a comma-separated file: quoted when it holds a comma, a quote or a line break. */
export function csvField(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}
