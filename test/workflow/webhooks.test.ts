import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SIGNATURE_HEADER, sign, verify } from '../../src/workflow/webhooks.js';
import { flowApp, usageDelivery } from './helpers.js';

const OP = { kind: 'operator', name: 'ann' } as const;

describe('webhook signatures', () => {
  it('verifies its own signature and refuses a changed body or secret', () => {
    const h = sign('s3cret', 1_700_000_000, '{"a":1}');
    expect(verify('s3cret', h, '{"a":1}')).toBe(true);
    expect(verify('s3cret', h, '{"a":2}')).toBe(false);
    expect(verify('other', h, '{"a":1}')).toBe(false);
    expect(verify('s3cret', 'garbage', '{"a":1}')).toBe(false);
  });
});

describe('webhooks on status changes', () => {
  let server: Server | undefined;
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    await new Promise((r) => (server ? server.close(r) : r(undefined)));
  });

  it('POSTs a signed JSON message on every status change, retrying a receiver that failed', async () => {
    const got: { body: string; signature: string }[] = [];
    let failFirst = true;
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => { body += c.toString(); });
      req.on('end', () => {
        if (failFirst) { failFirst = false; res.writeHead(500).end(); return; }
        got.push({ body, signature: String(req.headers[SIGNATURE_HEADER]) });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server?.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;

    const { app, service, dataDir } = await flowApp('pglite');
    close = () => app.close();
    await service.addUtility({ code: 'demo', name: 'Demo' }, OP);
    await service.addUtility({ code: 'qut', name: 'No webhook' }, OP);
    await service.setWebhook('demo', url, 'whsec', OP);
    const d = await service.receiveDelivery({ utility: 'demo', source: 'upload', files: await usageDelivery(dataDir, '20250101000000', [['sp1', '1', '20250131', '30', 'A']]), actor: OP });
    await service.receiveDelivery({ utility: 'qut', source: 'upload', files: await usageDelivery(dataDir, '20250101000000', [['sp1', '1', '20250131', '30', 'A']]), actor: OP });
    await app.worker.drain();
    // The failed attempt waits for its retry; make it due now instead of sleeping.
    await app.db.query(`UPDATE jobs SET run_at = now() WHERE status = 'queued'`);
    await app.worker.drain();

    const messages = got.map((g) => JSON.parse(g.body) as { event: string; utility: string; delivery: { id: string; status: string }; summary: unknown });
    expect(got.every((g) => verify('whsec', g.signature, g.body))).toBe(true);
    expect(messages.every((m) => m.utility === 'demo' && m.event === 'delivery.status' && m.delivery.id === d.id)).toBe(true);
    expect(messages.map((m) => m.delivery.status).sort()).toEqual(['awaiting-review', 'received', 'validating']);
    expect(messages.find((m) => m.delivery.status === 'awaiting-review')?.summary).toMatchObject({ passed: true });
  });
});
