/**
 * The one way dnnperf reads its JSON files (runs, baselines, suites, manifests,
 * comparisons): reads are validated against a zod schema and fail with one line in one
 * format, `<file>: <what is wrong>: <fix>`; and the one atomic write, for every file it writes whole.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { z } from 'zod';
import { DnnperfError, type ErrorCode, errorMessage } from './errors.js';

/** What a file is, for its error lines. */
export interface JsonFileKind {
  /** Names the schema in errors, e.g. `run`, `baseline`, `suite`. */
  what: string;
  code: ErrorCode;
  /** The fix, the last part of every error line. */
  fix: string;
  /** Runs before the schema, e.g. to reject a newer schema major with its own message. */
  check?: (raw: unknown, where: string) => void;
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}` : 'invalid';
}

/** Parses and validates JSON text; `where` names it in errors (a file, or `file:line`). */
export function parseJson<S extends z.ZodType>(text: string, where: string, schema: S, kind: JsonFileKind): z.output<S> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new DnnperfError(kind.code, `${where}: not valid JSON (${errorMessage(e)}): ${kind.fix}`);
  }
  kind.check?.(raw, where);
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new DnnperfError(kind.code, `${where}: does not match the ${kind.what} schema (${firstIssue(parsed.error)}): ${kind.fix}`);
  return parsed.data;
}

/** Reads, parses and validates a JSON file. Callers that can say more about a missing file check first. */
export function readJson<S extends z.ZodType>(file: string, schema: S, kind: JsonFileKind): z.output<S> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new DnnperfError(kind.code, `${file}: cannot be read (${errorMessage(e)}): ${kind.fix}`);
  }
  return parseJson(text, file, schema, kind);
}

/**
 * Writes a file atomically: a temporary file beside it, then a rename, so a reader (or a
 * concurrent writer of the same bytes) never sees half of it.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
