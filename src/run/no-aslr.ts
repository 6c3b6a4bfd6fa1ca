/**
 * Starting a measuring child with address-space randomization off: through util-linux's
 * `setarch <machine> -R`, which sets the ADDR_NO_RANDOMIZE personality and execs node with
 * the same file descriptors (so the IPC channel survives). Where setarch is missing (not
 * Linux, a minimal image) the child starts as usual and its own reading of
 * /proc/self/personality (machine.addressRandomization) says so.
 */
import { spawnSync } from 'node:child_process';
import { machine } from 'node:os';

let found: boolean | undefined;

export function setarchAvailable(): boolean {
  found ??= process.platform === 'linux' && spawnSync('setarch', ['--version'], { stdio: 'ignore' }).status === 0;
  return found;
}

/** fork() options that run the child under setarch -R, or undefined when setarch is not there. */
export function withoutAslr(execArgv: readonly string[]): { execPath: string; execArgv: string[] } | undefined {
  if (!setarchAvailable()) return undefined;
  return { execPath: 'setarch', execArgv: [machine(), '-R', process.execPath, ...execArgv] };
}
