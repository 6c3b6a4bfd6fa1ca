/** Events the fetcher emits; reporters (src/cli/fetch-progress.ts, --json) render them. */
interface FetchEventBase {
  id: string;
  url: string;
  /** Bytes of the model file on disk so far (a resumed download starts above 0). */
  receivedBytes: number;
  /** The manifest's size of the file. */
  totalBytes: number;
}

export type FetchEvent =
  | (FetchEventBase & { type: 'start'; attempt: number })
  | (FetchEventBase & { type: 'progress' })
  | (FetchEventBase & { type: 'retry'; attempt: number; delayMs: number; reason: string })
  | (FetchEventBase & { type: 'url-failed'; reason: string })
  | (FetchEventBase & { type: 'done'; path: string; fromCache: boolean });
