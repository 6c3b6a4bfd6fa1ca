/**
 * Renders fetch events on the command's stderr: cli-progress bars on a terminal, plain lines
 * elsewhere and whenever NO_COLOR is set or TERM is dumb (logs and CI pages stay readable).
 */
import cliProgress from 'cli-progress';
import type { FetchEvent } from '../models/fetch/events.js';
import { barTerminal, type CommandIo } from './io.js';

export interface ProgressReporter {
  onEvent: (event: FetchEvent) => void;
  /** Clears the bars; call once when all fetches are over. */
  stop: () => void;
}

const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;
/** Plain mode prints a line at each quarter of a download, not per chunk. */
const PLAIN_STEP = 0.25;

function plainReporter(write: (text: string) => void): ProgressReporter {
  const lastStep = new Map<string, number>();
  const line = (id: string, text: string): void => write(`fetch ${id}: ${text}\n`);
  return {
    onEvent(e) {
      if (e.type === 'start') {
        lastStep.set(e.id, Math.floor(e.receivedBytes / e.totalBytes / PLAIN_STEP));
        line(e.id, `${e.receivedBytes > 0 ? `resuming at ${mb(e.receivedBytes)} of` : 'downloading'} ${mb(e.totalBytes)} from ${e.url}`);
      } else if (e.type === 'progress') {
        const step = Math.floor(e.receivedBytes / e.totalBytes / PLAIN_STEP);
        if (step > (lastStep.get(e.id) ?? 0) && e.receivedBytes < e.totalBytes) line(e.id, `${Math.round(step * PLAIN_STEP * 100)}% (${mb(e.receivedBytes)})`);
        lastStep.set(e.id, step);
      } else if (e.type === 'retry') {
        line(e.id, `${e.reason}; retry ${e.attempt} in ${(e.delayMs / 1000).toFixed(1)} s`);
      } else if (e.type === 'url-failed') {
        line(e.id, `${e.url} failed: ${e.reason}`);
      } else {
        line(e.id, `${e.fromCache ? 'cached' : 'done'} ${e.path}`);
      }
    },
    stop() {},
  };
}

function barReporter(stream: NodeJS.WritableStream): ProgressReporter {
  const multi = new cliProgress.MultiBar(
    { stream, format: ' {bar} {percentage}% | {received}/{size} | {id} {note}', hideCursor: true, clearOnComplete: false, autopadding: true },
    cliProgress.Presets.shades_classic,
  );
  const bars = new Map<string, cliProgress.SingleBar>();
  const bar = (e: FetchEvent): cliProgress.SingleBar => {
    let b = bars.get(e.id);
    if (!b) {
      b = multi.create(e.totalBytes, e.receivedBytes, { id: e.id, received: mb(e.receivedBytes), size: mb(e.totalBytes), note: '' });
      bars.set(e.id, b);
    }
    return b;
  };
  return {
    onEvent(e) {
      const note =
        e.type === 'retry'
          ? `retry ${e.attempt}: ${e.reason}`
          : e.type === 'url-failed'
            ? `${e.url} failed: ${e.reason}`
            : e.type === 'done'
              ? e.fromCache
                ? 'cached'
                : 'done'
              : '';
      if (e.type === 'url-failed' || e.type === 'retry') multi.log(`fetch ${e.id}: ${note}\n`);
      bar(e).update(e.receivedBytes, { received: mb(e.receivedBytes), note });
    },
    stop() {
      multi.update(); // flushes log lines still buffered (stop alone drops them)
      multi.stop();
    },
  };
}

export function createProgressReporter(io: CommandIo): ProgressReporter {
  const terminal = barTerminal(io);
  return terminal ? barReporter(terminal) : plainReporter(io.stderr);
}
