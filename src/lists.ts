/** The first value that occurs twice in `items`, if any. */
export function firstDuplicate<T>(items: readonly T[]): T | undefined {
  return items.find((x, i) => items.indexOf(x) !== i);
}
