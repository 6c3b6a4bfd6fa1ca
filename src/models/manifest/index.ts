export { MODEL_ID_PATTERN, assertModelId, isModelId } from './model-id.js';
export { manifestEntrySchema, manifestSchema, type Manifest, type ManifestEntry, type TensorInfo } from './schema.js';
export { defaultManifestPath, findModel, loadManifest } from './load-manifest.js';
