import type { ManifestEntry } from '../manifest/schema.js';

/** The mirror URL of a model: `<mirror>/<modelPath>`, the layout of the onnx/models repository. */
export const mirrorUrl = (mirror: string, entry: ManifestEntry): string => `${mirror.replace(/\/+$/, '')}/${entry.modelPath}`;

/** URLs to try, in order: the mirror first when set, then the manifest's. */
export function candidateUrls(entry: ManifestEntry, mirror: string | undefined): string[] {
  const urls = mirror === undefined ? entry.urls : [mirrorUrl(mirror, entry), ...entry.urls];
  return [...new Set(urls)];
}
