/** Flag value parsers shared by the commands: each rejects bad input with one line naming the fix. */
import { DnnperfError } from '../errors.js';
import { firstDuplicate } from '../lists.js';
import { parseInputSpec, SPEC_FORMS } from '../models/inputs/input-spec.js';
import type { ShapeRequest } from '../models/resolve-shapes.js';
import { CONCURRENCY_MODES, type ConcurrencyMode } from '../results/schema.js';
import { type Shard, validateShard } from '../run/shard.js';

export function positiveNumber(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new DnnperfError('E_BAD_ARGUMENT', `${flag} '${value}' must be a positive number`);
    return n;
  };
}

export function positiveInt(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n <= 0)
      throw new DnnperfError('E_BAD_ARGUMENT', `${flag} '${value}' must be a positive integer`);
    return n;
  };
}

/** A path or name flag: an empty value would silently mean "here" or "the default". */
export function nonEmpty(flag: string) {
  return (value: string): string => {
    if (value.trim() === '') throw new DnnperfError('E_BAD_ARGUMENT', `${flag} is empty: give a value (or leave the flag out for the default)`);
    return value;
  };
}

export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/**
 * Items of a comma-separated flag that may also be repeated (`--backend a,b --backend c`):
 * an empty item is a typo, and an item given twice would measure one configuration twice.
 */
export function listItems(flag: string, values: readonly string[], example: string): string[] {
  const items = values.flatMap((v) => v.split(',').map((s) => s.trim()));
  const given = values.join(',');
  if (items.some((i) => i === ''))
    throw new DnnperfError('E_BAD_ARGUMENT', `${flag} '${given}' has an empty item: remove the extra comma, e.g. ${flag} ${example}`);
  const twice = firstDuplicate(items);
  if (twice !== undefined) throw new DnnperfError('E_BAD_ARGUMENT', `${flag} '${given}' names ${twice} twice: give each once`);
  return items;
}

/** A repeatable flag whose values must differ (e.g. --model). */
export function distinctValues(flag: string, values: readonly string[]): string[] {
  if (values.some((v) => v.trim() === '')) throw new DnnperfError('E_BAD_ARGUMENT', `${flag} is empty: give a value`);
  const twice = firstDuplicate(values);
  if (twice !== undefined) throw new DnnperfError('E_BAD_ARGUMENT', `${flag} ${twice} is given twice: give each once`);
  return [...values];
}

/** `key=value` engine options; numbers and booleans typed; a key given twice is refused. */
export function parseKeyValues(list: readonly string[], flag: string): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const kv of list) {
    const eq = kv.indexOf('=');
    if (eq <= 0) throw new DnnperfError('E_BAD_ARGUMENT', `${flag} '${kv}' must be key=value, e.g. ${flag} threads=2`);
    const key = kv.slice(0, eq);
    if (key in out) throw new DnnperfError('E_BAD_ARGUMENT', `${flag} ${key} is given twice (${key}=${String(out[key])} and ${kv}): give it once`);
    const v = kv.slice(eq + 1);
    out[key] = v === 'true' ? true : v === 'false' ? false : v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v;
  }
  return out;
}

/** Parses `--shape name=1x3x224x224` (N or ? for the batch dim). Repeatable; one input once. */
export function parseShapeFlags(flags: readonly string[]): ShapeRequest {
  const out: ShapeRequest = {};
  const fmt = (dims: ReadonlyArray<number | null>) => dims.map((d) => (d === null ? 'N' : String(d))).join('x');
  for (const flag of flags) {
    const eq = flag.lastIndexOf('=');
    const name = flag.slice(0, eq);
    const dims = flag.slice(eq + 1).split(/[x,]/);
    const parsed = dims.map((d) => (/^(n|\?|batch)$/i.test(d) ? null : /^\d+$/.test(d) && Number(d) > 0 && Number.isSafeInteger(Number(d)) ? Number(d) : NaN));
    if (eq <= 0 || parsed.some((d) => Number.isNaN(d))) {
      throw new DnnperfError('E_SHAPE', `--shape '${flag}' is not name=DIMxDIM... with positive integers (N for the batch): e.g. --shape input=Nx3x224x224`);
    }
    if (name in out) throw new DnnperfError('E_SHAPE', `--shape gives input '${name}' twice (${name}=${fmt(out[name]!)} and ${flag}): give each input once`);
    out[name] = parsed;
  }
  return out;
}

