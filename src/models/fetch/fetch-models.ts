/** Fetches several manifest models one after another; each outcome is data, so one failure does not hide the rest. */
import { errorMessage } from '../../errors.js';
import { findModel, loadManifest } from '../manifest/load-manifest.js';
import type { Manifest } from '../manifest/schema.js';
import type { FetchEvent } from './events.js';
import { type FetchResult, fetchModel } from './fetch-model.js';
import type { FetchOptions } from './options.js';

export interface FetchModelsOptions extends FetchOptions {
  /** Manifest to look ids up in. Default: the bundled `models/zoo.json`. */
  manifest?: Manifest;
}

export type FetchOutcome = { id: string; status: 'ok'; result: FetchResult } | { id: string; status: 'failed'; error: string };

export async function fetchModels(ids: readonly string[], options: FetchModelsOptions = {}, onEvent?: (event: FetchEvent) => void): Promise<FetchOutcome[]> {
  const manifest = options.manifest ?? loadManifest();
  const outcomes: FetchOutcome[] = [];
  for (const id of new Set(ids)) {
    try {
      const result = await fetchModel(findModel(manifest, id), { ...options, onEvent: onEvent ?? options.onEvent });
      outcomes.push({ id, status: 'ok', result });
    } catch (e) {
      outcomes.push({ id, status: 'failed', error: errorMessage(e) });
    }
  }
  return outcomes;
}
