/**
 * `npm run package`: store-ready zips of both builds, and the source zip that
 * addons.mozilla.org asks for when an add-on's code is bundled:
 *
 *   dist-packages/websocket-lens-<version>-chrome.zip   dist/ (Chrome Web Store)
 *   dist-packages/websocket-lens-<version>-firefox.zip  dist-firefox/ (addons.mozilla.org)
 *   dist-packages/websocket-lens-<version>-source.zip   what a reviewer rebuilds both from
 *
 * Run after both builds (the npm script builds them first). Each store zip has
 * manifest.json at its root. The source zip holds the repository's files as git
 * lists them (tracked and new, nothing ignored: no node_modules/, no dist*),
 * or, outside a git checkout, the tree without those folders. Entries carry a
 * fixed date, so the same files always make the same zip.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import JSZip from 'jszip';
import { BROWSERS, OUT_DIRS } from './browsers';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const PACKAGES_DIR = join(ROOT, 'dist-packages');
const FIXED_DATE = new Date(Date.UTC(2020, 0, 1));
/** Never in the source zip, whatever git says (checked again outside git). */
const NOT_SOURCE = /^(node_modules|\.git|dist|dist-[^/]*|test-results)(\/|$)/;

/** Every file under `dir`, as paths relative to it with forward slashes, sorted. */
function filesUnder(dir: string, skip?: RegExp, prefix = ''): string[] {
  const files: string[] = [];
  for (const name of readdirSync(join(dir, prefix)).sort()) {
    const path = prefix ? `${prefix}/${name}` : name;
    if (skip?.test(path)) continue;
    if (statSync(join(dir, path)).isDirectory()) files.push(...filesUnder(dir, skip, path));
    else files.push(path);
  }
  return files;
}

function sourceFiles(): string[] {
  try {
    const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    // A file deleted but not yet staged is still listed: keep only what exists.
    return listed
      .split('\0')
      .filter((path) => path && !NOT_SOURCE.test(path) && existsSync(join(ROOT, path)))
      .sort();
  } catch {
    return filesUnder(ROOT, NOT_SOURCE);
  }
}

async function writeZip(out: string, dir: string, files: string[]): Promise<number> {
  const zip = new JSZip();
  for (const file of files) zip.file(file, readFileSync(join(dir, file)), { date: FIXED_DATE, createFolders: false });
  const bytes = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', platform: 'UNIX' });
  writeFileSync(out, bytes);
  return bytes.length;
}

async function main(): Promise<void> {
  const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  rmSync(PACKAGES_DIR, { recursive: true, force: true });
  mkdirSync(PACKAGES_DIR, { recursive: true });
  const made: [string, number, number][] = [];
  for (const browser of BROWSERS) {
    const dir = join(ROOT, OUT_DIRS[browser]);
    if (!existsSync(join(dir, 'manifest.json')))
      throw new Error(`${OUT_DIRS[browser]}/ holds no build: run npm run build and npm run build:firefox first.`);
    const files = filesUnder(dir);
    const out = join(PACKAGES_DIR, `websocket-lens-${version}-${browser}.zip`);
    made.push([out, files.length, await writeZip(out, dir, files)]);
  }
  const sources = sourceFiles();
  const out = join(PACKAGES_DIR, `websocket-lens-${version}-source.zip`);
  made.push([out, sources.length, await writeZip(out, ROOT, sources)]);
  for (const [path, count, bytes] of made)
    console.log(`${relative(ROOT, path).split(sep).join('/')}: ${count} files, ${(bytes / 1024).toFixed(0)} KiB`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
