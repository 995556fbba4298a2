/** Adapters from the workflow's ports to the engine (src/validate) and the store's loader and queries (src/store). */
import type { Db } from '../store/db.js';
import { loadDelivery } from '../store/load.js';
import { deliveryContext } from '../store/queries.js';
import { validateDelivery } from '../validate/index.js';
import type { Loader, Validator } from '../workflow/ports.js';

export function engineValidator(): Validator {
  return {
    validate: (paths, req) => validateDelivery(paths, {
      utility: req.utility, standard: req.standard, profile: req.profile, phase: req.phase, asOf: req.asOf, context: req.context,
      displayNames: req.displayNames, maxExamples: req.maxExamples,
      ...(req.issuesCsvPath ? { issuesCsvPath: req.issuesCsvPath } : {}),
    }),
  };
}

export function storeLoader(db: Db): Loader {
  return {
    async load(input) {
      await loadDelivery(db, input);
    },
    // Service points, last reads and intervals loaded for the utility, the feed's last loaded stamp and (interval)
    // the loaded bills, asked for once the files are read.
    context: (utility, standard) => deliveryContext(db, utility, standard),
  };
}
