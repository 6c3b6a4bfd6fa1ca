/**
 * Provider fallbacks that engines announce only on stderr. onnxruntime warns when it puts
 * nodes on another provider than the one asked for; the note keeps its own words.
 */
const PATTERNS: Array<{ re: RegExp; note: string }> = [
  {
    re: /Some nodes were not assigned to the preferred execution providers/,
    note: 'onnxruntime: some nodes were not assigned to the requested execution provider (see the per-layer pass for which)',
  },
];

export function fallbackNotes(stderr: string): string[] {
  return PATTERNS.filter((p) => p.re.test(stderr)).map((p) => p.note);
}
