/**
 * Everything that differs between the browsers at run time, in one place. The
 * build decides (vite.config.ts defines `__WSL_BROWSER__` from
 * src/cli/browsers.ts), so each build carries only its own browser's values.
 * Extension APIs need nothing here: they all go through webextension-polyfill,
 * and `chrome.devtools` exists in both browsers.
 *
 * What is left is how each engine's WebIDL bindings read a page's arguments:
 * the page hook converts them itself, before the native call, in exactly the
 * order the native would (src/page/arguments.ts), so it must know which
 * engine it mimics.
 */
declare const __WSL_BROWSER__: 'chrome' | 'firefox' | undefined;

/** The browser this build is for ('chrome' where no build defined it: unit tests). */
export const BROWSER: 'chrome' | 'firefox' = typeof __WSL_BROWSER__ === 'string' ? __WSL_BROWSER__ : 'chrome';

/**
 * The relay sends a batch's payload chunks to the worker in one Blob (protocol/batch.ts):
 * Chrome's extension messaging costs every process it crosses about 30 ns a
 * byte, a Blob only its handle. Firefox keeps plain ArrayBuffers (not measured
 * there).
 */
export const CHUNKS_AS_BLOBS = BROWSER === 'chrome';

export interface Bindings {
  /**
   * Blink reads a real array argument by index, without calling the page's
   * `Array.prototype[Symbol.iterator]`; Gecko reads every sequence (arrays
   * too) through `@@iterator` and the iterator's `next`.
   */
  arraysByIndex: boolean;
  /** Blink reads an iterator result's `value` before its `done`; Gecko, as the spec says, `done` first. */
  valueBeforeDone: boolean;
}

export const bindings: Bindings =
  BROWSER === 'firefox'
    ? { arraysByIndex: false, valueBeforeDone: false }
    : { arraysByIndex: true, valueBeforeDone: true };

type DevtoolsApi = typeof chrome.devtools;

/**
 * The DevTools API, the one extension API we do not take from
 * webextension-polyfill (it wraps no `devtools` namespace): `chrome.devtools`
 * in Chrome, `browser.devtools` (and `chrome.devtools`) in Firefox. Undefined
 * outside DevTools, e.g. the panel opened as a tab.
 */
export function devtoolsApi(): DevtoolsApi | undefined {
  const scope = globalThis as { chrome?: { devtools?: DevtoolsApi }; browser?: { devtools?: DevtoolsApi } };
  return scope.chrome?.devtools ?? scope.browser?.devtools;
}
