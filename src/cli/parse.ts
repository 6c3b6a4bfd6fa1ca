/** Flag value parsers shared by the commands: each rejects bad input with one line naming the fix. */
import { DnnperfError } from '../errors.js';
import type { ShapeRequest } from '../models/resolve-shapes.js';
import { validateShard, type Shard } from '../run/shard.js';
import { parseInputSpec, SPEC_FORMS } from '../models/inputs/input-spec.js';
import { CONCURRENCY_MODES, type ConcurrencyMode } from '../results/schema.js';

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

/** Parses `--shape name=1x3x224x224` (N or ? for the batch dim). Repeatable. */
export function parseShapeFlags(flags: readonly string[]): ShapeRequest {
  const out: ShapeRequest = {};
  for (const flag of flags) {
    const eq = flag.lastIndexOf('=');
    const name = flag.slice(0, eq);
    const dims = flag.slice(eq + 1).split(/[x,]/);
    const parsed = dims.map((d) => (/^(n|\?|batch)$/i.test(d) ? null : /^\d+$/.test(d) && Number(d) > 0 ? Number(d) : NaN));
    if (eq <= 0 || parsed.some((d) => Number.isNaN(d))) {
      throw new DnnperfError('E_SHAPE', `--shape '${flag}' is not name=DIMxDIM... with positive integers (N for the batch): e.g. --shape input=Nx3x224x224`);
    }
    out[name] = parsed;
  }
  return out;
}

/** Parses `--batch 1,8`: positive integers only. */
export function parseBatchList(text: string): number[] {
  const parts = text.split(',').map((s) => s.trim()).filter(Boolean);
  const out = parts.map(Number);
  if (parts.length === 0 || out.some((b) => !Number.isInteger(b) || b <= 0)) {
    throw new DnnperfError('E_BAD_ARGUMENT', `--batch '${text}' must be a comma-separated list of positive integers, e.g. --batch 1,8`);
  }
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
      throw new DnnperfError('E_INPUT', `--input '${flag}' is not name=<spec>: e.g. --input sr=16000 or --input input_ids=int:0..30521 (a spec is ${SPEC_FORMS})`);
    }
    const name = flag.slice(0, eq);
    const spec = flag.slice(eq + 1);
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
    throw new DnnperfError('E_BAD_ARGUMENT', `--concurrency '${text}' must be a comma-separated list of positive integers (requests in flight), e.g. --concurrency 1,2,4,8`);
  }
  return out;
}

/** `--concurrency-mode sessions,shared`. */
export function parseConcurrencyModes(text: string): ConcurrencyMode[] {
  const parts = text.split(',').map((s) => s.trim());
  const bad = parts.find((p) => !(CONCURRENCY_MODES as readonly string[]).includes(p));
  if (bad !== undefined) {
    throw new DnnperfError('E_BAD_ARGUMENT', `--concurrency-mode '${text}': '${bad}' is not one of ${CONCURRENCY_MODES.join(', ')} (sessions: N sessions; shared: one session, N requests)`);
  }
  return parts as ConcurrencyMode[];
}
