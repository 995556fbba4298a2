/**
 * The data profile of a report as charts: reads per month, distinct accounts over time, usage distribution,
 * share of estimates and interval completeness. The profile is free in shape, so each chart draws only when
 * its part is present and well-formed, and anything else is listed as raw JSON.
 */
import type { EChartsCoreOption } from 'echarts/core';
import { useMemo, useState } from 'react';
import { day, int, pct } from '../format.js';
import { Chart } from './chart.js';
import { Facts } from './ui.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const n = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** `{ key: number }` as sorted [key, number] pairs; other values are skipped. */
function series(v: unknown): [string, number][] {
  if (!isObj(v)) return [];
  return Object.entries(v).flatMap(([k, x]) => (n(x) === undefined ? [] : [[k, n(x) as number] as [string, number]])).sort((a, b) => a[0].localeCompare(b[0]));
}

const KNOWN = ['rows', 'reads', 'distinct', 'accounts', 'readRange', 'readsPerMonth', 'accountsPerMonth', 'servicePointsPerMonth', 'estimates', 'usageByUnit', 'interval'];
const BLUE = '#1d5fa8';
const grid = { left: 56, right: 16, top: 16, bottom: 40, containLabel: false };

export function ProfileCharts({ profile }: { profile: Record<string, unknown> }): React.JSX.Element {
  const distinct = isObj(profile.distinct) ? profile.distinct : {};
  const reads = useMemo(() => series(profile.readsPerMonth), [profile]);
  // Distinct accounts per month when the engine counts them, else distinct service points (what it counts today).
  const perMonth = useMemo(() => {
    const a = series(profile.accountsPerMonth);
    return a.length > 0 ? { what: 'distinct accounts', title: 'Distinct accounts over time', data: a }
      : { what: 'distinct service points read', title: 'Distinct service points read per month', data: series(profile.servicePointsPerMonth) };
  }, [profile]);
  const rest = Object.fromEntries(Object.entries(profile).filter(([k]) => !KNOWN.includes(k)));
  const facts: [string, string][] = [];
  const rows = n(profile.rows) ?? n(profile.reads);
  if (rows !== undefined) facts.push([n(profile.rows) === undefined ? 'Reads' : 'Rows', int(rows)]);
  for (const [k, label] of [['customers', 'Customers'], ['accounts', 'Accounts'], ['servicePoints', 'Service points']] as const) {
    // Interval-only deliveries carry no customer data: a zero there says nothing.
    if (n(distinct[k]) !== undefined && (n(distinct[k]) !== 0 || !isObj(profile.interval))) facts.push([label, int(n(distinct[k]))]);
  }
  const status = isObj(profile.accounts) ? profile.accounts : {};
  if (n(status.active) || n(status.inactive)) {
    facts.push(['Active accounts', int(n(status.active))], ['Inactive accounts', int(n(status.inactive))]);
  }
  const range = isObj(profile.readRange) ? profile.readRange : {};
  if (typeof range.first === 'string' && typeof range.last === 'string') facts.push(['Reads from', `${day(range.first)} to ${day(range.last)}`]);
  const empty = Object.keys(profile).length === 0;
  return (
    <div className="profile">
      {empty && <p>This report has no data profile (the files could not be read far enough).</p>}
      {facts.length > 0 && <Facts items={facts} />}
      <div className="chart-grid">
        {reads.length > 0 && <MonthBars title="Reads per month" what="reads" data={reads} />}
        {perMonth.data.length > 0 && <MonthLine title={perMonth.title} what={perMonth.what} data={perMonth.data} />}
        <Estimates v={profile.estimates} />
        <UsageDistribution v={profile.usageByUnit} />
      </div>
      <IntervalCompleteness v={profile.interval} />
      {Object.keys(rest).length > 0 && (
        <details><summary>Other profile figures</summary><pre className="code">{JSON.stringify(rest, null, 2)}</pre></details>
      )}
    </div>
  );
}

function MonthBars({ title, what, data }: { title: string; what: string; data: [string, number][] }): React.JSX.Element {
  const option = useMemo<EChartsCoreOption>(() => ({
    grid, tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: data.map((d) => d[0]) },
    yAxis: { type: 'value' },
    series: [{ type: 'bar', name: what, data: data.map((d) => d[1]), itemStyle: { color: BLUE } }],
  }), [data, what]);
  const total = data.reduce((s, d) => s + d[1], 0);
  return <Chart title={title} option={option}
    description={`Bar chart of ${what} per month from ${data[0]?.[0] ?? ''} to ${data.at(-1)?.[0] ?? ''}, ${int(total)} in all, at most ${int(Math.max(...data.map((d) => d[1])))} in a month.`}
    table={{ columns: ['Month', titleOf(what)], rows: data }} />;
}

