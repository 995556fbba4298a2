/** The HTTP routes under /api (contract.md "HTTP"). Each handler checks scope, calls the service, returns data. */
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance } from 'fastify';
import type {} from '@fastify/multipart';
import { renderHtml } from '../report/html.js';
import { mappingTemplate } from '../spec/template.js';
import { STANDARDS, findStandard } from '../spec/registry.js';
import type { App } from '../app/app.js';
import { WorkflowError } from '../workflow/errors.js';
import { safeName } from '../workflow/file-store.js';
import type { Delivery, DeliveryPhase, DeliveryStatus } from '../workflow/types.js';
import { DELIVERY_STATUSES } from '../workflow/types.js';
import { actorOf, principal, requireOperator, requireUtility } from './auth.js';

/** What a client sees of a delivery: no file-store paths. */
export function deliveryView(d: Delivery) {
  return {
    id: d.id, utility: d.utility, standard: d.standard, phase: d.phase, round: d.round, source: d.source, status: d.status,
    files: d.files.map((f) => ({ name: f.name, bytes: f.bytes })), summary: d.summary, asOf: d.asOf, error: d.error,
    createdAt: d.createdAt, updatedAt: d.updatedAt,
  };
}

const codeParam = { type: 'object', required: ['code'], properties: { code: { type: 'string', minLength: 1, maxLength: 16 } } } as const;
const idParam = { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 64 } } } as const;
const decisionBody = { type: 'object', additionalProperties: false, properties: { comment: { type: 'string', maxLength: 4000 } } } as const;

