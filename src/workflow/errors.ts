/**
 * The workflow's coded errors. A service throws one of these for a request it refuses; the API maps the code to
 * an HTTP status in one place (src/api/errors.ts) and the CLI prints it. Codes are stable.
 */

export const WORKFLOW_ERROR_CODES = [
  'NOT_FOUND',
  'UTILITY_NOT_FOUND',
  'UTILITY_EXISTS',
  'UTILITY_CODE_INVALID',
  'DELIVERY_NOT_FOUND',
  'DELIVERY_NO_FILES',
  'DELIVERY_STANDARD_UNKNOWN',
  'DELIVERY_MIXED_STANDARDS',
  'DELIVERY_ILLEGAL_TRANSITION',
  'DELIVERY_HAS_ERRORS',
  'FEED_ILLEGAL_TRANSITION',
  'GATE_SAMPLE_NOT_APPROVED',
  'GATE_HISTORY_NOT_LOADED',
  'GATE_PHASE_PASSED',
  'GATE_PHASE_MISMATCH',
  'REPORT_NOT_READY',
  'INVALID_INPUT',
  'AUTH_REQUIRED',
  'AUTH_INVALID',
  'FORBIDDEN',
] as const;

export type WorkflowErrorCode = (typeof WORKFLOW_ERROR_CODES)[number];

export class WorkflowError extends Error {
  constructor(readonly code: WorkflowErrorCode, message: string) {
    super(message);
    this.name = 'WorkflowError';
  }
}

export const isWorkflowError = (e: unknown): e is WorkflowError => e instanceof WorkflowError;
