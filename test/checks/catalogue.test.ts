import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { CATALOGUE, RETIRED_CODES } from '../../src/checks/catalogue.js';
import { renderDiagnosticsDoc } from '../../src/checks/catalogue-doc.js';
import { STANDARDS } from '../../src/spec/registry.js';

describe('diagnostics catalogue', () => {
  test('docs/diagnostics.md is generated from the catalogue (run `npm run docs` after changing it)', () => {
    expect(readFileSync(new URL('../../docs/diagnostics.md', import.meta.url), 'utf8')).toBe(renderDiagnosticsDoc());
  });

  test('codes are unique, upper snake case, and retired codes are not reused', () => {
    const codes = CATALOGUE.map((d) => d.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of codes) expect(c).toMatch(/^[A-Z][A-Z0-9_]+$/);
    for (const r of RETIRED_CODES) expect(codes).not.toContain(r);
  });

  test('every code a spec rule names exists in the catalogue', () => {
    const known = new Set(CATALOGUE.map((d) => d.code));
    const missing = STANDARDS.flatMap((s) => s.rules.flatMap((r) => r.codes)).filter((c) => !known.has(c));
    expect(missing).toEqual([]);
  });

  test('every entry has a message template, a fix hint and a spec reference', () => {
    for (const d of CATALOGUE) {
      expect(d.template.length, d.code).toBeGreaterThan(10);
      expect(d.hint.length, d.code).toBeGreaterThan(5);
      expect(d.specRef.length, d.code).toBeGreaterThan(2);
    }
  });
});
