/** API test helpers: an app on a fresh store with the port doubles, its Fastify instance, tokens, multipart bodies. */
import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { buildApi } from '../../src/api/server.js';
import { createToken } from '../../src/api/tokens.js';
import { flowApp } from '../workflow/helpers.js';

export async function apiHarness(dialect: 'pglite' | 'postgres' = 'pglite') {
  const flow = await flowApp(dialect);
  const api = await buildApi(flow.app);
  const operator = await createToken(flow.app.db, { role: 'operator', label: 'ann' });
  return { ...flow, api, operator, close: async () => { await api.close(); await flow.app.close(); } };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A multipart/form-data body with files (read from disk) and fields. */
export async function multipart(files: { name: string; path: string }[], fields: Record<string, string> = {}) {
  const boundary = `----intake${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  for (const f of files) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${f.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`));
    parts.push(await readFile(f.path));
    parts.push(Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export async function upload(api: FastifyInstance, token: string, utility: string, files: { name: string; path: string }[], fields: Record<string, string> = {}) {
  const body = await multipart(files, fields);
  return api.inject({ method: 'POST', url: `/api/utilities/${utility}/deliveries`, headers: { ...bearer(token), ...body.headers }, payload: body.payload });
}
