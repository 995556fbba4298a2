/** Where the store is, from the command line or the environment (contract.md "intake serve"). */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface StoreConfig {
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
}

export function storeConfig(env: NodeJS.ProcessEnv, cwd: string, flags: { 'database-url'?: string | undefined; 'data-dir'?: string | undefined } = {}): StoreConfig {
  const databaseUrl = flags['database-url'] ?? (env.DATABASE_URL || undefined);
  return { databaseUrl, dataDir: path.resolve(cwd, flags['data-dir'] ?? (env.DATA_DIR || './data')) };
}

/** The package's root folder (where web/dist sits), from this module's place in src/ or dist/. */
export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
