/**
 * The mock server's matcher (src/lib/mock/live-matcher.ts, with the protocol
 * decoders) bundled into one script for the Playwright export: the generated
 * test file must run with nothing but playwright-core, yet match client
 * frames exactly as `websocket-lens mock` does (decoded kind, name and id
 * need the decoders). About 100 KB minified; built in a fraction of a second.
 */
import { join } from 'node:path';
import type { Rolldown } from 'vite';
import { ROOT } from './extension-build';

/** The global the script defines: `var LensMatch = { createLiveMatcher }`. */
export const MATCHER_GLOBAL = 'LensMatch';

export async function bundleLiveMatcher(): Promise<string> {
  // Loaded only when needed: vite is a development dependency and slow to import.
  const { build } = await import('vite');
  const result = (await build({
    configFile: false,
    logLevel: 'silent',
    root: ROOT,
    publicDir: false,
    build: {
      write: false,
      minify: true,
      lib: { entry: join(ROOT, 'src/lib/mock/live-matcher.ts'), formats: ['iife'], name: MATCHER_GLOBAL },
    },
  })) as Rolldown.RolldownOutput | Rolldown.RolldownOutput[];
  const output = Array.isArray(result) ? result[0]! : result;
  const chunk = output.output[0];
  if (!chunk || chunk.type !== 'chunk') throw new Error('bundling the matcher gave no script');
  return chunk.code;
}
