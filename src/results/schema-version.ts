import { DnnperfError } from '../errors.js';
import { SCHEMA_MAJOR } from './schema.js';

/** Rejects files written by a newer major version of the schema, naming the file and the fix. */
export function checkSchemaVersion(version: unknown, file: string): void {
  if (typeof version !== 'string' || !/^\d+\.\d+$/.test(version)) {
    throw new DnnperfError('E_RESULTS', `${file}: no valid schemaVersion (got ${JSON.stringify(version)}): not a dnnperf file, or written by a broken run`);
  }
  const major = Number(version.split('.')[0]);
  if (major > SCHEMA_MAJOR) {
    throw new DnnperfError('E_SCHEMA_VERSION', `${file}: schema ${version} is newer than this dnnperf reads (${SCHEMA_MAJOR}.x): upgrade dnnperf to read it`);
  }
}

/** checkSchemaVersion on a parsed file's `schemaVersion` field (JsonFileKind.check for runs, results and baselines). */
export function checkSchemaVersionOf(raw: unknown, where: string): void {
  checkSchemaVersion(typeof raw === 'object' && raw !== null ? (raw as { schemaVersion?: unknown }).schemaVersion : undefined, where);
}
