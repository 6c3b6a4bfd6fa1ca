/** The one-line error a user sees when no URL delivered a model. */
import { DnnperfError } from '../../errors.js';
import type { ManifestEntry } from '../manifest/schema.js';
import { MIRROR_ENV } from './options.js';

export interface UrlFailure {
  url: string;
  reason: string;
}

export function noSourceError(entry: ManifestEntry, failures: UrlFailure[]): DnnperfError {
  const tried =
    failures.length === 0
      ? 'no URL to try'
      : `${failures.length} URL${failures.length === 1 ? '' : 's'} tried: ${failures.map((f, i) => `[${i + 1}] ${f.url} -> ${f.reason}`).join('; ')}`;
  return new DnnperfError(
    'E_FETCH',
    `model ${entry.id} could not be fetched (${tried}); point at a mirror holding <mirror>/${entry.modelPath} with --mirror <url> or ${MIRROR_ENV}=<url>, or download the file yourself and run it with \`dnnperf run --model <path>\``,
  );
}
