import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildApi } from '../../src/api/server.js';
import { flowApp, tempDir } from '../workflow/helpers.js';

describe('the web UI build', () => {
  it('is served at / with a fallback to index.html for the UI\'s routes, never for /api', async () => {
    const web = await tempDir('intake-web-');
    await mkdir(path.join(web, 'assets'));
    await writeFile(path.join(web, 'index.html'), '<!doctype html><title>Intake</title><div id="root"></div>');
    await writeFile(path.join(web, 'assets', 'app.js'), 'console.log(1)');
    const { app } = await flowApp('pglite');
    const api = await buildApi(app, { webDir: web });
    try {
      const home = await api.inject({ method: 'GET', url: '/' });
      expect(home.statusCode).toBe(200);
      expect(home.body).toContain('<title>Intake</title>');
      expect((await api.inject({ method: 'GET', url: '/assets/app.js' })).body).toBe('console.log(1)');
      const deep = await api.inject({ method: 'GET', url: '/deliveries/abc?tab=issues' });
      expect(deep.statusCode).toBe(200);
      expect(deep.headers['content-type']).toMatch(/text\/html/);
      const missingApi = await api.inject({ method: 'GET', url: '/api/nothing', headers: { authorization: 'Bearer x' } });
      expect(missingApi.statusCode).toBe(401);
      expect((await api.inject({ method: 'POST', url: '/nothing' })).statusCode).toBe(404);
      expect((await api.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ ok: true });
    } finally {
      await api.close();
      await app.close();
    }
  });
});
