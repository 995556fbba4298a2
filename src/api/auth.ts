/** Who is asking, and what they may see: bearer tokens, roles, and a utility token's scope. */
import type { FastifyRequest } from 'fastify';
import type { Queryable } from '../store/db.js';
import { WorkflowError } from '../workflow/errors.js';
import type { Actor } from '../workflow/types.js';
import { findToken, type Principal } from './tokens.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

export async function authenticate(db: Queryable, req: FastifyRequest): Promise<Principal> {
  const header = req.headers.authorization;
  const m = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  if (!m?.[1]) throw new WorkflowError('AUTH_REQUIRED', 'send Authorization: Bearer <token> (intake token create)');
  const p = await findToken(db, m[1]);
  if (!p) throw new WorkflowError('AUTH_INVALID', 'unknown token');
  return p;
}

export function principal(req: FastifyRequest): Principal {
  if (!req.principal) throw new WorkflowError('AUTH_REQUIRED', 'not authenticated');
  return req.principal;
}

export function requireOperator(req: FastifyRequest): Principal {
  const p = principal(req);
  if (p.role !== 'operator') throw new WorkflowError('FORBIDDEN', 'only an operator may do this');
  return p;
}

/** A utility token sees its own utility only. */
export function requireUtility(req: FastifyRequest, code: string): Principal {
  const p = principal(req);
  if (p.role === 'utility' && p.utility !== code) throw new WorkflowError('FORBIDDEN', `this token belongs to utility ${p.utility ?? '?'}`);
  return p;
}

export function actorOf(p: Principal): Actor {
  const name = p.label ?? `token-${p.tokenId}`;
  return p.role === 'operator' ? { kind: 'operator', name } : { kind: 'utility', name, utility: p.utility ?? '' };
}
