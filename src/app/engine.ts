/**
 * Adapters from the workflow's ports to the engine (src/validate) and the loader (src/store). They are imported
 * when first used, so the server starts (and answers with a coded error) on a build that lacks one of them.
 */
import type { Report } from '../report/types.js';
import type { Db } from '../store/db.js';
import { WorkflowError } from '../workflow/errors.js';
import type { DeliveryContext, Loader, Validator } from '../workflow/ports.js';

async function importOptional<T>(specifier: string, what: string): Promise<T> {
  try {
    return (await import(specifier)) as T;
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND') throw new WorkflowError('ENGINE_UNAVAILABLE', `${what} is not part of this build`);
    throw err;
  }
}

// Specifiers in variables: the modules land on main from other branches; until then, tsc must not resolve them.
const VALIDATE = '../validate/index.js';
const LOADER = '../store/loader.js';
const QUERIES = '../store/queries.js';

interface EngineModule {
  validateDelivery(paths: string[], options: Record<string, unknown>): Promise<Report>;
}

export function engineValidator(): Validator {
  return {
    async validate(paths, req) {
      const engine = await importOptional<EngineModule>(VALIDATE, 'the validation engine');
      return engine.validateDelivery(paths, {
        standard: req.standard, profile: req.profile, phase: req.phase, asOf: req.asOf, context: req.context,
        displayNames: req.displayNames, maxExamples: req.maxExamples,
      });
    },
  };
}

interface LoaderModule {
  loadDelivery(db: Db, input: { deliveryId: string; utility: string; standard: string; files: { path: string; name: string }[] }): Promise<unknown>;
}
interface QueriesModule {
  knownServicePoints(db: Db, utility: string): Promise<Iterable<string>>;
  lastLoadedReads(db: Db, utility: string): Promise<Map<string, { dateTo: string; duration: number }> | Iterable<[string, { dateTo: string; duration: number }]>>;
  lastLoadedIntervals?(db: Db, utility: string): Promise<Map<string, string>>;
}

export function storeLoader(db: Db): Loader {
  return {
    async load(input) {
      const m = await importOptional<LoaderModule>(LOADER, 'the loader');
      await m.loadDelivery(db, input);
    },
    async context(utility, standard) {
      const q = await importOptional<QueriesModule>(QUERIES, 'the store queries');
      const known = new Set(await q.knownServicePoints(db, utility));
      const ctx: DeliveryContext = { knownServicePoint: (id) => known.has(id) };
      if (standard === 'interval') {
        if (q.lastLoadedIntervals) {
          const last = await q.lastLoadedIntervals(db, utility);
          ctx.lastLoadedInterval = (k) => last.get(k);
        }
      } else {
        const reads = new Map(await q.lastLoadedReads(db, utility));
        ctx.lastLoadedRead = (sp) => reads.get(sp);
      }
      return ctx;
    },
  };
}
