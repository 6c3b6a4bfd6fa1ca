/**
 * Engine options of a run (`--option`, a suite's and its models' `options`) checked against
 * what the run's engine kinds take, before anything runs. Options apply to every
 * configuration whose engine takes them (so `dnnEngine=new` reaches OpenCV and stays out of
 * onnxruntime's configurations); one that no engine of the run takes is a typo.
 */
import { checkOptions, describeOptions, type OptionValue } from '../engines/engine-options.js';
import { ENGINE_CONFIG_OPTIONS } from '../engines/registry.js';
import { DnnperfError } from '../errors.js';

type Options = Readonly<Record<string, OptionValue>>;

export function checkOptionSources(kinds: readonly string[], sources: ReadonlyArray<{ where: string; options?: Options }>): void {
  for (const { where, options } of sources) {
    for (const [key, value] of Object.entries(options ?? {})) {
      const takers = kinds.filter((k) => ENGINE_CONFIG_OPTIONS[k]![key]);
      if (takers.length === 0) {
        const known = kinds.map((k) => `${k} takes ${describeOptions(ENGINE_CONFIG_OPTIONS[k]!)}`).join('; ');
        throw new DnnperfError('E_BAD_ARGUMENT', `${where} ${key}=${String(value)}: no engine of this run has an option '${key}' (${known})`);
      }
      for (const kind of takers) checkOptions({ [key]: value }, ENGINE_CONFIG_OPTIONS[kind]!, kind, where);
    }
  }
}

/** The merged options (later sources win) that engine `kind` takes. */
export function optionsFor(kind: string, sources: ReadonlyArray<Options | undefined>): Record<string, OptionValue> {
  const specs = ENGINE_CONFIG_OPTIONS[kind]!;
  const merged: Record<string, OptionValue> = Object.assign({}, ...sources);
  return Object.fromEntries(Object.entries(merged).filter(([key]) => specs[key]));
}