function MonthLine({ title, what, data }: { title: string; what: string; data: [string, number][] }): React.JSX.Element {
  const option = useMemo<EChartsCoreOption>(() => ({
    grid, tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: data.map((d) => d[0]) },
    yAxis: { type: 'value' },
    series: [{ type: 'line', name: what, data: data.map((d) => d[1]), itemStyle: { color: '#b4540a' }, areaStyle: { opacity: 0.12 } }],
  }), [data, what]);
  return <Chart title={title} option={option}
    description={`Line chart of ${what} per month from ${data[0]?.[0] ?? ''} (${int(data[0]?.[1])}) to ${data.at(-1)?.[0] ?? ''} (${int(data.at(-1)?.[1])}).`}
    table={{ columns: ['Month', titleOf(what)], rows: data }} />;
}

const titleOf = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

function Estimates({ v }: { v: unknown }): React.JSX.Element | null {
  const parts = useMemo(() => {
    if (!isObj(v)) return [];
    return ([['actual', 'Actual'], ['estimated', 'Estimated'], ['userReported', 'Customer reported']] as const)
      .flatMap(([k, label]) => (n(v[k]) === undefined ? [] : [{ name: label, value: n(v[k]) as number }]));
  }, [v]);
  const option = useMemo<EChartsCoreOption>(() => ({
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    legend: { bottom: 0 },
    series: [{ type: 'pie', radius: ['45%', '70%'], center: ['50%', '45%'], data: parts, label: { formatter: '{d}%' }, color: [BLUE, '#d08c1a', '#6b8e23'] }],
  }), [parts]);
  if (parts.length === 0) return null;
  const total = parts.reduce((s, p) => s + p.value, 0);
  const share = isObj(v) && n(v.share) !== undefined ? n(v.share) : total > 0 ? (parts.find((p) => p.name === 'Estimated')?.value ?? 0) / total : undefined;
  return <Chart title="Share of estimates" option={option}
    description={`Donut chart of reads by kind: ${parts.map((p) => `${p.name} ${int(p.value)}`).join(', ')}; estimates are ${pct(share)}.`}
    table={{ columns: ['Kind', 'Reads', 'Share'], rows: parts.map((p) => [p.name, p.value, pct(total ? p.value / total : undefined)]) }} />;
}

/** A histogram bucket; `to` is absent for the open last bucket. */
interface Bucket { from: number; to?: number; count: number }
interface UnitStats { min?: number; p50?: number; p95?: number; max?: number; mean?: number; histogram: Bucket[] }

function UsageDistribution({ v }: { v: unknown }): React.JSX.Element | null {
  const units = useMemo(() => {
    if (!isObj(v)) return [] as [string, UnitStats][];
    return Object.entries(v).flatMap(([unit, s]): [string, UnitStats][] => {
      if (!isObj(s)) return [];
      const histogram = (Array.isArray(s.histogram) ? s.histogram : []).flatMap((b: unknown) => {
        if (!isObj(b)) return [];
        const from = n(b.from); const to = n(b.to); const count = n(b.count);
        if (from === undefined || count === undefined) return [];
        return [to === undefined ? { from, count } : { from, to, count }];
      });
      const stats: UnitStats = { histogram };
      for (const k of ['min', 'p50', 'p95', 'max', 'mean'] as const) { const x = n(s[k]); if (x !== undefined) stats[k] = x; }
      return [[unit, stats]];
    });
  }, [v]);
  const [unit, setUnit] = useState<string | undefined>();
  const chosen = units.find(([u]) => u === unit) ?? units[0];
  const option = useMemo<EChartsCoreOption>(() => {
    const h = chosen?.[1].histogram ?? [];
    return {
      grid, tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: h.map(bucketLabel), axisLabel: { rotate: 30 } },
      yAxis: { type: 'value', name: 'reads' },
      series: [{ type: 'bar', data: h.map((b) => b.count), barCategoryGap: '5%', itemStyle: { color: '#2f7d5b' } }],
    };
  }, [chosen]);
  if (!chosen) return null;
  const [name, s] = chosen;
  const picker = units.length > 1 ? (
    <label className="unit-pick">Unit{' '}
      <select value={name} onChange={(e) => setUnit(e.target.value)}>{units.map(([u]) => <option key={u}>{u}</option>)}</select>
    </label>
  ) : null;
  return (
    <div className="usage-dist">
      {s.histogram.length > 0 ? (
        <Chart title={`Usage distribution (${name})`} option={option} controls={picker}
          description={`Histogram of usage in ${name}: minimum ${fmt(s.min)}, median ${fmt(s.p50)}, 95th percentile ${fmt(s.p95)}, maximum ${fmt(s.max)}.`}
          table={{ columns: [`Usage (${name})`, 'Reads'], rows: s.histogram.map((b) => [bucketLabel(b), b.count]) }} />
      ) : <><h3 className="chart-title">Usage ({name})</h3>{picker}</>}
      <Facts items={[['Min', fmt(s.min)], ['Median', fmt(s.p50)], ...(s.mean === undefined ? [] : [['Mean', fmt(s.mean)] as [string, string]]), ['95th pct.', fmt(s.p95)], ['Max', fmt(s.max)]]} />
    </div>
  );
}

