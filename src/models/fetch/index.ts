export type { FetchEvent } from './events.js';
export { fetchModel, type FetchResult } from './fetch-model.js';
export { fetchModels, type FetchModelsOptions, type FetchOutcome } from './fetch-models.js';
export { resolveZooModel, type ResolveZooModelOptions } from './resolve-zoo-model.js';
export { candidateUrls, mirrorUrl } from './candidate-urls.js';
export { CACHE_DIR_ENV, MIRROR_ENV, cacheDirLabel, resolveFetchOptions, type FetchOptions, type ResolvedFetchOptions } from './options.js';
