/**
 * Acceptance 1 of the hook issue: a page cannot tell the extension is there.
 * The battery in fixtures/transparency-observations.js runs in Chromium with the
 * built extension and in a plain Chromium without any, in the top page, a
 * same-origin iframe and a script-made about:blank iframe; every observation must
 * be the same, compared one by one so a failure names it.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectBatterySockets, expectHookFramesBetween, expectWholeBattery } from './harness/scenarios';
import { chromium, type Browser, type Page } from 'playwright-core';
import { browserArgs, findChromium } from '../src/cli/chromium';
import { readSession } from '../src/cli/session-reader';
import { startLens, type Lens } from './harness/lens';

type Observations = Record<string, unknown>;
const REALMS = ['top', 'child', 'blank'] as const;
type Realm = (typeof REALMS)[number];

interface BatteryWindow {
  transparencyBattery: Record<'run' | 'runChild' | 'runBlank', (wsOrigin: string) => Promise<Observations>>;
}

/**
 * What a hook in the MAIN world cannot make native, each checked to differ in
 * exactly the documented way and nothing else (see docs/LIMITS.md).
 */
interface KnownDifference {
  why: string;
  /** Asserts that `hooked` is `native` changed only as `why` says. */
  check(native: unknown, hooked: unknown, label: string): void;
}

const OUR_SCRIPT = /^chrome-extension:\/\/[a-p]{32}\/src\/page\/index\.js:\d+:\d+$/;

/** A page callback that the native calls while converting arguments runs under our Proxy trap. */
const hookFramesBetween: KnownDifference = {
  why: 'a stack taken inside a page callback (toString, valueOf, an iterator) run during the conversion has the hook frames between the callback and its caller',
  check: (native, hooked, label) => expectHookFramesBetween(native, hooked, label, 'chrome-extension://'),
};

/** V8 takes an uncaught error's location from where it was last thrown: our trap rethrows it. */
const rethrowSite: KnownDifference = {
  why: "window.onerror and the 'error' event name the hook's rethrow site as source, line and column (error, message and stack are native)",
  check(native, hooked, label) {
    for (const location of native as string[]) expect.soft(location, label).toContain('/transparency-observations.js:');
    for (const location of hooked as string[]) expect.soft(location, label).toMatch(OUR_SCRIPT);
  },
};

const KNOWN_DIFFERENCES: Record<string, KnownDifference> = {
  'stack inside a url toString called by new WebSocket': hookFramesBetween,
  'stack inside a data toString called by send': hookFramesBetween,
  'stack inside a code valueOf called by close': hookFramesBetween,
  'uncaught, where: constructor SyntaxError': rethrowSite,
  'uncaught, where: send while connecting': rethrowSite,
  'uncaught, where: close(1)': rethrowSite,
  'uncaught, where: illegal this': rethrowSite,
  'uncaught, where: toString of a non-function': rethrowSite,
  'toString of non-functions: stacks': {
    why: 'the native stack starts with the builtin frame `at <Type>.toString (<anonymous>)`; re-capturing the stack without our frames drops it too',
    check(native, hooked, label) {
      const withoutBuiltin = (native as string[][]).map((lines) =>
        lines.filter((line, i) => !(i === 1 && /^ {4}at (\w+\.)?toString \(<anonymous>\)$/.test(line))),
      );
      expect.soft(hooked, label).toEqual(withoutBuiltin);
    },
  },
  'V8 messages naming a socket or the prototype': {
    why: "V8 names an object by its prototype's `constructor` only when that is a plain function; ours is the Proxy, so `#<WebSocket>` reads `[object WebSocket]`",
    check(native, hooked, label) {
      const expected = (native as string[]).map((m) => m.replaceAll('#<WebSocket>', '[object WebSocket]'));
      expect.soft(hooked, label).toEqual(expected);
      expect.soft(hooked, label).not.toEqual(native);
    },
  },
};

let lens: Lens;
let plain: Browser;
let withExtension: Record<Realm, Observations>;
let withoutExtension: Record<Realm, Observations>;
let extensionTabId: number;

async function runBattery(page: Page, origin: string): Promise<Record<Realm, Observations>> {
  await page.goto(`${origin}/transparency.html`);
  const wsOrigin = origin.replace('http:', 'ws:');
  const child = page.frameLocator('#child').locator('body');
  await child.waitFor({ state: 'attached' });
  await page.waitForFunction(
    () => (document.querySelector('#child') as HTMLIFrameElement).contentWindow?.document.readyState === 'complete',
  );
  const run = (method: 'run' | 'runChild' | 'runBlank') =>
    page.evaluate(([m, o]) => (window as unknown as BatteryWindow).transparencyBattery[m](o), [
      method,
      wsOrigin,
    ] as const);
  return { top: await run('run'), child: await run('runChild'), blank: await run('runBlank') };
}

beforeAll(async () => {
  lens = await startLens();
  plain = await chromium.launch({ executablePath: findChromium(), args: browserArgs() });
  const page = await lens.context.newPage();
  withExtension = await runBattery(page, lens.server.origin);
  extensionTabId = await lens.tabIdOf(page);
  withoutExtension = await runBattery(await plain.newPage(), lens.server.origin);
  // TRANSPARENCY_DUMP=dir keeps both maps as JSON, to diff by hand when an observation differs.
  const dump = process.env.TRANSPARENCY_DUMP;
  if (dump) {
    writeFileSync(`${dump}/with-extension.json`, JSON.stringify(withExtension, null, 1));
    writeFileSync(`${dump}/without-extension.json`, JSON.stringify(withoutExtension, null, 1));
  }
}, 180_000);

afterAll(async () => {
  await plain?.close();
  await lens?.shutdown();
});

describe.each(REALMS)('in the %s realm', (realm) => {
  it('makes at least 80 observations, the same ones in both browsers', () => {
    expectWholeBattery(withoutExtension[realm], withExtension[realm]);
  });

  it('observes with the extension exactly what the browser shows without it', () => {
    for (const name of Object.keys(withoutExtension[realm])) {
      if (name in KNOWN_DIFFERENCES) continue;
      expect.soft(withExtension[realm][name], `${realm}: ${name}`).toEqual(withoutExtension[realm][name]);
    }
  });

  it('differs only as documented where a MAIN-world hook cannot be native', () => {
    for (const [name, known] of Object.entries(KNOWN_DIFFERENCES)) {
      known.check(withoutExtension[realm][name], withExtension[realm][name], `${realm}: ${name} (${known.why})`);
    }
  });
});

describe('the extension was really there', () => {
  it("recorded every realm's sockets, including the one used among poisoned built-ins", async () => {
    const { session } = await readSession(lens, extensionTabId);
    const connections = [...session.connections.values()];
    const poisoned = expectBatterySockets(connections, lens.server.origin, 'chrome-extension:');
    // The page had its own Error.prepareStackTrace: we keep no stack rather than call it.
    for (const c of poisoned) expect(c.stack).toBe('');
  });
});

/** The socket the battery used while its built-ins were replaced: recorded in full, bytes exact. */
