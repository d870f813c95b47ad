/**
 * The transparency battery (fixtures/transparency-observations.js) in Firefox:
 * Firefox with the built add-on against the same Firefox without it, in the
 * top page, a same-origin iframe and a script-made about:blank iframe. Every
 * observation must be the same, except where a MAIN-world Proxy cannot be
 * native; each of those is checked to differ in exactly Firefox's way (README,
 * "Limits"). The Chromium run of the same battery is e2e/transparency.e2e.ts.
 */
import { writeFileSync } from 'node:fs';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectBatterySockets, expectHookFramesBetween, expectWholeBattery } from './harness/scenarios';
import { findFirefox, launchFirefox } from '../src/cli/firefox';
import type { Connection } from '../src/lib/session';
import { startFirefoxLens, type FirefoxLens } from './harness/firefox-lens';

type Observations = Record<string, unknown>;
const REALMS = ['top', 'child', 'blank'] as const;
type Realm = (typeof REALMS)[number];

/** Where SpiderMonkey says a frame of our MAIN-world script is: it names no file. */
const OUR_CODE = '<anonymous code>';
const OUR_LOCATION = /^<anonymous code>:\d+:\d+$/;

interface KnownDifference {
  why: string;
  check(native: unknown, hooked: unknown, label: string): void;
}

/** Every list of strings in `value` sorted: the same entries in any order compare equal. */
const sortedLists = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.every((item) => typeof item === 'string')
      ? [...(value as string[])].sort()
      : value.map(sortedLists)
    : value;

const sameEntriesOtherOrder: KnownDifference = {
  why: 'SpiderMonkey creates built-in properties lazily, in the order they are first touched: the hook touches some before the page does, so they enumerate in another order (the same entries)',
  check(native, hooked, label) {
    expect.soft(sortedLists(hooked), label).toEqual(sortedLists(native));
    expect.soft(hooked, label).not.toEqual(native);
  },
};

/**
 * SpiderMonkey writes some TypeError messages with the source text of the
 * expression that held the value, taken from the innermost script frame: when
 * the native rejects a protocols value that is not iterable, or whose
 * iterator's `next` is not a function, that frame is the hook's, so the
 * message quotes the hook's expression instead of the page's value.
 */
const messageQuotesTheHook: KnownDifference = {
  why: "the TypeError message quotes the hook's expression (e.g. `args[1] is not iterable`) where Firefox prints the page's value (`({[Symbol.iterator]:5}) is not iterable`)",
  check(native, hooked, label) {
    type Threw = { threw: { message: string; own: string[] } };
    const { value } = asNative(native, hooked);
    const n = native as Threw;
    const h = value as Threw;
    const tail = / is not (iterable|a function)$/.exec(n.threw.message)?.[0];
    expect.soft(tail, label).toBeDefined();
    expect.soft(h.threw.message, label).toMatch(/^[\w$.[\]]+ is not (iterable|a function)$/);
    expect.soft(h.threw.message.endsWith(tail ?? '?'), label).toBe(true);
    expect.soft(h.threw.message, label).not.toBe(n.threw.message);
    const withNativeMessage = JSON.parse(JSON.stringify(h).replaceAll(h.threw.message, n.threw.message)) as unknown;
    expect.soft(withNativeMessage, label).toEqual(native);
  },
};

