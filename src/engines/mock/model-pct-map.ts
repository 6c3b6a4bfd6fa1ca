/** Parses "<model>=<pct>,..." (or "*=<pct>" for every model) as used by the slowdown knobs. */
export interface PctMap {
  get(model: string): number | undefined;
}

export function modelPctMap(text: string | undefined): PctMap {
  const entries = new Map<string, number>();
  for (const part of (text ?? '').split(',')) {
    const [model, pct] = part.split('=');
    if (model && pct !== undefined && Number.isFinite(Number(pct))) entries.set(model.trim(), Number(pct));
  }
  return { get: (model) => entries.get(model) ?? entries.get('*') };
}
