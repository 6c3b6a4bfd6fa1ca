/**
 * One configuration from plan to result: unavailable ones are recorded without running;
 * the others are measured in a child, then (first trial only) profiled in another, with
 * synchronous CUDA launches for GPU backends, so a node's time holds its kernels rather than
 * only their dispatch (the profile's `timing` says which it got).
 */

import { isGpuBackend } from '../engines/backend-spec.js';
import { measuringProcessEnv } from '../engines/registry.js';
import { tf32Env } from '../engines/tf32.js';
import type { MeasureJob } from '../measure/job.js';
import type { ProfileOutcome } from '../measure/profile-config.js';
import { withFlops } from '../models/flops.js';
import type { ConfigResult, LoadProtocol, OkResult, ProtocolOptions } from '../results/schema.js';
import { SCHEMA_VERSION } from '../results/schema.js';
import { fallbackNotes } from './fallback-warnings.js';
import { setarchAvailable } from './no-aslr.js';
import type { PlannedConfig } from './plan.js';
import { runInChild } from './supervisor.js';

export interface RunOneOptions {
  protocol: ProtocolOptions;
  /** Closed-loop windows for configurations with concurrency > 1. */
  loadProtocol: LoadProtocol;
  layers: boolean;
  childEnv?: NodeJS.ProcessEnv;
  /** RunOptions.injectSlowdownPct. Default: none. */
  injectSlowdownPct?: Readonly<Record<string, number>>;
  signal?: AbortSignal;
  onProfile?: () => void;
}

function base(p: PlannedConfig) {
  return { schemaVersion: SCHEMA_VERSION, config: p.config, startedAt: new Date().toISOString() };
}

/**
 * The measuring child's environment: the run's extra variables, the engine's own (env.*
 * options of in-process engines), then what the configuration's options ask for (tf32=off).
 */
function childEnv(p: PlannedConfig, o: RunOneOptions): NodeJS.ProcessEnv {
  return { ...o.childEnv, ...measuringProcessEnv(p.engine), ...tf32Env(p.config.options) };
}

function job(p: PlannedConfig, o: RunOneOptions, mode: MeasureJob['mode']): MeasureJob {
  const slowdown = o.injectSlowdownPct;
  const injectSlowdownPct = slowdown?.[p.config.model.name] ?? slowdown?.['*'];
  return {
    mode,
    config: p.config,
    modelPath: p.modelPath,
    referenceModelPath: p.referenceModelPath,
    inputs: p.inputs,
    tiles: p.tiles,
    ...(p.inputSets !== undefined ? { inputSets: p.inputSets } : {}),
    ...(p.expected ? { expected: p.expected } : {}),
    engine: p.engine,
    protocol: o.protocol,
    loadProtocol: o.loadProtocol,
    ...(injectSlowdownPct ? { injectSlowdownPct } : {}),
  };
}

async function addLayers(p: PlannedConfig, result: OkResult, o: RunOneOptions): Promise<OkResult> {
  o.onProfile?.();
  const gpu = isGpuBackend(p.config.backend);
  const env = { ...childEnv(p, o), ...(gpu ? { CUDA_LAUNCH_BLOCKING: '1' } : {}) };
  const outcome = await runInChild<ProfileOutcome>(job(p, o, 'profile'), {
    timeoutMs: o.protocol.configTimeoutMs,
    env,
    ...(o.signal ? { signal: o.signal } : {}),
  });
  if (outcome.kind === 'failed') return { ...result, layersError: `per-layer pass ${outcome.phase}: ${outcome.reason}` };
  if (outcome.answer.status === 'failed') return { ...result, layersError: `per-layer pass failed: ${outcome.answer.reason}` };
  const layers = outcome.answer.layers;
  if (!layers) return result;
  // The end-to-end median of the measure pass, beside the sum of node times (profiling slows the profiled runs).
  const annotated = withFlops({ ...layers, endToEndMedianMs: result.stats.medianMs });
  const fallback = annotated.fallbackNodes > 0;
  return {
    ...result,
    layers: annotated,
    execution: {
      ...result.execution,
      fallback: result.execution.fallback || fallback,
      notes: [...result.execution.notes, ...(fallback ? annotated.notes : [])],
    },
  };
}

export async function runOne(p: PlannedConfig, o: RunOneOptions): Promise<ConfigResult> {
  if (p.unavailable) return { ...base(p), status: 'unavailable', wallMs: 0, reason: p.unavailable };
  const started = Date.now();
  const outcome = await runInChild<ConfigResult>(job(p, o, 'measure'), {
    timeoutMs: o.protocol.configTimeoutMs,
    env: childEnv(p, o),
    ...(o.signal ? { signal: o.signal } : {}),
    ...(o.protocol.addressRandomization ? { addressRandomization: o.protocol.addressRandomization } : {}),
  });
  if (outcome.kind === 'failed') {
    return { ...base(p), status: 'failed', wallMs: Date.now() - started, phase: outcome.phase, reason: outcome.reason };
  }
  const result = outcome.answer;
  if (result.status !== 'ok') return result;
  const notes = fallbackNotes(outcome.stderr);
  const asked = o.protocol.addressRandomization === 'off' && result.machine?.addressRandomization === 'on';
  const aslrNote = asked
    ? [
        `address-space randomization could not be turned off (setarch ${setarchAvailable() ? 'failed' : 'not found'}): this process ran with a randomized layout`,
      ]
    : [];
  const withNotes: OkResult =
    notes.length || aslrNote.length
      ? {
          ...result,
          execution: {
            ...result.execution,
            fallback: result.execution.fallback || notes.length > 0,
            notes: [...result.execution.notes, ...notes, ...aslrNote],
          },
        }
      : result;
  // One per-layer pass per configuration, with its first trial, at concurrency 1 only: a profile
  // is no timing statistic, and the layers are the same at any concurrency.
  const sequential = (p.config.concurrency ?? 1) === 1;
  return o.layers && sequential && p.config.trial === 0 && !o.signal?.aborted ? addLayers(p, withNotes, o) : withNotes;
}
