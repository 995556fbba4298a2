/** One account as loaded: customer, service points, bill history and a usage chart. */
import type { EChartsCoreOption } from 'echarts/core';
import { useMemo } from 'react';
import type { AccountView, Bill, DailyUsage } from '../api.js';
import { Chart } from '../components/chart.js';
import { ErrorBox, Facts, Loading } from '../components/ui.js';
import { day, int, shortId } from '../format.js';
import { useLoad, useTitle } from '../hooks.js';
import { href } from '../router.js';
import { useSession } from '../session.js';

const shown = (v: unknown): string => (v === null || v === undefined || v === '' ? '–' : typeof v === 'object' ? JSON.stringify(v) : String(v));

export function AccountPage({ code, account }: { code: string; account: string }): React.JSX.Element {
  const { api } = useSession();
  useTitle(`Account ${account}`);
  const a = useLoad(() => api.account(code, account), [api, code, account]);
  return (
    <>
      <nav aria-label="Breadcrumb" className="crumbs"><ol>
        <li><a href={href({ page: 'utility', code, tab: 'feeds' })}>{code}</a></li>
        <li><a href={href({ page: 'customers', code, q: '' })}>Customers</a></li>
        <li aria-current="page">Account {account}</li>
      </ol></nav>
      <h1>Account {account}</h1>
      {a.error && <ErrorBox error={a.error} retry={a.reload} />}
      {a.loading && !a.data && <Loading what="the account" />}
      {a.data && <AccountBody a={a.data} />}
    </>
  );
}

const FACT_LABELS: Record<string, string> = {
  name: 'Name', customerId: 'Customer', customer_id: 'Customer', accountId: 'Account', account_id: 'Account',
  activeDate: 'Active since', active_date: 'Active since', inactiveDate: 'Inactive since', inactive_date: 'Inactive since', city: 'City',
};
const isDateKey = (k: string): boolean => /date/i.test(k);

