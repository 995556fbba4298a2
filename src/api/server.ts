/**
 * The HTTP server: Fastify with the API under /api (bearer tokens), /healthz, the OpenAPI document, and the web
 * UI's build (web/dist) served at / with a fallback to index.html for the UI's own routes.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import type { App } from '../app/app.js';
import { authenticate } from './auth.js';
import { toHttpError } from './errors.js';
import { openApiDocument } from './openapi.js';
import { registerRoutes } from './routes.js';
import { registerCustomerRoutes } from './customer-routes.js';

export interface ApiOptions {
  /** The web UI's build folder; served when it exists. */
  readonly webDir?: string;
  readonly logger?: boolean;
  /** Largest file accepted by an upload, in bytes (default 20 GB). */
  readonly maxFileBytes?: number;
  /** Told of every route as it is registered (the OpenAPI drift test lists them). */
  readonly onRoute?: (method: string, url: string) => void;
}

const PUBLIC_API = new Set(['/api/openapi.json']);

export async function buildApi(app: App, opts: ApiOptions = {}): Promise<FastifyInstance> {
  const api = Fastify({ logger: opts.logger ?? false, bodyLimit: 1024 * 1024 });
  const onRoute = opts.onRoute;
  if (onRoute) api.addHook('onRoute', (r) => { for (const m of [r.method].flat()) onRoute(m, r.url); });
  await api.register(multipart, { limits: { fileSize: opts.maxFileBytes ?? 20 * 1024 ** 3, files: 50, fields: 20 } });

  api.setErrorHandler((err, _req, reply) => {
    const { status, body } = toHttpError(err);
    if (status >= 500) api.log.error(err);
    return reply.code(status).send(body);
  });

  api.addHook('onRequest', async (req) => {
    const url = req.url.split('?')[0] ?? '';
    if (!url.startsWith('/api/') || PUBLIC_API.has(url)) return;
    req.principal = await authenticate(app.db, req);
  });

  api.get('/healthz', async (_req, reply) => {
    try {
      await app.db.query('SELECT 1');
      return { ok: true };
    } catch {
      return reply.code(503).send({ ok: false });
    }
  });
  api.get('/api/openapi.json', async () => openApiDocument());
  registerRoutes(api, app);
  registerCustomerRoutes(api, app);

  const webDir = opts.webDir;
  if (webDir && existsSync(path.join(webDir, 'index.html'))) {
    await api.register(fastifyStatic, { root: path.resolve(webDir), wildcard: false });
    api.setNotFoundHandler((req, reply) => {
      if (req.method !== 'GET' || req.url.startsWith('/api/') || req.url === '/api') {
        return reply.code(404).send({ error: { code: 'NOT_FOUND', message: `no route ${req.method} ${req.url.split('?')[0]}` } });
      }
      return reply.sendFile('index.html');
    });
  } else {
    api.setNotFoundHandler((req, reply) => reply.code(404).send({ error: { code: 'NOT_FOUND', message: `no route ${req.method} ${req.url.split('?')[0]}` } }));
  }
  return api;
}
