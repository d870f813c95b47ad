import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isStale, newestMtime } from './extension-build';

let root: string;
const at = (path: string, seconds: number) => {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), '');
  utimesSync(join(root, path), seconds, seconds);
};

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'wsl-build-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('when the extension needs building', () => {
  it('builds when there is no build', () => {
    at('src/page/hook.ts', 1000);
    expect(isStale(join(root, 'dist'), root, ['src'])).toBe(true);
  });

  it('builds when a source is newer than the build, and not otherwise', () => {
    at('src/page/hook.ts', 1000);
    at('manifest.json', 1000);
    at('dist/manifest.json', 2000);
    expect(isStale(join(root, 'dist'), root, ['src', 'manifest.json'])).toBe(false);
    at('src/panel/App.tsx', 3000);
    expect(isStale(join(root, 'dist'), root, ['src', 'manifest.json'])).toBe(true);
  });

  it('ignores tooling and tests, which are not part of the extension', () => {
    at('src/page/hook.ts', 1000);
    at('src/cli/record.ts', 5000);
    at('src/demo/server.ts', 5000);
    at('src/lib/session.test.ts', 5000);
    expect(newestMtime(join(root, 'src'))).toBe(1000 * 1000);
    at('dist/manifest.json', 2000);
    expect(isStale(join(root, 'dist'), root, ['src'])).toBe(false);
  });

  it('treats a missing input as old', () => {
    expect(newestMtime(join(root, 'nothing-here'))).toBe(0);
  });
});
