/**
 * Errors a user can fix: a code, and one line that names the value and the fix.
 * The CLI's single top-level catch prints `dnnperf: <message>` and exits 2, no stack trace.
 * Anything else is a bug and keeps its stack.
 */
export type ErrorCode =
  | 'E_BAD_ARGUMENT'
  | 'E_MODEL_MISSING'
  | 'E_MODEL_INVALID'
  | 'E_SHAPE'
  | 'E_INPUT'
  | 'E_BACKEND'
  | 'E_SUITE'
  | 'E_RESULTS'
  | 'E_SCHEMA_VERSION'
  | 'E_BASELINE'
  | 'E_FETCH'
  | 'E_ENGINE'
  | 'E_OUTPUT';

export class DnnperfError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'DnnperfError';
    this.code = code;
  }
}

export const isDnnperfError = (e: unknown): e is DnnperfError => e instanceof DnnperfError;

/** The message of anything thrown, for storing a failure as data. */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
