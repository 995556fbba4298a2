/**
 * A self-contained HTML report: no script or style from the network, so it opens offline and can be mailed.
 * Issues by severity and code with examples and fix hints; the data profile as small inline SVG charts.
 */
import { formatNumber } from './number.js';
import type { Report, ReportIssue } from './types.js';

const esc = (s: unknown): string =>
  String(s ?? '').replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] as string);

function bars(title: string, data: Record<string, number>, unit = ''): string {
  const entries = Object.entries(data);
  if (entries.length === 0) return '';
  const max = Math.max(...entries.map(([, v]) => v), 1);
  const w = 640;
  const h = 160;
  const bw = Math.max(2, Math.floor((w - 40) / entries.length) - 2);
  const rects = entries.map(([k, v], i) => {
    const bh = Math.round((v / max) * (h - 30));
    const x = 30 + i * (bw + 2);
    return `<rect x="${x}" y="${h - 20 - bh}" width="${bw}" height="${bh}" fill="#3b6ea5"><title>${esc(k)}: ${formatNumber(v)}${unit}</title></rect>`;
  });
  const first = entries[0]?.[0] ?? '';
  const last = entries[entries.length - 1]?.[0] ?? '';
  return `<figure><figcaption>${esc(title)}</figcaption><svg role="img" aria-label="${esc(title)}" viewBox="0 0 ${w} ${h}" width="100%" style="max-width:${w}px">
<text x="0" y="12" font-size="11">${formatNumber(max)}</text>${rects.join('')}
<text x="30" y="${h - 4}" font-size="11">${esc(first)}</text><text x="${w - 10}" y="${h - 4}" font-size="11" text-anchor="end">${esc(last)}</text></svg></figure>`;
}

function heatmap(title: string, byDay: Record<string, number>): string {
  const days = Object.keys(byDay).sort();
  if (days.length === 0) return '';
  const cell = 12;
  const first = new Date(`${days[0]}T00:00:00Z`);
  const col = (d: string) => Math.floor((Date.parse(`${d}T00:00:00Z`) - first.getTime()) / 86400000 / 7);
  const rowOf = (d: string) => new Date(`${d}T00:00:00Z`).getUTCDay();
  const cols = col(days[days.length - 1] as string) + 1;
  const rects = days.map((d) => {
    const v = byDay[d] ?? 0;
    const color = v >= 0.999 ? '#2e7d32' : v >= 0.95 ? '#9ccc65' : v >= 0.8 ? '#fdd835' : v > 0 ? '#fb8c00' : '#c62828';
    return `<rect x="${col(d) * (cell + 2)}" y="${rowOf(d) * (cell + 2)}" width="${cell}" height="${cell}" fill="${color}"><title>${d}: ${(v * 100).toFixed(1)} %</title></rect>`;
  });
  return `<figure><figcaption>${esc(title)}</figcaption><svg role="img" aria-label="${esc(title)}" viewBox="0 0 ${cols * (cell + 2)} ${7 * (cell + 2)}" width="100%" style="max-width:${cols * (cell + 2)}px">${rects.join('')}</svg></figure>`;
}

function issueBlock(i: ReportIssue): string {
  const examples = i.examples
    .map((e) => `<tr><td>${e.line ?? ''}</td><td><code>${esc(e.value ?? '')}</code></td><td>${esc(e.key ?? '')}</td><td>${esc(e.detail ?? '')}</td></tr>`)
    .join('');
  return `<details class="issue ${i.severity}" ${i.severity === 'error' ? 'open' : ''}>
<summary><span class="sev">${i.severity}</span> <code>${esc(i.code)}</code> <span class="count">× ${formatNumber(i.count)}</span> ${esc(i.file ?? 'delivery')}${i.column ? ` · <code>${esc(i.column)}</code>` : ''}</summary>
<p>${esc(i.message)}</p><p class="hint"><strong>How to fix:</strong> ${esc(i.hint)} <span class="ref">(${esc(i.specRef)})</span></p>
${i.examples.length ? `<table><thead><tr><th scope="col">Line</th><th scope="col">Value</th><th scope="col">Key</th><th scope="col">Detail</th></tr></thead><tbody>${examples}</tbody></table>` : ''}
${i.count > i.examples.length && i.examples.length > 0 ? `<p class="more">${i.examples.length} of ${formatNumber(i.count)} occurrences shown; the issues CSV lists them all.</p>` : ''}
</details>`;
}