const KNOWN_DIFFERENCES: Record<string, KnownDifference> = {
  'stack inside a url toString called by new WebSocket': {
    why: 'a stack taken inside a page callback run during the conversion has the hook frames (`name@<anonymous code>:2:N`) between the callback and its caller',
    check: hookFramesBetween,
  },
  'stack inside a data toString called by send': { why: 'as above', check: hookFramesBetween },
  'stack inside a code valueOf called by close': { why: 'as above', check: hookFramesBetween },
  'uncaught, where: constructor SyntaxError': {
    why: "window.onerror and the 'error' event name the hook (`<anonymous code>:2:N`) as source, line and column",
    check: rethrowSite,
  },
  'uncaught, where: send while connecting': { why: 'as above', check: rethrowSite },
  'uncaught, where: close(1)': { why: 'as above', check: rethrowSite },
  'uncaught, where: illegal this': { why: 'as above', check: rethrowSite },
  'uncaught, where: toString of a non-function': { why: 'as above', check: rethrowSite },
  'structured clone of WebSocket and its methods': {
    why: 'Gecko names the uncloneable object in the DataCloneError: `Proxy object could not be cloned.` where the native function gives `Function object could not be cloned.`',
    check(native, hooked, label) {
      const expected = JSON.parse(
        JSON.stringify(native).replaceAll('Function object could not be cloned.', 'Proxy object could not be cloned.'),
      ) as unknown;
      expect.soft(hooked, label).toEqual(expected);
      expect.soft(hooked, label).not.toEqual(native);
    },
  },
  'WebSocket.prototype.close value: toString, own props': sameEntriesOtherOrder,
  'protocols: non-callable @@iterator': messageQuotesTheHook,
  'protocols: next is not callable': messageQuotesTheHook,
  'globals at start': sameEntriesOtherOrder,
  'globals now': sameEntriesOtherOrder,
};

function hookFramesBetween(native: unknown, hooked: unknown, label: string): void {
  expectHookFramesBetween(native, hooked, label, OUR_CODE);
}

function rethrowSite(native: unknown, hooked: unknown, label: string): void {
  for (const location of native as string[]) expect.soft(location, label).toContain('/transparency-observations.js:');
  expect.soft((hooked as string[]).length, label).toBe((native as string[]).length);
  for (const location of hooked as string[]) expect.soft(location, label).toMatch(OUR_LOCATION);
}

/** How many errors in an observation were made native again by `asNative`. */
interface Rewritten {
  value: unknown;
  errors: number;
}

const OWN_STACK = 'stack: data writable=true enumerable=false configurable=true value=string ';
const LOCATION_KEYS = ['fileName', 'lineNumber', 'columnNumber'];

/**
 * The one difference every error that the native throws through the hook has
 * in Firefox (docs/LIMITS.md): the hook re-captures its stack so that it
 * names no frame of ours, which leaves an own `stack` data property holding
 * exactly the native stack; and a JavaScript error's own `fileName`,
 * `lineNumber` and `columnNumber` (set where SpiderMonkey created it, inside
 * the hook) name `<anonymous code>`. Undoes exactly that in `hooked`, checking
 * each step against `native`; anything else stays, to fail the comparison.
 */
function asNative(native: unknown, hooked: unknown): Rewritten {
  if (Array.isArray(hooked)) {
    const nativeItems = Array.isArray(native) ? native : [];
    let errors = 0;
    const value = hooked.map((item, i) => {
      const rewritten = asNative(nativeItems[i], item);
      errors += rewritten.errors;
      return rewritten.value;
    });
    return { value, errors };
  }
  if (typeof hooked !== 'object' || hooked === null || typeof native !== 'object' || native === null) {
    return { value: hooked, errors: 0 };
  }
  const n = native as Record<string, unknown>;
  const h = { ...(hooked as Record<string, unknown>) };
  let errors = 0;
  if (Array.isArray(h.own) && Array.isArray(n.own) && typeof h.tag === 'string') {
    const nativeOwn = n.own as string[];
    let own = h.own as string[];
    const stackEntry = own.find((entry) => entry.startsWith(OWN_STACK));
    const nativeStack = typeof n.stack === 'string' ? n.stack : undefined;
    const pageOnly = stackEntry !== undefined && !stackEntry.includes(OUR_CODE);
    const sameAsNative = nativeStack === undefined || stackEntry === `${OWN_STACK}${nativeStack}`;
    if (stackEntry && pageOnly && sameAsNative && !nativeOwn.some((entry) => entry.startsWith(OWN_STACK))) {
      own = own.filter((entry) => entry !== stackEntry);
      // A JavaScript error's location is ours as a whole (a DOMException has none of its own).
      if (own.some((entry) => entry.startsWith('fileName:') && entry.endsWith(`value=string ${OUR_CODE}`))) {
        own = own.map((entry) => {
          const key = entry.slice(0, entry.indexOf(':'));
          return LOCATION_KEYS.includes(key) ? (nativeOwn.find((e) => e.startsWith(`${key}:`)) ?? entry) : entry;
        });
      }
      errors++;
    }
    h.own = own;
  }
  for (const key of Object.keys(h)) {
    if (key === 'own') continue;
    const rewritten = asNative(n[key], h[key]);
    h[key] = rewritten.value;
    errors += rewritten.errors;
  }
  return { value: h, errors };
}

