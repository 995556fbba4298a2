/** The store's public API: connection, migrations, loading, undo, export and the read-side queries. */
export { openDb, type Db, type DbOptions, type Tx } from './db.js';
export { migrate } from './migrate.js';
export { openStore, type StoreLocation } from './open.js';
export { StoreError, type StoreErrorCode } from './errors.js';
export { deliveryIdOf } from './delivery-id.js';
export { loadDelivery, type LoadFile, type LoadRequest, type LoadResult, type LoadedFile } from './load.js';
export { unloadDelivery, type UnloadResult } from './unload.js';
export { exportStandard, type ExportRequest } from './export.js';
export {
  billedReads, deliveryContext, knownServicePoints, lastLoadedReads, lastLoadedIntervals, lastLoadedStamp, channelKey, listLoads,
  findAccounts, accountServicePoints, billHistory, intervalUsagePerDay,
  type StoreContext, type LastRead, type LoadRecord, type AccountSummary, type ServicePointView, type BillRead, type DailyUsage,
} from './queries.js';
