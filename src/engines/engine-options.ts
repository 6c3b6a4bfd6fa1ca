/**
 * The options each engine kind knows, so a typo (`--option thread=2`) or a bad value
 * (`threads=abc`) is refused before anything runs, with the list of what the engine takes,
 * instead of failing inside the engine or being ignored.
 */
import { DnnperfError } from '../errors.js';

export type OptionValue = string | number | boolean;

export interface OptionSpec {
  /** The values it takes, for messages: `<positive integer>`. */
  takes: string;
  valid: (v: OptionValue) => boolean;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

const isInt = (v: OptionValue, min: number) => typeof v === 'number' && Number.isSafeInteger(v) && v >= min;

export const positiveIntOption: OptionSpec = { takes: '<positive integer>', valid: (v) => isInt(v, 1) };
export const deviceIdOption: OptionSpec = { takes: '<device index, 0, 1, ...>', valid: (v) => isInt(v, 0) };
export const oneOfOption = (values: readonly string[]): OptionSpec => ({ takes: values.join('|'), valid: (v) => typeof v === 'string' && values.includes(v) });

/** `threads=<positive integer>, deviceId=<device index>`: the list shown in messages. */
export function describeOptions(specs: OptionSpecs): string {
  const names = Object.entries(specs).map(([k, s]) => `${k}=${s.takes}`);
  return names.length > 0 ? names.join(', ') : 'no options';
}

/**
 * Checks `options` against an engine kind's specs. `where` names their source for the message
 * (`--option`, `suite default`); `kind` the engine.
 */
export function checkOptions(options: Readonly<Record<string, OptionValue>>, specs: OptionSpecs, kind: string, where: string): void {
  for (const [key, value] of Object.entries(options)) {
    const spec = specs[key];
    if (!spec) {
      throw new DnnperfError('E_BAD_ARGUMENT', `${where} ${key}=${String(value)}: engine ${kind} has no option '${key}': it takes ${describeOptions(specs)}`);
    }
    if (!spec.valid(value)) {
      throw new DnnperfError('E_BAD_ARGUMENT', `${where} ${key}=${String(value)}: engine ${kind} takes ${key}=${spec.takes}`);
    }
  }
}
