export { defaultManifestPath, findModel, loadManifest } from './load-manifest.js';
export { assertModelId, isModelId, MODEL_ID_PATTERN } from './model-id.js';
export { type Manifest, type ManifestEntry, manifestEntrySchema, manifestSchema, type TensorInfo } from './schema.js';
