/** A failure inside the measuring child, tagged with the protocol phase it happened in (stored as data). */
import { errorMessage } from '../errors.js';
import type { MeasurePhase } from '../results/schema.js';

export class PhaseError extends Error {
  constructor(
    readonly phase: MeasurePhase,
    cause: unknown,
  ) {
    super(errorMessage(cause));
  }
}

export async function phase<T>(name: MeasurePhase, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw new PhaseError(name, e);
  }
}
