/**
 * API tokens: random, shown once, stored as sha256 hashes. An operator token sees and decides everything; a
 * utility token is scoped to its utility and cannot decide.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../store/db.js';
import { WorkflowError } from '../workflow/errors.js';

export type Role = 'operator' | 'utility';

export interface Principal {
  readonly tokenId: number;
  readonly role: Role;
  readonly utility: string | null;
  readonly label: string | null;
}

export const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/** Creates a token and returns it in clear (the only time it exists so). */
export async function createToken(db: Queryable, input: { role: Role; utility?: string | undefined; label?: string | undefined }): Promise<string> {
  if (input.role === 'utility' && !input.utility) throw new WorkflowError('INVALID_INPUT', 'a utility token needs --utility CODE');
  if (input.role === 'operator' && input.utility) throw new WorkflowError('INVALID_INPUT', 'an operator token is not tied to a utility');
  if (input.utility) {
    const u = await db.query('SELECT 1 FROM utilities WHERE code = $1', [input.utility]);
    if (u.rows.length === 0) throw new WorkflowError('UTILITY_NOT_FOUND', `no utility ${input.utility}`);
  }
  const token = `intk_${randomBytes(24).toString('base64url')}`;
  await db.query('INSERT INTO api_tokens (token_hash, role, utility, label) VALUES ($1, $2, $3, $4)', [hashToken(token), input.role, input.utility ?? null, input.label ?? null]);
  return token;
}

export async function findToken(db: Queryable, token: string): Promise<Principal | undefined> {
  const r = await db.query<{ id: string; role: Role; utility: string | null; label: string | null }>('SELECT id, role, utility, label FROM api_tokens WHERE token_hash = $1', [hashToken(token)]);
  const row = r.rows[0];
  return row ? { tokenId: Number(row.id), role: row.role, utility: row.utility, label: row.label } : undefined;
}
