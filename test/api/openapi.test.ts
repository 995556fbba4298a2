import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../src/api/openapi.js';
import { buildApi } from '../../src/api/server.js';
import { flowApp } from '../workflow/helpers.js';

const CHECKED_IN = path.resolve(import.meta.dirname, '../../api/openapi.json');
const rendered = () => `${JSON.stringify(openApiDocument(), null, 2)}\n`;

describe('OpenAPI document', () => {
  it('matches the checked-in api/openapi.json (UPDATE_OPENAPI=1 rewrites it)', async () => {
    if (process.env.UPDATE_OPENAPI) await writeFile(CHECKED_IN, rendered());
    const onDisk = await readFile(CHECKED_IN, 'utf8').catch(() => '');
    expect(onDisk, 'api/openapi.json is out of date: run UPDATE_OPENAPI=1 npx vitest run test/api/openapi.test.ts').toBe(rendered());
  });

  it('documents exactly the routes the server registers', async () => {
    const { app } = await flowApp('pglite');
    const routes: string[] = [];
    const api = await buildApi(app, { onRoute: (method, url) => { if (method !== 'HEAD') routes.push(`${method} ${url.replace(/:(\w+)/g, '{$1}')}`); } });
    await api.ready();
    const documented = Object.entries(openApiDocument().paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
    expect(routes.sort()).toEqual(documented.sort());
    await api.close();
    await app.close();
  });

  it('serves the same document at /api/openapi.json without a token', async () => {
    const { app } = await flowApp('pglite');
    const api = await buildApi(app);
    const r = await api.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual(openApiDocument());
    await api.close();
    await app.close();
  });
});
