/**
 * The process around main(): its exit code, and the same one-line report for errors thrown
 * outside the command's promise (an emitter's 'error', a callback), which would otherwise be
 * Node's stack trace.
 */
import { describeFailure, main } from './main.js';

const args = process.argv.slice(2);
const onStray = (e: unknown) => {
  const failure = describeFailure(e, args);
  process.stderr.write(`${failure.line}\n${failure.stack ? `${failure.stack}\n` : ''}`);
  process.exit(failure.exitCode);
};
process.on('uncaughtException', onStray);
process.on('unhandledRejection', onStray);

process.exitCode = await main(process.argv);
