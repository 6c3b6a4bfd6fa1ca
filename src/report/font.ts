/**
 * The one font every image uses, bundled so SVG layout and PNG rasterizing match on
 * every machine (DejaVu Sans, Bitstream Vera licence: fonts/LICENSE-DejaVu.txt).
 */
import { join } from 'node:path';
import { packageRoot } from '../package-root.js';

export const FONT_FAMILY = 'DejaVu Sans';

// Under src/ even when running from dist/: tsc does not copy the font.
export const FONT_FILE = join(packageRoot(), 'src', 'report', 'fonts', 'DejaVuSans.ttf');
