/**
 * Entry point of a measuring child process: receives one job over IPC, answers with one
 * message, exits. The supervisor treats silence (crash, hang) as that configuration's failure.
 */
import type { MeasureJob } from './job.js';
import { measureConfig } from './measure-config.js';
import { measureLoad } from './measure-load.js';
import { profileConfig } from './profile-config.js';

process.once('message', (job: MeasureJob) => {
  // Concurrency 1 keeps the sequential protocol, whatever the axis says.
  const work = job.mode === 'profile' ? profileConfig(job) : (job.config.concurrency ?? 1) > 1 ? measureLoad(job) : measureConfig(job);
  void work.then((answer) => process.send!(answer, () => process.exit(0)));
});
