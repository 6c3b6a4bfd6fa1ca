/** A vega/vega-lite logger for the core, which never prints: warnings (layout notes) are dropped, errors throw. */
import type { LoggerInterface } from 'vega';

export const QUIET_LOGGER: LoggerInterface = {
  level: () => QUIET_LOGGER,
  info: () => QUIET_LOGGER,
  debug: () => QUIET_LOGGER,
  warn: () => QUIET_LOGGER,
  error: (...args: readonly unknown[]) => {
    throw new Error(args.map(String).join(' '));
  },
};
