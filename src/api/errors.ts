/** The one mapping from coded errors to HTTP status codes. Services never see HTTP; the API never guesses. */
import type { WorkflowErrorCode } from '../workflow/errors.js';

export const STATUS_OF: Readonly<Record<WorkflowErrorCode, number>> = {
  NOT_FOUND: 404,
  UTILITY_NOT_FOUND: 404,
  UTILITY_EXISTS: 409,
  UTILITY_CODE_INVALID: 400,
  DELIVERY_NOT_FOUND: 404,
  DELIVERY_NO_FILES: 400,
  DELIVERY_STANDARD_UNKNOWN: 400,
  DELIVERY_MIXED_STANDARDS: 400,
  DELIVERY_ILLEGAL_TRANSITION: 409,
  DELIVERY_HAS_ERRORS: 409,
  FEED_ILLEGAL_TRANSITION: 409,
  GATE_SAMPLE_NOT_APPROVED: 409,
  GATE_HISTORY_NOT_LOADED: 409,
  GATE_PHASE_PASSED: 409,
  GATE_PHASE_MISMATCH: 409,
  REPORT_NOT_READY: 409,
  INVALID_INPUT: 400,
  AUTH_REQUIRED: 401,
  AUTH_INVALID: 401,
  FORBIDDEN: 403,
};

/** Codes from outside the workflow (spec, store, Fastify) that the API may meet. */
const OTHER: Readonly<Record<string, number>> = {
  PROFILE_INVALID: 400,
  FST_ERR_VALIDATION: 400,
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 415,
  FST_ERR_CTP_EMPTY_JSON_BODY: 400,
  FST_ERR_CTP_INVALID_JSON_BODY: 400,
  FST_INVALID_MULTIPART_CONTENT_TYPE: 406,
  FST_REQ_FILE_TOO_LARGE: 413,
  FST_FILES_LIMIT: 413,
};

export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string };
}

/** Status and body for any thrown value; unknown errors are 500 INTERNAL with no internals leaked. */
export function toHttpError(err: unknown): { status: number; body: ErrorBody } {
  const code = (err as { code?: unknown }).code;
  const message = err instanceof Error ? err.message : String(err);
  if (typeof code === 'string') {
    const status = (STATUS_OF as Record<string, number>)[code] ?? OTHER[code];
    if (status !== undefined) return { status, body: { error: { code: code.startsWith('FST_ERR_VALIDATION') ? 'INVALID_INPUT' : code, message } } };
  }
  const statusCode = (err as { statusCode?: unknown }).statusCode;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return { status: statusCode, body: { error: { code: typeof code === 'string' ? code : 'BAD_REQUEST', message } } };
  }
  return { status: 500, body: { error: { code: 'INTERNAL', message: 'internal error' } } };
}
