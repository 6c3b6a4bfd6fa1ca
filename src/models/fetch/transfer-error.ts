/** A failure of one transfer from one URL; `retryable` says whether trying the same URL again may help. */
export class TransferError extends Error {
  readonly retryable: boolean;
  constructor(message: string, retryable: boolean) {
    super(message);
    this.name = 'TransferError';
    this.retryable = retryable;
  }
}

/** Socket errors worth retrying; DNS failures and refused connections are not (offline stays fast). */
const RETRYABLE_CODES = new Set(['ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE']);

/** Any error from a transfer, as a TransferError with a short reason. */
export function toTransferError(e: unknown): TransferError {
  if (e instanceof TransferError) return e;
  const err = e as NodeJS.ErrnoException;
  const code = err?.code;
  const reason = code && !String(err.message).includes(code) ? `${err.message} (${code})` : String(err?.message ?? e);
  return new TransferError(reason, code !== undefined && RETRYABLE_CODES.has(code));
}