interface BatteryWindow {
  transparencyBattery: Record<'run' | 'runChild' | 'runBlank', (wsOrigin: string) => Promise<Observations>>;
}

async function runBattery(page: Page, origin: string): Promise<Record<Realm, Observations>> {
  await page.goto(`${origin}/transparency.html`);
  await page.waitForFunction(
    () =>
      (document.querySelector('#child') as HTMLIFrameElement | null)?.contentWindow?.document.readyState === 'complete',
  );
  const wsOrigin = origin.replace('http:', 'ws:');
  const run = (method: 'run' | 'runChild' | 'runBlank') =>
    page.evaluate((m, o) => (window as unknown as BatteryWindow).transparencyBattery[m](o), method, wsOrigin);
  return { top: await run('run'), child: await run('runChild'), blank: await run('runBlank') };
}

let lens: FirefoxLens;
let withExtension: Record<Realm, Observations>;
let withoutExtension: Record<Realm, Observations>;
let recorded: Connection[];

beforeAll(async () => {
  findFirefox(); // fails with an install hint: never a silent skip
  lens = await startFirefoxLens();
  const page = await lens.browser.newPage();
  withExtension = await runBattery(page, lens.server.origin);
  recorded = [...(await lens.readSession(await lens.tabIdOf(page))).session.connections.values()];
  await lens.browser.close(); // one Firefox at a time; the test server stays for the plain run
  const plain = await launchFirefox();
  try {
    withoutExtension = await runBattery(await plain.browser.newPage(), lens.server.origin);
  } finally {
    await plain.close();
  }
  // TRANSPARENCY_DUMP=dir keeps both maps as JSON, to diff by hand when an observation differs.
  const dump = process.env.TRANSPARENCY_DUMP;
  if (dump) {
    writeFileSync(`${dump}/firefox-with-extension.json`, JSON.stringify(withExtension, null, 1));
    writeFileSync(`${dump}/firefox-without-extension.json`, JSON.stringify(withoutExtension, null, 1));
  }
}, 180_000);

afterAll(async () => {
  await lens?.shutdown();
});

describe.each(REALMS)('in Firefox, in the %s realm', (realm) => {
  it('makes at least 80 observations, the same ones in both browsers', () => {
    expectWholeBattery(withoutExtension[realm], withExtension[realm]);
  });

  it('observes with the add-on exactly what Firefox shows without it, errors thrown through the hook aside', () => {
    let rewrittenErrors = 0;
    for (const name of Object.keys(withoutExtension[realm])) {
      if (name in KNOWN_DIFFERENCES) continue;
      const native = withoutExtension[realm][name];
      const { value, errors } = asNative(native, withExtension[realm][name]);
      rewrittenErrors += errors;
      expect.soft(value, `${realm}: ${name}`).toEqual(native);
    }
    // The documented difference is real (dozens of errors in the battery go through the hook).
    expect(rewrittenErrors).toBeGreaterThan(30);
  });

  it('differs only as documented where a MAIN-world hook cannot be native', () => {
    for (const [name, known] of Object.entries(KNOWN_DIFFERENCES)) {
      known.check(withoutExtension[realm][name], withExtension[realm][name], `${realm}: ${name} (${known.why})`);
    }
  });
});

describe('the add-on was really there', () => {
  it("recorded every realm's sockets, including the one used among poisoned built-ins", () => {
    expectBatterySockets(recorded, lens.server.origin, 'moz-extension:');
    for (const c of recorded.filter((c) => c.url.includes('battery=events'))) expect(c.stack).not.toContain(OUR_CODE);
  });
});
