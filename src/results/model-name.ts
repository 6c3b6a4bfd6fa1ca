/**
 * The name a model goes by in results (ModelRef.name), suite thresholds and test knobs:
 * a built-in's or zoo model's id, else the file's name without `.onnx`.
 */
export function modelName(entry: { builtin: string } | { zoo: string } | { path: string }): string {
  if ('builtin' in entry) return entry.builtin;
  if ('zoo' in entry) return entry.zoo;
  return (entry.path.split(/[\\/]/).pop() ?? entry.path).replace(/\.onnx$/i, '');
}
