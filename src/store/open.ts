/** Opens the store the way every entry point does: DATABASE_URL, else PGlite under DATA_DIR; then migrates. */
import { openDb, type Db } from './db.js';
import { migrate } from './migrate.js';

export interface StoreLocation {
  /** --database-url, else DATABASE_URL. */
  readonly databaseUrl?: string | undefined;
  /** --data-dir, else DATA_DIR, else ./data. */
  readonly dataDir?: string | undefined;
}

export async function openStore(where: StoreLocation, env: NodeJS.ProcessEnv = process.env): Promise<Db> {
  const databaseUrl = where.databaseUrl ?? (env.DATABASE_URL || undefined);
  const db = await openDb(databaseUrl ? { databaseUrl } : { dataDir: where.dataDir ?? env.DATA_DIR ?? './data' });
  try {
    await migrate(db);
  } catch (err) {
    await db.close();
    throw err;
  }
  return db;
}
