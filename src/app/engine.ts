/**
 * Adapters from the workflow's ports to the engine (src/validate) and the loader (src/store). The loader is
 * imported when first used, so the server starts (and a load fails with a coded error) on a build without it.
 */
import type { Db } from '../store/db.js';
import { validateDelivery } from '../validate/index.js';
import { WorkflowError } from '../workflow/errors.js';
import type { DeliveryContext, Loader, Validator } from '../workflow/ports.js';
import type { UtilityProfile } from '../spec/profile.js';

export function engineValidator(): Validator {
  return {
    validate: (paths, req) => validateDelivery(paths, {
      standard: req.standard, profile: req.profile, phase: req.phase, asOf: req.asOf, context: req.context,
      displayNames: req.displayNames, maxExamples: req.maxExamples,
      ...(req.issuesCsvPath ? { issuesCsvPath: req.issuesCsvPath } : {}),
    }),
  };
}

interface StoreModule {
  loadDelivery(db: Db, input: { deliveryId: string; utility: string; standard: string; files: { path: string; name: string }[]; profile?: UtilityProfile }): Promise<unknown>;
  knownServicePoints(db: Db, utility: string): Promise<Set<string>>;
  lastLoadedReads(db: Db, utility: string): Promise<Map<string, { dateTo: string; duration: number }>>;
  lastLoadedIntervals(db: Db, utility: string): Promise<Map<string, string>>;
}

// In a variable: the loader lands on main from its own branch; until then, tsc must not resolve it.
const STORE = '../store/index.js';

async function store(): Promise<StoreModule> {
  try {
    return (await import(STORE)) as StoreModule;
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_MODULE_NOT_FOUND') throw new WorkflowError('ENGINE_UNAVAILABLE', 'the loader is not part of this build');
    throw err;
  }
}

export function storeLoader(db: Db): Loader {
  return {
    async load(input) {
      await (await store()).loadDelivery(db, input);
    },
    async context(utility, standard) {
      const s = await store().catch(() => undefined);
      // Without the loader nothing was ever loaded: the context is empty, as on a laptop.
      if (!s) return {};
      const known = await s.knownServicePoints(db, utility);
      const ctx: DeliveryContext = { knownServicePoint: (id) => known.has(id) };
      if (standard === 'interval') {
        const last = await s.lastLoadedIntervals(db, utility);
        ctx.lastLoadedInterval = (k) => last.get(k);
      } else {
        const reads = await s.lastLoadedReads(db, utility);
        ctx.lastLoadedRead = (sp) => reads.get(sp);
      }
      return ctx;
    },
  };
}
