/**
 * What differs between the environments of base and head, field by field, so a reader can tell
 * a code change from a stack change (engine version, driver, CPU, governor, Node).
 */
import type { Environment } from '../results/schema.js';
import type { EnvironmentDiff } from './types.js';

type Flat = Record<string, string>;

function flatten(env: Environment): Flat {
  const flat: Flat = {
    machineKey: env.machineKey,
    'cpu.model': env.cpu.model,
    'cpu.cores': String(env.cpu.cores),
    'cpu.governor': env.cpu.governor ?? '',
    memoryBytes: String(env.memoryBytes),
    os: `${env.os.platform} ${env.os.release} ${env.os.arch}`,
    node: env.node,
    toolVersion: env.toolVersion,
    gitSha: env.gitSha ?? '',
  };
  for (const [name, engine] of Object.entries(env.engines)) flat[`engines.${name}.version`] = engine.version;
  for (const gpu of env.gpus) {
    flat[`gpus.${gpu.index}.name`] = gpu.name;
    flat[`gpus.${gpu.index}.driver`] = gpu.driver ?? '';
  }
  for (const [name, value] of Object.entries(env.extra)) flat[`extra.${name}`] = typeof value === 'string' ? value : JSON.stringify(value);
  return flat;
}

/** Fields whose values differ (a field missing on one side shows as "(none)"), in a stable order. */
export function diffEnvironments(base: Environment, head: Environment): EnvironmentDiff[] {
  const a = flatten(base);
  const b = flatten(head);
  const fields = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return fields.filter((field) => (a[field] ?? '') !== (b[field] ?? '')).map((field) => ({ field, base: a[field] || '(none)', head: b[field] || '(none)' }));
}
