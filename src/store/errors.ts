/** Coded errors of the store. Codes are stable; the message says what to do. */
export type StoreErrorCode =
  | 'LOAD_STANDARD_UNSUPPORTED'
  | 'LOAD_FILE_NAME'
  | 'LOAD_LAYOUT'
  | 'LOAD_OUT_OF_ORDER'
  | 'LOAD_UTILITY_MISMATCH'
  | 'LOAD_FILE_UNREADABLE'
  | 'LOAD_CONFLICT'
  | 'UNLOAD_UNKNOWN'
  | 'UNLOAD_NOT_LOADED'
  | 'UNLOAD_DEPENDENT'
  | 'EXPORT_STANDARD_UNSUPPORTED';

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'StoreError';
  }
}