export function renderHtml(report: Report): string {
  const s = report.summary;
  const p = report.profile as Record<string, unknown>;
  const num = (v: unknown) => (typeof v === 'number' ? formatNumber(v) : '—');
  const distinct = (p.distinct ?? {}) as Record<string, number>;
  const est = (p.estimates ?? {}) as Record<string, number | null>;
  const units = (p.usageByUnit ?? {}) as Record<string, { count: number; min: number; p50: number; p95: number; max: number; histogram: { from: number; to: number | null; count: number }[] }>;
  const interval = p.interval as { completenessByDay?: Record<string, number>; meters?: number; days?: number } | undefined;
  const unitCharts = Object.entries(units)
    .map(([u, h]) => bars(`Usage distribution (${u}): min ${h.min}, median ≤ ${h.p50}, p95 ≤ ${h.p95}, max ${h.max}`, Object.fromEntries(h.histogram.map((b) => [`${b.from}–${b.to ?? '∞'}`, b.count]))))
    .join('');
  const bySeverity = (sev: string) => report.issues.filter((i) => i.severity === sev);
  const section = (title: string, list: ReportIssue[]) => (list.length ? `<h3>${title} (${list.length} kinds)</h3>${list.map(issueBlock).join('\n')}` : '');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Intake report: ${s.passed ? 'passed' : 'failed'}</title>
<style>
body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:1rem;color:#1d1d1f}
h1{font-size:1.5rem} .badge{padding:.15rem .6rem;border-radius:1rem;color:#fff;font-weight:600}
.pass{background:#2e7d32}.fail{background:#c62828} table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{border-bottom:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top} code{font-family:ui-monospace,monospace}
details.issue{border-left:4px solid #999;padding:.25rem .75rem;margin:.5rem 0;background:#fafafa}
details.error{border-color:#c62828}details.warning{border-color:#f9a825}details.info{border-color:#0277bd}
.sev{text-transform:uppercase;font-size:.75rem;font-weight:700} .count{color:#555} .hint{color:#333} .ref,.more{color:#666;font-size:.85rem}
figure{margin:1rem 0} figcaption{font-weight:600;margin-bottom:.25rem} .grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:.5rem}
.grid div{background:#f3f6fa;padding:.5rem;border-radius:.4rem} .grid strong{display:block;font-size:1.3rem}
</style></head><body>
<header><h1>Intake report <span class="badge ${s.passed ? 'pass' : 'fail'}">${s.passed ? 'PASSED' : 'FAILED'}</span></h1>
<p>${esc(report.standard ?? 'unknown standard')}${report.phase ? ` · phase ${esc(report.phase)} as of ${esc(report.asOf)}` : ''} · generated ${esc(report.generatedAt)} by intake ${esc(report.version)}</p></header>
<main>
<section aria-labelledby="sum"><h2 id="sum">Summary</h2>
<div class="grid"><div>Files<strong>${s.files}</strong></div><div>Rows<strong>${num(s.rows)}</strong></div><div>Errors<strong>${num(s.errors)}</strong></div><div>Warnings<strong>${num(s.warnings)}</strong></div><div>Notes<strong>${num(s.infos)}</strong></div></div>
<table><thead><tr><th scope="col">File</th><th scope="col">Type</th><th scope="col">Rows</th><th scope="col">Size</th><th scope="col">Errors</th><th scope="col">Warnings</th></tr></thead><tbody>
${report.files.map((f) => `<tr><td><code>${esc(f.name)}</code></td><td>${esc(f.standard ?? '?')} / ${esc(f.fileType ?? '?')}</td><td>${num(f.rows)}</td><td>${num(f.bytes)} B (${esc(f.compression)})</td><td>${num(f.errors)}</td><td>${num(f.warnings)}</td></tr>`).join('')}
</tbody></table>
${report.truncated.map((t) => `<p role="note"><strong>Note:</strong> ${esc(t)}</p>`).join('')}
</section>
<section aria-labelledby="iss"><h2 id="iss">Issues</h2>
${report.issues.length === 0 ? '<p>No issues.</p>' : section('Errors', bySeverity('error')) + section('Warnings', bySeverity('warning')) + section('Notes', bySeverity('info'))}
</section>
<section aria-labelledby="prof"><h2 id="prof">Data profile</h2>
<div class="grid"><div>Reads<strong>${num(p.reads)}</strong></div><div>Customers<strong>${num(distinct.customers)}</strong></div><div>Accounts<strong>${num(distinct.accounts)}</strong></div><div>Service points<strong>${num(distinct.servicePoints)}</strong></div><div>Estimated reads<strong>${typeof est.share === 'number' ? `${(est.share * 100).toFixed(1)} %` : '—'}</strong></div>${interval ? `<div>Meters<strong>${num(interval.meters)}</strong></div><div>Days<strong>${num(interval.days)}</strong></div>` : ''}</div>
${bars('Reads per month', (p.readsPerMonth ?? {}) as Record<string, number>)}
${bars('Service points read per month', (p.servicePointsPerMonth ?? {}) as Record<string, number>)}
${unitCharts}
${interval?.completenessByDay ? heatmap('Interval completeness by day (green: complete)', interval.completenessByDay) : ''}
</section></main></body></html>
`;
}
