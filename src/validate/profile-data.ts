/** Renders the delivery's data profile into the report's free-form `profile` object. */
import { formatDay } from './bytes.js';
import type { DeliveryState } from './delivery-state.js';
import { monthLabel } from './months.js';

export function renderProfile(state: DeliveryState): Record<string, unknown> {
  const p = state.profile;
  let active = 0;
  let inactive = 0;
  const t = state.accounts;
  for (let i = 0; i < t.ids.size; i++) {
    if (t.present[i] !== 1) continue;
    if ((t.inactiveDay[i] as number) >= 0) inactive++;
    else active++;
  }
  const sorted = (m: Map<number, number>) => Object.fromEntries([...m.entries()].sort((a, b) => a[0] - b[0]).map(([k, v]) => [monthLabel(k), v]));
  const estimates = p.actual + p.estimated + p.userReported;
  return {
    reads: p.reads,
    distinct: {
      customers: state.customerCount,
      accounts: state.accounts.size,
      servicePoints: state.servicePoints.size || state.servicePointsWithReads,
    },
    accounts: { active, inactive },
    readRange: state.maxReadDay >= 0 ? { first: formatDay(state.minReadDay), last: formatDay(state.maxReadDay) } : null,
    readsPerMonth: sorted(p.readsPerMonth),
    servicePointsPerMonth: sorted(p.servicePointsPerMonth),
    estimates: {
      actual: p.actual,
      estimated: p.estimated,
      userReported: p.userReported,
      share: estimates ? (p.estimated + p.userReported) / estimates : null,
    },
    usageByUnit: Object.fromEntries([...p.usageByUnit.entries()].map(([u, h]) => [u, h.toJSON()])),
    ...p.extra,
  };
}
