import { DnnperfError } from '../../errors.js';

/**
 * A model id names a cache folder, so it must be one safe path segment:
 * lowercase letters, digits, `.`, `-`, `_`, starting with a letter or digit (so never `.` or `..`).
 */
export const MODEL_ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,127}$/;

export const isModelId = (id: string): boolean => MODEL_ID_PATTERN.test(id);

export function assertModelId(id: string): string {
  if (!isModelId(id)) {
    throw new DnnperfError(
      'E_FETCH',
      `invalid model id ${JSON.stringify(id)}: use lowercase letters, digits, '.', '-' and '_' (e.g. resnet50-v1-7); see \`models/zoo.json\` for the ids`,
    );
  }
  return id;
}
