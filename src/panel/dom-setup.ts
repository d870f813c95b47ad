/**
 * Setup for component tests (files with `// @vitest-environment happy-dom`);
 * does nothing in the node environment of the other unit tests.
 * - happy-dom lays nothing out, so every element reports a fixed size: the
 *   virtual lists (virtual-rows.ts, the hex dump) then render rows as in a
 *   400 px pane. The browser's own sizes are untouched.
 * - webextension-polyfill refuses to load outside an extension: a `browser`
 *   with an in-memory storage.local stands in (composer templates use it).
 * - Each test starts with a clean document and the default layout.
 */
import { afterEach } from 'vitest';

if (typeof document !== 'undefined') {
  const sizes = { offsetHeight: 400, clientHeight: 400, offsetWidth: 800, clientWidth: 800 };
  for (const [name, value] of Object.entries(sizes))
    Object.defineProperty(HTMLElement.prototype, name, { configurable: true, get: () => value });

  let stored: Record<string, unknown> = {};
  const local = {
    get: (key: string) => Promise.resolve(key in stored ? { [key]: structuredClone(stored[key]) } : {}),
    set: (items: Record<string, unknown>) => Promise.resolve(void Object.assign(stored, structuredClone(items))),
  };
  const extension = { runtime: { id: 'component-tests' }, storage: { local } };
  Object.assign(globalThis, { chrome: extension, browser: extension });

  const { cleanup } = await import('@testing-library/preact');
  const { layout, parseLayout } = await import('./layout');
  afterEach(() => {
    cleanup();
    localStorage.clear();
    layout.value = parseLayout(null);
    stored = {};
  });
}
