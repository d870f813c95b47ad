/**
 * The browsers we build for, and everything that differs between their builds:
 * the output folder and the manifest. One source, one top-level manifest.json
 * (written for Chrome); Firefox's manifest is derived from it here, so a key
 * added there reaches both builds.
 *
 *   manifest.json ──manifestFor('chrome')──▶ dist/          (Chrome, Edge, other Chromium)
 *                 └─manifestFor('firefox')─▶ dist-firefox/  (Firefox)
 *
 * Runtime code has no browser switch: every extension API call goes through
 * webextension-polyfill, and what Firefox does differently at run time is
 * handled where it happens (see docs/ARCHITECTURE.md, "Per-browser builds").
 */
import type { ManifestV3Export } from '@crxjs/vite-plugin';
import baseManifest from '../../manifest.json' with { type: 'json' };

export const BROWSERS = ['chrome', 'firefox'] as const;
export type Browser = (typeof BROWSERS)[number];

/** Where `npm run build` (Chrome) and `npm run build:firefox` write, relative to the repository. */
export const OUT_DIRS: Record<Browser, string> = { chrome: 'dist', firefox: 'dist-firefox' };

/** `vite build --mode firefox` builds for Firefox; any other mode (production, development) for Chrome. */
export function browserOfMode(mode: string): Browser {
  return mode === 'firefox' ? 'firefox' : 'chrome';
}

/**
 * The add-on's id in Firefox. It names the add-on on addons.mozilla.org and
 * keys its storage: it must never change once published.
 */
export const GECKO_ID = 'websocket-lens@websocket-lens';

/**
 * The oldest Firefox with everything we use: MV3 with MAIN-world content
 * scripts and match_origin_as_fallback (128), Error.captureStackTrace, which
 * the hook uses to keep its frames out of page stacks (135), the
 * data_collection_permissions key that addons.mozilla.org requires (140), and
 * a synchronous initial about:blank (148, bug 543435). Before 148 a
 * script-made iframe's first document is replaced by a second, asynchronously
 * loaded about:blank in the same window, and content scripts run only in that
 * second one: a socket the parent opens with `iframe.contentWindow.WebSocket`
 * right after `appendChild` is made by the native constructor and would be
 * silently missed (seen on ESR 140.12). The parent's hook cannot cover the
 * gap: `frames[0]` reaches the child without any accessor it could wrap. So
 * ESR 140 is refused at install; ESR 153 is the first ESR we support.
 */
export const FIREFOX_MIN_VERSION = '148.0';

/**
 * Why a Firefox of `version` (as BiDi reports it: `140.12.0esr`) cannot run the
 * add-on, or undefined if it can. Firefox itself refuses to install it below
 * FIREFOX_MIN_VERSION, but only with a bare "not compatible" protocol error.
 */
export function firefoxTooOld(version: string, min: string = FIREFOX_MIN_VERSION): string | undefined {
  const numbers = (text: string) => text.split('.').map((part) => Number.parseInt(part, 10) || 0);
  const [have, need] = [numbers(version), numbers(min)];
  for (let i = 0; i < Math.max(have.length, need.length); i++) {
    const [a, b] = [have[i] ?? 0, need[i] ?? 0];
    if (a > b) return undefined;
    if (a < b)
      return (
        `Firefox ${version} is older than ${min}, the oldest Firefox WebSocket Lens supports: before 148 ` +
        "a script-made about:blank iframe gets the recorder only after the page has used it, and that iframe's " +
        'sockets would be missed. Use Firefox 148 or newer (ESR 153), or point FIREFOX_PATH at one.'
      );
  }
  return undefined;
}

type Manifest = typeof baseManifest;

export function manifestFor(browser: Browser, base: Manifest = baseManifest): ManifestV3Export {
  if (browser === 'chrome') return base as ManifestV3Export;
  // Firefox has no MV3 service workers: the background runs as an event page
  // (background.scripts), which also stops when idle, so the same rules hold.
  const { background, ...common }: Partial<Manifest> = { ...base };
  // Chrome's own keys: web-ext lint warns about them. Firefox messaging always clones structurally.
  delete common.minimum_chrome_version;
  delete common.message_serialization;
  // Firefox has no debugger API for extensions (deep capture is Chrome's only): do not ask for it.
  common.permissions = common.permissions?.filter((name) => name !== 'debugger');
  return {
    ...common,
    background: { scripts: [background!.service_worker], type: background!.type },
    browser_specific_settings: {
      gecko: {
        id: GECKO_ID,
        strict_min_version: FIREFOX_MIN_VERSION,
        // Nothing leaves the browser: sessions stay in the add-on's own storage.
        data_collection_permissions: { required: ['none'] },
      },
    },
  } as ManifestV3Export;
}
