/**
 * The per-layer pass for one configuration, in a child of its own (so profiling never
 * touches end-to-end numbers, and CUDA can run with synchronous launches there).
 */

import { parseBackendSpec } from '../engines/backend-spec.js';
import type { EngineLayerProfile } from '../engines/engine.js';
import { createEngine } from '../engines/registry.js';
import { errorMessage } from '../errors.js';
import { makeInputSets } from '../models/input-data.js';
import type { MeasureJob } from './job.js';

export type ProfileOutcome = { status: 'ok'; layers: EngineLayerProfile | undefined } | { status: 'failed'; reason: string };

export async function profileConfig(job: MeasureJob): Promise<ProfileOutcome> {
  const engine = createEngine(job.engine);
  try {
    if (!engine.profileLayers) return { status: 'ok', layers: undefined };
    const bt = parseBackendSpec(job.config.spec);
    const inputs = makeInputSets(job.inputs, job.config.shapes, job.inputSets ?? job.protocol.inputSets, job.protocol.seed, job.tiles);
    const layers = await engine.profileLayers(job.modelPath, bt, { options: job.config.options }, inputs, job.protocol.profileRuns);
    return { status: 'ok', layers };
  } catch (e) {
    return { status: 'failed', reason: errorMessage(e) };
  } finally {
    await engine.dispose?.();
  }
}