function AccountBody({ a }: { a: AccountView }): React.JSX.Element {
  const facts = Object.entries(a.facts).map(([k, v]) => [FACT_LABELS[k] ?? k, isDateKey(k) && typeof v === 'string' ? day(v) : shown(v)] as [string, string]);
  const bills = [...a.bills].sort((x, y) => y.dateTo.localeCompare(x.dateTo) || x.servicePointId.localeCompare(y.servicePointId));
  return (
    <>
      {facts.length > 0 && <Facts items={facts} />}
      <h2>Service points</h2>
      {a.servicePoints.length === 0 ? <p>No service points loaded.</p> : (
        <div className="table-wrap" tabIndex={0}>
          <table>
            <thead><tr><th scope="col">Service point</th><th scope="col">Premise</th><th scope="col">Address</th><th scope="col">Meter</th><th scope="col">Unit</th></tr></thead>
            <tbody>{a.servicePoints.map((s) => (
              <tr key={s.id}><th scope="row">{s.id}</th><td>{s.premiseId ?? '–'}</td><td>{s.address ?? '–'}</td><td>{s.meterType ?? '–'}</td><td>{s.meterUnit ?? '–'}</td></tr>
            ))}</tbody>
          </table>
        </div>
      )}
      <UsageCharts bills={a.bills} />
      <DailyCharts daily={a.daily} />
      <h2>Bill history</h2>
      {bills.length === 0 ? <p>No bills loaded.</p> : (
        <div className="table-wrap" tabIndex={0}>
          <table>
            <thead><tr><th scope="col">Service point</th><th scope="col">From</th><th scope="col">To</th><th scope="col" className="num">Usage</th><th scope="col">Unit</th><th scope="col" className="num">Charge</th><th scope="col">Read</th><th scope="col">Loaded from</th></tr></thead>
            <tbody>
              {bills.map((b, i) => (
                <tr key={i}>
                  <td>{b.servicePointId}</td><td>{day(b.dateFrom)}</td><td>{day(b.dateTo)}</td>
                  <td className="num">{b.usage === undefined ? '–' : b.usage.toLocaleString('en-US')}</td><td>{b.unit ?? '–'}</td>
                  <td className="num">{b.cost === undefined ? '–' : b.cost.toLocaleString('en-US', { style: 'currency', currency: 'USD' })}</td>
                  <td>{b.kind ?? '–'}{b.corrections > 0 && <span className="muted"> (corrected {b.corrections}×)</span>}</td>
                  <td>{b.source ? <a href={href({ page: 'delivery', id: b.source.deliveryId, tab: 'summary' })} title={b.source.file}>delivery {shortId(b.source.deliveryId)}{b.source.line !== undefined ? `, line ${b.source.line}` : ''}</a> : '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

/** Interval usage per day, one chart per unit, one line per service point. */
function DailyCharts({ daily }: { daily: readonly DailyUsage[] }): React.JSX.Element | null {
  const units = useMemo(() => {
    const m = new Map<string, Map<string, DailyUsage[]>>();
    for (const d of daily) {
      const unit = d.units ?? 'usage';
      const sps = m.get(unit) ?? new Map<string, DailyUsage[]>();
      sps.set(d.servicePointId, [...(sps.get(d.servicePointId) ?? []), d]);
      m.set(unit, sps);
    }
    return [...m.entries()].map(([unit, sps]) => ({ unit, sps: [...sps.entries()].map(([sp, ds]) => ({ sp, ds: [...ds].sort((x, y) => x.day.localeCompare(y.day)) })) }));
  }, [daily]);
  if (units.length === 0) return null;
  return (
    <div className="chart-grid">
      {units.map(({ unit, sps }) => (
        <DailyChart key={unit} unit={unit} sps={sps} />
      ))}
    </div>
  );
}

function DailyChart({ unit, sps }: { unit: string; sps: readonly { sp: string; ds: readonly DailyUsage[] }[] }): React.JSX.Element {
  const option = useMemo<EChartsCoreOption>(() => ({
    grid: { left: 56, right: 16, top: 32, bottom: 56 }, tooltip: { trigger: 'axis' }, legend: { top: 0 },
    xAxis: { type: 'time' }, yAxis: { type: 'value', name: unit }, dataZoom: [{ type: 'slider', height: 18, bottom: 6 }],
    series: sps.map(({ sp, ds }) => ({ type: 'line', name: sp, showSymbol: false, data: ds.map((d) => [day(d.day), d.total]) })),
  }), [sps, unit]);
  return <Chart title={`Interval usage per day (${unit})`} option={option}
    description={`Line chart of daily interval usage in ${unit} for ${sps.map(({ sp, ds }) => `service point ${sp}, ${int(ds.length)} days`).join('; ')}.`}
    table={{ columns: ['Service point', 'Day', `Usage (${unit})`], rows: sps.flatMap(({ sp, ds }) => ds.map((d) => [sp, day(d.day), d.total])) }} />;
}

/** One chart per unit (kWh and therms do not share an axis), one line per service point. */
function UsageCharts({ bills }: { bills: readonly Bill[] }): React.JSX.Element | null {
  const units = useMemo(() => {
    const byUnit = new Map<string, Map<string, Bill[]>>();
    for (const b of bills) {
      if (b.usage === undefined) continue;
      const unit = b.unit ?? 'usage';
      const sps = byUnit.get(unit) ?? new Map<string, Bill[]>();
      sps.set(b.servicePointId, [...(sps.get(b.servicePointId) ?? []), b]);
      byUnit.set(unit, sps);
    }
    return [...byUnit.entries()].map(([unit, sps]) => [unit, [...sps.entries()].map(([sp, bs]) => [sp, bs.sort((x, y) => x.dateTo.localeCompare(y.dateTo))] as const)] as const);
  }, [bills]);
  if (units.length === 0) return null;
  return <div className="chart-grid">{units.map(([unit, sps]) => <UnitChart key={unit} unit={unit} sps={sps} />)}</div>;
}

function UnitChart({ unit, sps }: { unit: string; sps: readonly (readonly [string, readonly Bill[]])[] }): React.JSX.Element {
  const option = useMemo<EChartsCoreOption>(() => ({
    grid: { left: 56, right: 16, top: 32, bottom: 40 }, tooltip: { trigger: 'axis' }, legend: { top: 0 },
    xAxis: { type: 'time' }, yAxis: { type: 'value', name: unit },
    series: sps.map(([sp, bs]) => ({ type: 'line', name: sp, data: bs.map((b) => [day(b.dateTo), b.usage]), symbolSize: 5 })),
  }), [sps, unit]);
  return <Chart title={`Usage by bill period (${unit})`} option={option}
    description={`Line chart of ${unit} per bill period for ${sps.map(([sp, bs]) => `service point ${sp}, ${int(bs.length)} bills`).join('; ')}.`}
    table={{ columns: ['Service point', 'Period end', `Usage (${unit})`], rows: sps.flatMap(([sp, bs]) => bs.map((b) => [sp, day(b.dateTo), b.usage ?? 0])) }} />;
}
