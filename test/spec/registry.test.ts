/**
 * Invariants every spec module keeps: frozen data, unique column names, rules that name real columns and real
 * file types, and every Intake completion marked as such.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { CATALOGUE } from '../../src/checks/catalogue.js';
import { buildFileName, parseFileName } from '../../src/spec/file-name.js';
import { findStandard, STANDARD_NAMES, STANDARDS } from '../../src/spec/registry.js';

const known = new Set(CATALOGUE.map((d) => d.code));

describe('spec registry', () => {
  test('holds every standard of the contract, once, in the contract order', () => {
    expect(STANDARDS.map((s) => s.id)).toEqual(STANDARD_NAMES);
    for (const n of STANDARD_NAMES) expect(findStandard(n)?.id).toBe(n);
  });

  describe.each(STANDARDS.map((s) => [s.id, s] as const))('%s', (_id, s) => {
    test('has unique rule ids and a row in docs/standards.md with its version', () => {
      expect(new Set(s.rules.map((r) => r.id)).size).toBe(s.rules.length);
      const doc = readFileSync(new URL('../../docs/standards.md', import.meta.url), 'utf8');
      expect(doc).toMatch(new RegExp(`^\\| \`${s.id}\` \\| ${s.version}[ |]`, 'm'));
    });

    test('is frozen all the way down', () => {
      expect(Object.isFrozen(s)).toBe(true);
      for (const ft of s.fileTypes) {
        expect(Object.isFrozen(ft.columns)).toBe(true);
        for (const c of ft.columns) expect(Object.isFrozen(c)).toBe(true);
      }
      expect(() => (s.fileTypes as unknown[]).push({})).toThrow();
    });

    test('has a current version in its history, and dated or explicitly undated entries', () => {
      expect(s.version).toMatch(/^\d+-\d+-\d+$/);
      expect(s.versions[0]?.version).toBe(s.version);
      for (const v of s.versions) expect(v.date).toMatch(/^(\d{4}-\d{2}-\d{2}|not stated)$/);
    });

    test('file types have unique ids and tokens, unique column names, and rules that name their own columns', () => {
      expect(new Set(s.fileTypes.map((f) => f.id)).size).toBe(s.fileTypes.length);
      for (const ft of s.fileTypes) {
        const names = ft.columns.map((c) => c.name);
        expect(new Set(names).size, ft.id).toBe(names.length);
        const has = (n: string) => expect(names, `${ft.id}: ${n}`).toContain(n);
        ft.keyColumns.forEach(has);
        (ft.uniqueKey ?? []).forEach(has);
        if (ft.timeline) {
          [...ft.timeline.key, ft.timeline.start, ft.timeline.end].forEach(has);
          for (const code of [ft.timeline.overlapCode, ft.timeline.gapCode ?? ft.timeline.overlapCode]) expect(known.has(code), code).toBe(true);
        }
        for (const c of ft.columns) expect(ft.blocks, `${ft.id}.${c.name}`).toContain(c.entity);
        for (const r of ft.rowRules ?? []) {
          if (r.kind === 'order') [r.start, r.end].forEach(has);
          else if (r.kind === 'one-of') {
            r.columns.forEach(has);
            if (r.when) {
              has(r.when.column);
              expect(ft.columns.find((c) => c.name === r.when?.column)?.allowed).toContain(r.when.value);
            }
          } else has(r.column);
        }
        for (const ref of ft.references ?? []) {
          ref.columns.forEach(has);
          const target = s.fileTypes.find((f) => f.id === ref.target);
          expect(target, `${ft.id} → ${ref.target}`).toBeDefined();
          for (const n of ref.targetColumns) expect(target?.columns.map((c) => c.name)).toContain(n);
          expect(known.has(ref.code), ref.code).toBe(true);
          if (ref.notAfter) expect(known.has(ref.notAfter.code), ref.notAfter.code).toBe(true);
          // The target is read first, so its keys are known when the referring file is checked.
          expect(target?.fileOrder ?? 3, `${ref.target} before ${ft.id}`).toBeLessThan(ft.fileOrder ?? 3);
        }
      }
    });

    test('every column is typed consistently and says where it comes from', () => {
      for (const ft of s.fileTypes) {
        for (const c of ft.columns) {
          expect(['documented', 'intake']).toContain(c.source);
          expect(c.specRef.length).toBeGreaterThan(3);
          expect(c.description.length, c.name).toBeGreaterThan(5);
          if (c.type === 'enum') expect(c.allowed?.length, `${ft.id}.${c.name}`).toBeGreaterThan(0);
          else expect(c.allowed, `${ft.id}.${c.name}`).toBeUndefined();
          if (c.requirement.kind === 'conditional') expect(c.requirement.when.length).toBeGreaterThan(3);
        }
      }
      for (const r of s.rules) for (const code of r.codes) expect(known.has(code), `${r.id}: ${code}`).toBe(true);
    });

    test.each(s.fileTypes.map((ft) => [ft.id, ft] as const))('a conforming name of %s parses back to it without problems', (_ft, ft) => {
      const typeToken = ft.namePattern ? (ft.id === 'interval' ? 'interval60' : `${ft.nameToken}_t1`) : ft.nameToken;
      const name = buildFileName({
        utility: 'gec', version: s.version, typeToken, stamp: '20250131235959', extension: s.fileName.extensions[0] ?? 'gz',
        ...(s.fileName.hasPopulation ? { population: 'res' } : {}),
      });
      const { parsed, problems } = parseFileName(name);
      expect(problems).toEqual([]);
      expect(parsed.standard?.id).toBe(s.id);
      expect(parsed.fileType?.id).toBe(ft.id);
    });
  });
});
