/** The customer view: what the store holds for a utility's accounts (read-side queries of src/store). */
import type { FastifyInstance } from 'fastify';
import type { App } from '../app/app.js';
import { accountServicePoints, billHistory, findAccounts, intervalUsagePerDay } from '../store/queries.js';
import { WorkflowError } from '../workflow/errors.js';
import { requireUtility } from './auth.js';

const firstDay = (dateTo: string, duration: number): string => {
  const t = Date.UTC(Number(dateTo.slice(0, 4)), Number(dateTo.slice(4, 6)) - 1, Number(dateTo.slice(6, 8))) - (duration - 1) * 86_400_000;
  return new Date(t).toISOString().slice(0, 10).replace(/-/g, '');
};

const DAY = { type: 'string', pattern: '^\\d{8}$' } as const;

export function registerCustomerRoutes(api: FastifyInstance, app: App): void {
  api.get<{ Params: { code: string }; Querystring: { q: string; limit?: number } }>('/api/utilities/:code/customers', {
    schema: {
      params: { type: 'object', required: ['code'], properties: { code: { type: 'string' } } },
      querystring: { type: 'object', required: ['q'], additionalProperties: false, properties: { q: { type: 'string', minLength: 1, maxLength: 200 }, limit: { type: 'integer', minimum: 1, maximum: 200 } } },
    },
  }, async (req) => {
    requireUtility(req, req.params.code);
    await app.service.utility(req.params.code);
    return { customers: await findAccounts(app.db, req.params.code, req.query.q.trim(), req.query.limit ?? 50) };
  });

  api.get<{ Params: { code: string; id: string } }>('/api/utilities/:code/accounts/:id', {
    schema: { params: { type: 'object', required: ['code', 'id'], properties: { code: { type: 'string' }, id: { type: 'string', minLength: 1 } } } },
  }, async (req) => {
    const { code, id } = req.params;
    requireUtility(req, code);
    await app.service.utility(code);
    const account = (await findAccounts(app.db, code, id, 5)).find((a) => a.accountId === id);
    if (!account) throw new WorkflowError('NOT_FOUND', `no account ${id} loaded for utility ${code}`);
    const servicePoints = await accountServicePoints(app.db, code, id);
    const bills = [];
    for (const sp of servicePoints) {
      for (const b of await billHistory(app.db, code, sp.servicePointId)) {
        bills.push({
          ...b, dateFrom: firstDay(b.dateTo, b.duration), usage: Number(b.usageValue), unit: sp.meterUnit,
          cost: b.usageCharge === null ? null : Number(b.usageCharge), estimated: b.isEstimate !== null && b.isEstimate !== 'A',
        });
      }
    }
    return { accountId: id, customer: { customerId: account.customerId, name: account.name, city: account.city }, account, servicePoints: servicePoints.map((s) => ({ id: s.servicePointId, ...s })), bills };
  });

  api.get<{ Params: { code: string; id: string }; Querystring: { from: string; to: string } }>('/api/utilities/:code/service-points/:id/daily', {
    schema: {
      params: { type: 'object', required: ['code', 'id'], properties: { code: { type: 'string' }, id: { type: 'string', minLength: 1 } } },
      querystring: { type: 'object', required: ['from', 'to'], additionalProperties: false, properties: { from: DAY, to: DAY } },
    },
  }, async (req) => {
    requireUtility(req, req.params.code);
    await app.service.utility(req.params.code);
    return { days: await intervalUsagePerDay(app.db, req.params.code, req.params.id, req.query.from, req.query.to) };
  });
}
