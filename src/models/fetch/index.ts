export { candidateUrls, mirrorUrl } from './candidate-urls.js';
export type { FetchEvent } from './events.js';
export { type FetchResult, fetchModel } from './fetch-model.js';
export { type FetchModelsOptions, type FetchOutcome, fetchModels } from './fetch-models.js';
export { CACHE_DIR_ENV, cacheDirLabel, type FetchOptions, MIRROR_ENV, type ResolvedFetchOptions, resolveFetchOptions } from './options.js';
export { type ResolveZooModelOptions, resolveZooModel } from './resolve-zoo-model.js';
