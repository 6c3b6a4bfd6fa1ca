/** `--input name=<spec>` (repeatable) to a record of spec strings, each spec's syntax checked at once. */
import { DnnperfError } from '../errors.js';
import { parseInputSpec, SPEC_FORMS } from '../models/inputs/input-spec.js';

export function parseInputFlags(flags: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const flag of flags) {
    // Input names may hold ':' and '/' (input_ids:0), specs never hold '=': split at the first one.
    const eq = flag.indexOf('=');
    if (eq <= 0 || eq === flag.length - 1) {
      throw new DnnperfError('E_INPUT', `--input '${flag}' is not name=<spec>: e.g. --input sr=16000 or --input input_ids=int:0..30521 (a spec is ${SPEC_FORMS})`);
    }
    const name = flag.slice(0, eq);
    const spec = flag.slice(eq + 1);
    parseInputSpec(spec, `--input ${flag}`);
    out[name] = spec;
  }
  return out;
}