export function registerRoutes(api: FastifyInstance, app: App): void {
  const { service } = app;

  api.get('/api/me', async (req) => {
    const p = principal(req);
    return { role: p.role, utility: p.utility, label: p.label };
  });

  // ---- utilities ----
  api.get('/api/utilities', async (req) => {
    const p = principal(req);
    const all = await service.utilities();
    return { utilities: p.role === 'operator' ? all : all.filter((u) => u.code === p.utility) };
  });

  api.post<{ Body: { code: string; name: string; profile?: Record<string, unknown> } }>('/api/utilities', {
    schema: { body: { type: 'object', required: ['code', 'name'], additionalProperties: false, properties: { code: { type: 'string' }, name: { type: 'string' }, profile: { type: 'object' } } } },
  }, async (req, reply) => {
    const p = requireOperator(req);
    const u = await service.addUtility({ code: req.body.code, name: req.body.name, ...(req.body.profile ? { profile: req.body.profile } : {}) }, actorOf(p));
    return reply.code(201).send(await service.utility(u.code));
  });

  api.get<{ Params: { code: string } }>('/api/utilities/:code', { schema: { params: codeParam } }, async (req) => {
    requireUtility(req, req.params.code);
    return service.utility(req.params.code);
  });

  const setProfile = async (req: { params: { code: string }; body: Record<string, unknown> } & Parameters<typeof requireOperator>[0], merge: boolean) => {
    const p = requireOperator(req);
    const current = await service.utility(req.params.code);
    return service.setProfile(req.params.code, merge ? { ...current.profile, ...req.body } : req.body, actorOf(p));
  };
  api.put<{ Params: { code: string }; Body: Record<string, unknown> }>('/api/utilities/:code/profile', { schema: { params: codeParam, body: { type: 'object' } } }, (req) => setProfile(req, false));
  api.patch<{ Params: { code: string }; Body: Record<string, unknown> }>('/api/utilities/:code/profile', { schema: { params: codeParam, body: { type: 'object' } } }, (req) => setProfile(req, true));

  api.put<{ Params: { code: string }; Body: { url: string | null; secret?: string } }>('/api/utilities/:code/webhook', {
    schema: { params: codeParam, body: { type: 'object', required: ['url'], additionalProperties: false, properties: { url: { type: ['string', 'null'] }, secret: { type: 'string' } } } },
  }, async (req, reply) => {
    const p = requireOperator(req);
    await service.setWebhook(req.params.code, req.body.url, req.body.secret ?? null, actorOf(p));
    return reply.code(204).send();
  });

  api.get<{ Params: { code: string } }>('/api/utilities/:code/audit', { schema: { params: codeParam } }, async (req) => {
    requireUtility(req, req.params.code);
    await service.utility(req.params.code);
    return { entries: await service.auditOfUtility(req.params.code) };
  });

  // Multipart upload of one delivery's files, streamed to the delivery's folder in the file store.
  api.post<{ Params: { code: string } }>('/api/utilities/:code/deliveries', { schema: { params: codeParam } }, async (req, reply) => {
    const p = requireUtility(req, req.params.code);
    await service.utility(req.params.code);
    if (!req.isMultipart()) throw new WorkflowError('INVALID_INPUT', 'send the files as multipart/form-data');
    const id = service.newDeliveryId();
    const folder = await service.incomingFolder(req.params.code, id);
    const files: { name: string; path: string }[] = [];
    const fields: Record<string, string> = {};
    try {
      for await (const part of req.parts()) {
        if (part.type === 'file') {
          const name = safeName(part.filename);
          if (files.some((f) => f.name === name)) throw new WorkflowError('INVALID_INPUT', `file ${name} sent twice`);
          const target = path.join(folder, name);
          await pipeline(part.file, createWriteStream(target));
          if (part.file.truncated) throw new WorkflowError('INVALID_INPUT', `file ${name} is larger than the upload limit`);
          files.push({ name, path: target });
        } else {
          fields[part.fieldname] = String(part.value);
        }
      }
      const phase = fields.phase as DeliveryPhase | undefined;
      if (phase !== undefined && !['sample', 'full', 'incremental'].includes(phase)) throw new WorkflowError('INVALID_INPUT', `phase is sample, full or incremental; got "${phase}"`);
      const d = await service.receiveDelivery({
        id, utility: req.params.code, source: 'upload', files, actor: actorOf(p),
        ...(fields.standard ? { standard: fields.standard } : {}),
        ...(phase ? { phase } : {}),
        ...(fields.asOf ? { asOf: fields.asOf } : {}),
      });
      return await reply.code(201).send(deliveryView(d));
    } catch (err) {
      // Nothing half-received: a refused upload leaves no files behind.
      await rm(folder, { recursive: true, force: true });
      throw err;
    }
  });

  // ---- deliveries ----
  api.get<{ Querystring: { utility?: string; status?: DeliveryStatus; limit?: number } }>('/api/deliveries', {
    schema: { querystring: { type: 'object', additionalProperties: false, properties: { utility: { type: 'string' }, status: { type: 'string', enum: [...DELIVERY_STATUSES] }, limit: { type: 'integer', minimum: 1, maximum: 1000 } } } },
  }, async (req) => {
    const p = principal(req);
    const utility = p.role === 'utility' ? (p.utility ?? '') : req.query.utility;
    if (p.role === 'utility' && req.query.utility && req.query.utility !== p.utility) requireUtility(req, req.query.utility);
    const list = await service.deliveries({ ...(utility ? { utility } : {}), ...(req.query.status ? { status: req.query.status } : {}), ...(req.query.limit ? { limit: req.query.limit } : {}) });
    return { deliveries: list.map(deliveryView) };
  });

  /** Loads a delivery and checks the caller may see it. */
  const visible = async (req: Parameters<typeof principal>[0], id: string): Promise<Delivery> => {
    const d = await service.delivery(id);
    requireUtility(req, d.utility);
    return d;
  };

  api.get<{ Params: { id: string } }>('/api/deliveries/:id', { schema: { params: idParam } }, async (req) => deliveryView(await visible(req, req.params.id)));
  api.get<{ Params: { id: string } }>('/api/deliveries/:id/report', { schema: { params: idParam } }, async (req) => {
    await visible(req, req.params.id);
    return service.report(req.params.id);
  });
  api.get<{ Params: { id: string } }>('/api/deliveries/:id/report.html', { schema: { params: idParam } }, async (req, reply) => {
    await visible(req, req.params.id);
    return reply.type('text/html; charset=utf-8').send(renderHtml(await service.report(req.params.id)));
  });
  api.get<{ Params: { id: string } }>('/api/deliveries/:id/issues.csv', { schema: { params: idParam } }, async (req, reply) => {
    await visible(req, req.params.id);
    const file = await service.issuesCsv(req.params.id);
    if (!existsSync(file)) throw new WorkflowError('REPORT_NOT_READY', `delivery ${req.params.id} has no issues CSV`);
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${req.params.id}-issues.csv"`).send(createReadStream(file));
  });
  api.get<{ Params: { id: string } }>('/api/deliveries/:id/diff', { schema: { params: idParam } }, async (req) => {
    await visible(req, req.params.id);
    return service.diff(req.params.id);
  });
  api.get<{ Params: { id: string } }>('/api/deliveries/:id/audit', { schema: { params: idParam } }, async (req) => {
    await visible(req, req.params.id);
    return { entries: await service.auditOfDelivery(req.params.id) };
  });
  api.post<{ Params: { id: string }; Body: { comment?: string } | undefined }>('/api/deliveries/:id/approve', { schema: { params: idParam, body: decisionBody } }, async (req) => {
    await visible(req, req.params.id);
    return deliveryView(await service.approve(req.params.id, actorOf(principal(req)), req.body?.comment));
  });
  api.post<{ Params: { id: string }; Body: { comment?: string } | undefined }>('/api/deliveries/:id/reject', { schema: { params: idParam, body: decisionBody } }, async (req) => {
    await visible(req, req.params.id);
    return deliveryView(await service.reject(req.params.id, actorOf(principal(req)), req.body?.comment));
  });

  // ---- specs ----
  // The standards are small frozen data: the list carries them whole, so the UI needs one request.
  api.get('/api/specs', async () => ({ specs: STANDARDS }));
  const standardParam = { type: 'object', required: ['standard'], properties: { standard: { type: 'string' } } } as const;
  const spec = (id: string) => {
    const s = findStandard(id);
    if (!s) throw new WorkflowError('NOT_FOUND', `no standard ${id}`);
    return s;
  };
  api.get<{ Params: { standard: string } }>('/api/specs/:standard', { schema: { params: standardParam } }, async (req) => spec(req.params.standard));
  api.get<{ Params: { standard: string } }>('/api/specs/:standard/template.csv', { schema: { params: standardParam } }, async (req, reply) => {
    const s = spec(req.params.standard);
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${s.id}-mapping.csv"`).send(mappingTemplate(s));
  });
}
