/**
 * JSON with sorted object keys and arrays of numbers on one line: byte-identical for equal
 * data (stable keys for matching) and readable in a diff (baselines are committed and reviewed).
 */
export function stableStringify(value: unknown, indent = 2, depth = 0): string {
  const pad = ' '.repeat(indent * (depth + 1));
  const end = ' '.repeat(indent * depth);
  const nl = indent > 0 ? '\n' : '';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every((v) => typeof v === 'number')) return `[${value.map((v) => JSON.stringify(v)).join(', ')}]`;
    return `[${nl}${value.map((v) => pad + stableStringify(v, indent, depth + 1)).join(`,${nl}`)}${nl}${end}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (entries.length === 0) return '{}';
    const sep = indent > 0 ? ': ' : ':';
    return `{${nl}${entries.map(([k, v]) => pad + JSON.stringify(k) + sep + stableStringify(v, indent, depth + 1)).join(`,${nl}`)}${nl}${end}}`;
  }
  return JSON.stringify(value);
}
