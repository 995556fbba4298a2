/**
 * One chart: ECharts drawn into a figure, loaded on first use. The drawing is an image to assistive technology
 * (role="img" with a sentence), and the numbers behind it sit in a table under a disclosure for anyone who
 * wants them exactly.
 */
import type { EChartsCoreOption } from 'echarts/core';
import { useEffect, useId, useRef, useState } from 'react';

export interface ChartTable {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | number)[])[];
}

export interface ChartProps {
  readonly title: string;
  /** One sentence saying what the chart shows, read by screen readers in place of the drawing. */
  readonly description: string;
  readonly option: EChartsCoreOption;
  readonly table?: ChartTable;
  readonly height?: number;
  /** Inputs that change what the chart shows (e.g. a unit picker), shown under its title. */
  readonly controls?: React.ReactNode;
}

export function Chart({ title, description, option, table, height = 260, controls }: ChartProps): React.JSX.Element {
  const el = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState<string | undefined>();
  const id = useId();
  useEffect(() => {
    let disposed = false;
    let dispose = (): void => undefined;
    import('../charts/echarts.js').then((m) => {
      if (disposed || !el.current) return;
      const chart = m.init(el.current);
      // No animation for people who asked for less motion (and for stable screenshots).
      const still = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
      chart.setOption(still ? { ...option, animation: false } : option);
      const ro = new ResizeObserver(() => chart.resize());
      ro.observe(el.current);
      dispose = () => { ro.disconnect(); chart.dispose(); };
    }, (e: unknown) => setFailed(e instanceof Error ? e.message : String(e)));
    return () => { disposed = true; dispose(); };
  }, [option]);
  return (
    <figure className="chart" aria-labelledby={`${id}-t`}>
      <figcaption id={`${id}-t`} className="chart-title">{title}</figcaption>
      {controls}
      {failed ? <p className="error">The chart could not be drawn: {failed}</p> : (
        <div ref={el} className="chart-canvas" role="img" aria-label={description} style={{ height }} />
      )}
      {table && table.rows.length > 0 && (
        <details className="chart-data">
          <summary>Data of “{title}” as a table</summary>
          <div className="table-wrap" tabIndex={0}>
            <table>
              <thead><tr>{table.columns.map((c) => <th key={c} scope="col">{c}</th>)}</tr></thead>
              <tbody>
                {table.rows.map((r, i) => <tr key={i}>{r.map((v, j) => <td key={j} className={typeof v === 'number' ? 'num' : undefined}>{typeof v === 'number' ? v.toLocaleString('en-US') : v}</td>)}</tr>)}
              </tbody>
            </table>
          </div>
        </details>
      )}
    </figure>
  );
}
