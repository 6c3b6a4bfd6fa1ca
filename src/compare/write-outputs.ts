/**
 * Writes a comparison's report files (markdown, JUnit XML, JSON) and appends the markdown to
 * a CI step summary. The caller decides the paths (the CLI reads $GITHUB_STEP_SUMMARY).
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { makeFolder } from '../fs/make-folder.js';
import { checkOutputFile } from '../fs/output-path.js';
import { renderJson } from './export/json.js';
import { renderJunit } from './export/junit.js';
import { renderMarkdown } from './export/markdown.js';
import type { Comparison } from './types.js';

export interface OutputPaths {
  markdown?: string;
  junit?: string;
  json?: string;
  /** A file to append the markdown to, e.g. $GITHUB_STEP_SUMMARY. */
  stepSummary?: string;
}

/** Before any work: every path is a file we can write (a folder there, /proc, a read-only disk are refused). */
export function checkComparisonOutputs(paths: OutputPaths): void {
  const flags: Array<[string | undefined, string]> = [
    [paths.markdown, '--markdown'],
    [paths.junit, '--junit'],
    [paths.json, '--json-file'],
    [paths.stepSummary, '$GITHUB_STEP_SUMMARY'],
  ];
  for (const [path, what] of flags) if (path) checkOutputFile(path, what);
}

/** Returns the paths written. */
export function writeComparisonOutputs(c: Comparison, paths: OutputPaths): string[] {
  const written: string[] = [];
  const write = (path: string | undefined, text: () => string) => {
    if (!path) return;
    makeFolder(dirname(path));
    writeFileSync(path, text());
    written.push(path);
  };
  write(paths.markdown, () => renderMarkdown(c));
  write(paths.junit, () => renderJunit(c));
  write(paths.json, () => renderJson(c));
  if (paths.stepSummary) {
    appendFileSync(paths.stepSummary, `${renderMarkdown(c)}\n`);
    written.push(paths.stepSummary);
  }
  return written;
}