const bucketLabel = (b: Bucket): string => (b.to === undefined ? `≥ ${fmt(b.from)}` : `${fmt(b.from)}–${fmt(b.to)}`);

const fmt = (x: number | undefined): string => (x === undefined ? '–' : Math.abs(x) >= 100 ? Math.round(x).toLocaleString('en-US') : String(Math.round(x * 100) / 100));

/** Completeness of interval data by day, as a heatmap of months (columns) by day of month (rows). */
function IntervalCompleteness({ v }: { v: unknown }): React.JSX.Element | null {
  const days = useMemo(() => (isObj(v) ? series(v.completenessByDay) : []), [v]);
  const option = useMemo<EChartsCoreOption>(() => {
    const months = [...new Set(days.map(([d]) => d.slice(0, 7)))];
    const cells = days.map(([d, share]) => [months.indexOf(d.slice(0, 7)), Number(d.slice(8, 10)) - 1, Math.round(share * 1000) / 10]);
    return {
      tooltip: { formatter: (p: { value: [number, number, number] }) => `${months[p.value[0]] ?? ''}-${String(p.value[1] + 1).padStart(2, '0')}: ${p.value[2]} %` },
      grid: { left: 40, right: 16, top: 8, bottom: 64 },
      xAxis: { type: 'category', data: months, splitArea: { show: true } },
      yAxis: { type: 'category', data: Array.from({ length: 31 }, (_, i) => String(i + 1)), inverse: true, name: 'day' },
      // Bands rather than a gradient: most days sit between 95 and 100 %, where a gradient shows no difference.
      visualMap: {
        type: 'piecewise', orient: 'horizontal', left: 'center', bottom: 0, itemGap: 8,
        pieces: [
          { gte: 100, label: 'complete', color: '#1a7f43' },
          { gte: 99, lt: 100, label: '99–100 %', color: '#8fd19e' },
          { gte: 90, lt: 99, label: '90–99 %', color: '#f4d35e' },
          { gte: 50, lt: 90, label: '50–90 %', color: '#f08c3a' },
          { lt: 50, label: '< 50 %', color: '#b2182b' },
        ],
      },
      series: [{ type: 'heatmap', data: cells, emphasis: { itemStyle: { borderColor: '#000', borderWidth: 1 } } }],
    };
  }, [days]);
  if (!isObj(v)) return null;
  const facts: [string, string][] = [];
  const minutes = v.intervalMinutes;
  if (n(minutes) !== undefined) facts.push(['Interval', `${n(minutes)} min`]);
  else if (Array.isArray(minutes) && minutes.length > 0) facts.push(['Intervals', `${minutes.join(', ')} min`]);
  if (n(v.reads) !== undefined) facts.push(['Interval reads', int(n(v.reads))]);
  if (n(v.meters) !== undefined) facts.push(['Meters', int(n(v.meters))]);
  if (n(v.channels) !== undefined) facts.push(['Channels', int(n(v.channels))]);
  const covered = n(v.daysCovered) ?? n(v.days);
  if (covered !== undefined) facts.push(['Days covered', int(covered)]);
  if (typeof v.firstDay === 'string' && typeof v.lastDay === 'string') facts.push(['From', `${v.firstDay} to ${v.lastDay}`]);
  if (n(v.completeness) !== undefined) facts.push(['Complete', pct(n(v.completeness))]);
  if (n(v.estimatesShare) !== undefined) facts.push(['Estimated intervals', pct(n(v.estimatesShare))]);
  const full = days.filter(([, s]) => s >= 1).length;
  return (
    <section aria-labelledby="interval-h" className="interval">
      <h3 id="interval-h">Interval data</h3>
      {facts.length > 0 && <Facts items={facts} />}
      {days.length > 0 && (
        <Chart title="Interval completeness by day" option={option} height={Math.max(320, 31 * 12 + 80)}
          description={`Heatmap of the share of expected intervals present on each day, ${days[0]?.[0] ?? ''} to ${days.at(-1)?.[0] ?? ''}: ${full} of ${days.length} days complete, lowest ${pct(Math.min(...days.map((d) => d[1])))}.`}
          table={{ columns: ['Day', 'Complete'], rows: days.map(([d, s]) => [d, pct(s)]) }} />
      )}
    </section>
  );
}
