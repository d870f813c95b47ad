/**
 * The built extension for command-line tools: dist/ of this checkout, built
 * first when it is missing or older than what it is built from.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DEFAULT_DIST = join(ROOT, 'dist');

/** What the extension is built from. Tooling (src/cli, src/demo) and tests are not part of it. */
export const BUILD_INPUTS = ['src', 'public', 'manifest.json', 'vite.config.ts', 'package-lock.json'];
const NOT_BUILT = /(^|\/)(cli|demo)(\/|$)|\.test\.ts$/;

/** Newest modification time (ms) under `path`, 0 if it does not exist. */
export function newestMtime(path: string, skip: RegExp = NOT_BUILT, relative = ''): number {
  if (relative && skip.test(relative)) return 0;
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const name of readdirSync(path)) {
    newest = Math.max(newest, newestMtime(join(path, name), skip, relative ? `${relative}/${name}` : name));
  }
  return newest;
}

/** Missing, or built before the newest input changed. */
export function isStale(distDir: string, root = ROOT, inputs = BUILD_INPUTS): boolean {
  const manifest = join(distDir, 'manifest.json');
  if (!existsSync(manifest)) return true;
  const built = statSync(manifest).mtimeMs;
  return inputs.some((input) => newestMtime(join(root, input)) > built);
}

/** Builds into `distDir` when stale; returns whether it built. */
export async function ensureBuilt(distDir: string, say: (line: string) => void = () => {}): Promise<boolean> {
  if (!isStale(distDir)) return false;
  say(`Building the extension into ${distDir} (missing or older than its sources)…`);
  // Loaded only when needed: vite is a development dependency and slow to import.
  const { build } = await import('vite');
  await build({
    root: ROOT,
    configFile: join(ROOT, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir: distDir, emptyOutDir: true },
  });
  return true;
}
