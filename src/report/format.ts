/** How table cells print, in the page and the markdown alike: full precision, no units (the column names carry them). */
import type { Cell } from './charts/chart.js';

/** Six significant digits: exact for every measured value, without float noise like 0.30000000000000004. */
export function formatCell(cell: Cell): string {
  if (cell === null) return '–';
  if (typeof cell === 'boolean') return cell ? 'yes' : 'no';
  if (typeof cell === 'number') return Number.isInteger(cell) ? String(cell) : String(Number(cell.toPrecision(6)));
  return cell;
}
