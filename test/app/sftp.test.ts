import { describe, expect, it } from 'vitest';
import { receiptListener, sftpAudit, sftpDirectory, sftpIntake } from '../../src/app/sftp.js';
import { flowApp, usageDelivery } from '../workflow/helpers.js';

const OP = { kind: 'operator', name: 'ann' } as const;

describe('the SFTP server\'s ports, served by the workflow', () => {
  it('finds utilities and keys, turns uploads into deliveries, audits, and writes receipts on status changes', async () => {
    const { app, service, dataDir } = await flowApp('pglite');
    try {
      await service.addUtility({ code: 'gec', name: 'GEC', profile: { eu: true }, publicKeys: ['ssh-ed25519 AAAA one', 'ssh-ed25519 BBBB two'] }, OP);
      const dir = sftpDirectory(app.db);
      expect(await dir.findUtility('gec')).toEqual({ code: 'gec', publicKeys: ['ssh-ed25519 AAAA one', 'ssh-ed25519 BBBB two'], eu: true });
      expect(await dir.findUtility('nope')).toBeUndefined();
      expect((await dir.listUtilities()).map((u) => u.code)).toEqual(['gec']);

      const receipts: { utility: string; file: string; status: string; errors: number }[] = [];
      service.onStatusChange(receiptListener({ async writeReceipt(utility, file, r) { receipts.push({ utility, file, status: r.status, errors: r.report.summary.errors }); } }));
      const files = await usageDelivery(dataDir, '20250101000000', [['sp1', 'BAD', '20250131', '30', 'A']]);
      const { deliveryId } = await sftpIntake(service).receiveDelivery({ utility: 'gec', area: 'shared_files', files });
      expect(await service.delivery(deliveryId)).toMatchObject({ source: 'shared_files', status: 'received' });
      expect((await service.auditOfDelivery(deliveryId))[0]).toMatchObject({ action: 'receive', actor: 'utility:sftp:gec' });
      await app.worker.drain();
      // Only the contract's statuses get a receipt: not received, not validating.
      expect(receipts).toEqual([{ utility: 'gec', file: files[0]?.name, status: 'rejected', errors: 1 }]);

      await sftpAudit(app.db).record({ utility: 'gec', actor: 'sftp:gec@127.0.0.1', action: 'sftp.login', detail: { key: 'SHA256:x' } });
      expect((await service.auditOfUtility('gec'))[0]).toMatchObject({ action: 'sftp.login', to: 'login', actor: 'sftp:gec@127.0.0.1', comment: '{"key":"SHA256:x"}' });
    } finally {
      await app.close();
    }
  });
});