/** Parses `--batch 1,8`: positive integers, each once, no empty item. */
export function parseBatchList(text: string): number[] {
  const parts = text.split(',').map((s) => s.trim());
  const usage = `--batch '${text}' must be a comma-separated list of positive integers, e.g. --batch 1,8`;
  if (parts.some((p) => p === ''))
    throw new DnnperfError('E_BAD_ARGUMENT', text.trim() === '' ? usage : `--batch '${text}' has an empty item: remove the extra comma, e.g. --batch 1,8`);
  const out = parts.map((p) => (/^\d+$/.test(p) ? Number(p) : NaN));
  if (out.some((b) => !Number.isSafeInteger(b) || b <= 0)) throw new DnnperfError('E_BAD_ARGUMENT', usage);
  const twice = firstDuplicate(out);
  if (twice !== undefined) throw new DnnperfError('E_BAD_ARGUMENT', `--batch '${text}' gives batch ${twice} twice: give each once`);
  return out;
}

/** Parses `i/n` as given to `--shard`. */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) throw new DnnperfError('E_BAD_ARGUMENT', `--shard ${text}: must be i/n, e.g. --shard 1/4`);
  const shard = { index: Number(m[1]), count: Number(m[2]) };
  validateShard(shard);
  return shard;
}

/** `--input name=<spec>` (repeatable) to a record of spec strings, each spec's syntax checked at once. */
export function parseInputFlags(flags: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const flag of flags) {
    // Input names may hold ':' and '/' (input_ids:0), specs never hold '=': split at the first one.
    const eq = flag.indexOf('=');
    if (eq <= 0 || eq === flag.length - 1) {
      throw new DnnperfError(
        'E_INPUT',
        `--input '${flag}' is not name=<spec>: e.g. --input sr=16000 or --input input_ids=int:0..30521 (a spec is ${SPEC_FORMS})`,
      );
    }
    const name = flag.slice(0, eq);
    const spec = flag.slice(eq + 1);
    if (name in out) throw new DnnperfError('E_INPUT', `--input gives input '${name}' twice (${name}=${out[name]} and ${flag}): give each input once`);
    parseInputSpec(spec, `--input ${flag}`);
    out[name] = spec;
  }
  return out;
}

/** `--concurrency 1,2,4,8`: requests in flight, positive integers. */
export function parseConcurrencyList(text: string): number[] {
  const parts = text.split(',').map((s) => s.trim());
  const out = parts.map(Number);
  if (parts.some((p) => p === '') || out.some((c) => !Number.isInteger(c) || c <= 0)) {
    throw new DnnperfError(
      'E_BAD_ARGUMENT',
      `--concurrency '${text}' must be a comma-separated list of positive integers (requests in flight), e.g. --concurrency 1,2,4,8`,
    );
  }
  const twice = firstDuplicate(out);
  if (twice !== undefined) throw new DnnperfError('E_BAD_ARGUMENT', `--concurrency '${text}' gives concurrency ${twice} twice: give each once`);
  return out;
}

/** `--concurrency-mode sessions,shared`. */
export function parseConcurrencyModes(text: string): ConcurrencyMode[] {
  const parts = text.split(',').map((s) => s.trim());
  const bad = parts.find((p) => !(CONCURRENCY_MODES as readonly string[]).includes(p));
  const twice = firstDuplicate(parts);
  if (bad === undefined && twice !== undefined) throw new DnnperfError('E_BAD_ARGUMENT', `--concurrency-mode '${text}' gives ${twice} twice: give each once`);
  if (bad !== undefined) {
    throw new DnnperfError(
      'E_BAD_ARGUMENT',
      `--concurrency-mode '${text}': '${bad}' is not one of ${CONCURRENCY_MODES.join(', ')} (sessions: N sessions; shared: one session, N requests)`,
    );
  }
  return parts as ConcurrencyMode[];
}
