/** Flag value parsers shared by the commands: each rejects bad input with one line naming the fix. */
import { DnnperfError } from '../errors.js';

export function positiveNumber(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) throw new DnnperfError('E_BAD_ARGUMENT', `${flag} '${value}' must be a positive number`);
    return n;
  };
}

export function positiveInt(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0) throw new DnnperfError('E_BAD_ARGUMENT', `${flag} '${value}' must be a positive integer`);
    return n;
  };
}

export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** `key=value` engine options; numbers and booleans typed. */
export function parseKeyValues(list: readonly string[], flag: string): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const kv of list) {
    const eq = kv.indexOf('=');
    if (eq <= 0) throw new DnnperfError('E_BAD_ARGUMENT', `${flag} '${kv}' must be key=value, e.g. ${flag} threads=2`);
    const v = kv.slice(eq + 1);
    out[kv.slice(0, eq)] = v === 'true' ? true : v === 'false' ? false : v !== '' && Number.isFinite(Number(v)) ? Number(v) : v;
  }
  return out;
}
