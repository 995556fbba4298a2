import { describe, expect, it } from 'vitest';
import { climbsOut, normalizeClientPath, resolveVirtual } from '../../src/sftp/virtual-path.js';
import { decryptedName, deliveryKeyOf, isAcceptableFileName, isManifestName, isTempName } from '../../src/sftp/names.js';

describe('client paths', () => {
  it.each([
    ['.', '/'], ['', '/'], ['/', '/'], ['shared_files', '/shared_files'], ['/shared_files/../Uploads/x', '/Uploads/x'],
    ['/..', '/'], ['../../etc/passwd', '/etc/passwd'], ['shared_files//a.gz', '/shared_files/a.gz'], ['\\Uploads\\a', '/Uploads/a'],
  ])('%j normalizes to %j', (raw, expected) => {
    expect(normalizeClientPath(raw)).toBe(expected);
  });

  it.each([
    ['..', true], ['/..', true], ['../acme/shared_files', true], ['/shared_files/../../etc', true],
    ['/shared_files/../Uploads', false], ['shared_files/..', false], ['/./receipts', false],
  ])('%j climbs out of the home: %s', (raw, expected) => {
    expect(climbsOut(raw)).toBe(expected);
  });

  it('resolves only the three folders and files directly in them', () => {
    expect(resolveVirtual('/').kind).toBe('root');
    expect(resolveVirtual('/Uploads')).toEqual({ kind: 'folder', path: '/Uploads', folder: 'Uploads' });
    expect(resolveVirtual('/receipts/a.receipt.json')).toEqual({ kind: 'file', path: '/receipts/a.receipt.json', folder: 'receipts', name: 'a.receipt.json' });
    expect(resolveVirtual('/etc/passwd').kind).toBe('none');
    expect(resolveVirtual('/shared_files/sub/a.gz').kind).toBe('none');
    expect(resolveVirtual('/uploads/a.gz').kind).toBe('none');
  });
});

describe('file names', () => {
  it('tells temporary names, manifests and encrypted files apart', () => {
    expect(['a.gz.part', 'a.gz.filepart', 'a.gz.TMP'].map(isTempName)).toEqual([true, true, true]);
    expect(isTempName('a.gz')).toBe(false);
    expect(isTempName('.a.gz.Xy12')).toBe(true);
    expect(isManifestName('opwr_acme_20250101000000.manifest.yaml')).toBe(true);
    expect(decryptedName('a.gz.pgp')).toBe('a.gz');
    expect(decryptedName('a.gz.GPG')).toBe('a.gz');
    expect(decryptedName('a.gz')).toBeUndefined();
    expect(decryptedName('.pgp')).toBeUndefined();
    expect(['..', '.', '', 'a/b', 'a\0b', 'x'.repeat(256)].map(isAcceptableFileName)).toEqual([false, false, false, false, false, false]);
  });

  it('keys files of one delivery by utility token and stamp', () => {
    const c = deliveryKeyOf('opwr_acme_res_1-19-0_customer_20250101000000.gz');
    const u = deliveryKeyOf('opwr_acme_res_1-19-0_usage_20250101000000.gz.pgp');
    expect(c).toEqual({ key: 'acme:legacy-billing:20250101000000', stamp: '20250101000000', standard: 'legacy-billing', fileType: 'customer' });
    expect(u.key).toBe(c.key);
    expect(u.fileType).toBe('usage');
    expect(deliveryKeyOf('opwr_acme_res_1-19-0_usage_20250102000000.gz').key).not.toBe(c.key);
    expect(deliveryKeyOf('opwr_acme_2-0-5_interval60_20250101000000.gz').key).toBe('acme:interval:20250101000000');
    expect(deliveryKeyOf('whatever.gz')).toEqual({ key: 'name:whatever.gz' });
  });
});
