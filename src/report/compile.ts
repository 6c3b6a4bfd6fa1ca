/** vega-lite -> vega with the report theme: the page and the image renderer draw the same compiled spec. */
import type { Spec as VegaSpec } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { QUIET_LOGGER } from './logger.js';
import { THEME } from './theme.js';

export function compileChart(spec: TopLevelSpec): VegaSpec {
  return compile({ ...spec, config: { ...THEME, ...spec.config } }, { logger: QUIET_LOGGER }).spec;
}
