/**
 * Where the measuring child's entry point is: the compiled `.js` beside this module, or,
 * when running from TypeScript sources (tests), the `.ts` file loaded through tsx.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function childEntry(): { path: string; execArgv: string[] } {
  const fromSource = import.meta.url.endsWith('.ts');
  const path = fileURLToPath(new URL(`../measure/child-main.${fromSource ? 'ts' : 'js'}`, import.meta.url));
  if (!existsSync(path)) throw new Error(`measuring child entry missing at ${path}: run npm run build`);
  return { path, execArgv: fromSource ? ['--import', 'tsx'] : [] };
}
