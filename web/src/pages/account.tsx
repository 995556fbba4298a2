/** One account as loaded: customer, service points, bill history and a usage chart. */
import type { EChartsCoreOption } from 'echarts/core';
import { useMemo } from 'react';
import type { AccountView, Bill } from '../api.js';
import { Chart } from '../components/chart.js';
import { ErrorBox, Facts, Loading } from '../components/ui.js';
import { day, int } from '../format.js';
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

function AccountBody({ a }: { a: AccountView }): React.JSX.Element {
  const facts = [...Object.entries(a.customer), ...Object.entries(a.account)].filter(([, v]) => typeof v !== 'object' || v === null);
  const spColumns = [...new Set(a.servicePoints.flatMap((s) => Object.keys(s.attributes)))].filter((k) => !['id', 'servicePointId', 'service_point_id'].includes(k)).slice(0, 8);
  const bills = [...a.bills].sort((x, y) => y.dateTo.localeCompare(x.dateTo));
  return (
    <>
      {facts.length > 0 && <Facts items={facts.map(([k, v]) => [k, shown(v)])} />}
      <h2>Service points</h2>
      {a.servicePoints.length === 0 ? <p>No service points loaded.</p> : (
        <div className="table-wrap" tabIndex={0}>
          <table>
            <thead><tr><th scope="col">Service point</th>{spColumns.map((c) => <th key={c} scope="col">{c}</th>)}</tr></thead>
            <tbody>{a.servicePoints.map((s) => <tr key={s.id}><th scope="row">{s.id}</th>{spColumns.map((c) => <td key={c}>{shown(s.attributes[c])}</td>)}</tr>)}</tbody>
          </table>
        </div>
      )}
      <UsageChart bills={a.bills} />
      <h2>Bill history</h2>
      {bills.length === 0 ? <p>No bills loaded.</p> : (
        <div className="table-wrap" tabIndex={0}>
          <table>
            <thead><tr><th scope="col">Service point</th><th scope="col">From</th><th scope="col">To</th><th scope="col" className="num">Usage</th><th scope="col">Unit</th><th scope="col" className="num">Cost</th><th scope="col">Read</th></tr></thead>
            <tbody>
              {bills.map((b, i) => (
                <tr key={i}>
                  <td>{b.servicePointId}</td><td>{day(b.dateFrom)}</td><td>{day(b.dateTo)}</td>
                  <td className="num">{b.usage === undefined ? '–' : b.usage.toLocaleString('en-US')}</td><td>{b.unit ?? '–'}</td>
                  <td className="num">{b.cost === undefined ? '–' : b.cost.toLocaleString('en-US', { style: 'currency', currency: 'USD' })}</td>
                  <td>{b.estimated === undefined ? '–' : b.estimated ? 'Estimated' : 'Actual'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function UsageChart({ bills }: { bills: readonly Bill[] }): React.JSX.Element | null {
  const groups = useMemo(() => {
    const m = new Map<string, Bill[]>();
    for (const b of bills) {
      if (b.usage === undefined) continue;
      const k = `${b.servicePointId}${b.unit ? ` (${b.unit})` : ''}`;
      m.set(k, [...(m.get(k) ?? []), b]);
    }
    return [...m.entries()].map(([k, bs]) => [k, bs.sort((x, y) => x.dateTo.localeCompare(y.dateTo))] as const);
  }, [bills]);
  const option = useMemo<EChartsCoreOption>(() => ({
    grid: { left: 56, right: 16, top: 32, bottom: 40 }, tooltip: { trigger: 'axis' }, legend: { top: 0 },
    xAxis: { type: 'time' }, yAxis: { type: 'value' },
    series: groups.map(([k, bs]) => ({ type: 'line', name: k, data: bs.map((b) => [day(b.dateTo), b.usage]), symbolSize: 5 })),
  }), [groups]);
  if (groups.length === 0) return null;
  return <Chart title="Usage by bill period" option={option}
    description={`Line chart of usage per bill period for ${groups.length} service point${groups.length === 1 ? '' : 's'}: ${groups.map(([k, bs]) => `${k}, ${int(bs.length)} bills`).join('; ')}.`}
    table={{ columns: ['Service point', 'Period end', 'Usage'], rows: groups.flatMap(([k, bs]) => bs.map((b) => [k, day(b.dateTo), b.usage ?? 0])) }} />;
}
