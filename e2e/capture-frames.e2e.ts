/**
 * Acceptance 3 of the hook issue: nothing is missed. In every kind of document
 * a page can make (top, same-origin, cross-origin, srcdoc and blob: iframes, a
 * window.open + document.write popup) and with a WebSocket taken from a fresh
 * about:blank iframe, one socket sends and receives every payload type; the
 * recorded session must hold every frame in wire order with its exact bytes, as
 * the page itself saw them and as the server got them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { readSession } from '../src/cli/session-reader';
import type { Connection } from '../src/lib/session';
import { startLens, type Lens } from './harness/lens';
import { payloadText } from './harness/payload';

interface Seen {
  dir: 'sent' | 'received';
  type: 'text' | 'binary';
  text?: string;
  bytes?: number[];
}
interface Exchange {
  seen: Seen[];
  close: string;
  href: string;
}
interface PayloadWindow {
  exchangePayloads(WebSocketClass: typeof WebSocket, url: string): Promise<Omit<Exchange, 'href'>>;
  exchangeWithFreshFrameWebSocket(url: string): Promise<Exchange>;
  driveWithOurMethods(url: string): Promise<Exchange>;
  openWrittenPopup(url: string): void;
  result: Promise<Omit<Exchange, 'href'>>;
}
// Functions passed to evaluate() run in the browser: they reach the page's helpers through this cast, spelled out.

let lens: Lens;
let page: Page;
let tabId: number;
beforeAll(async () => {
  lens = await startLens();
  ({ page, tabId } = await lens.openFixture('capture-frames.html'));
});
afterAll(async () => {
  await lens?.shutdown();
});

const echoUrl = (name: string) => `${lens.server.wsOrigin}/echo?case=${name}`;

async function frameNamed(name: string): Promise<Frame> {
  await expect
    .poll(() => page.frame({ name })?.evaluate(() => typeof (window as unknown as PayloadWindow).exchangePayloads))
    .toBe('function');
  return page.frame({ name })!;
}

/** Runs the exchange inside `target` (a frame or a page) with that document's own WebSocket. */
function exchangeIn(target: Frame | Page, url: string): Promise<Exchange> {
  return target.evaluate(
    async (u) => ({
      ...(await (window as unknown as PayloadWindow).exchangePayloads(WebSocket, u)),
      href: location.href,
    }),
    url,
  );
}

/** What the session must hold for one exchange: each frame as `dir type size data`, data as the wire carries it. */
function expectedFrames(seen: Seen[]): string[] {
  return seen.map((s) => {
    const data = s.type === 'text' ? s.text! : Buffer.from(s.bytes!).toString('base64');
    const size = s.type === 'text' ? Buffer.byteLength(s.text!, 'utf8') : s.bytes!.length;
    return `${s.dir} ${s.type} ${size} ${data}`;
  });
}

function recordedFrames(connection: Connection): string[] {
  return connection.records.flatMap((r) =>
    r.kind === 'frame' ? [`${r.dir} ${r.type} ${r.size} ${payloadText(r)}`] : [],
  );
}

async function expectCaptured(name: string, exchange: Exchange, inTab = tabId): Promise<void> {
  expect(exchange.close).toBe('4000 done true');
  // 28 payloads (29 where Float16Array exists), each echoed.
  expect(exchange.seen.filter((s) => s.dir === 'sent').length).toBeGreaterThanOrEqual(28);
  expect(exchange.seen.filter((s) => s.dir === 'received').length).toBe(exchange.seen.length / 2);

  const { session } = await readSession(lens, inTab);
  const connections = [...session.connections.values()].filter((c) => c.url === echoUrl(name));
  expect(connections, `one socket for ${name}`).toHaveLength(1);
  const connection = connections[0]!;
  expect(connection.frameUrl).toBe(exchange.href);
  expect(recordedFrames(connection)).toEqual(expectedFrames(exchange.seen));
  expect(connection.records.every((r) => r.kind !== 'frame' || !r.truncated)).toBe(true);
  const kinds = connection.records.map((r) => r.kind).filter((k) => k !== 'frame' && k !== 'handshake');
  expect(kinds).toEqual(['create', 'open', 'closing', 'close']);
  // The browser's handshake joined the hook's socket, once (its place among the others is the order they arrived).
  expect(connection.records.filter((r) => r.kind === 'handshake')).toHaveLength(1);
  expect(connection.handshake?.status).toBe(101);
  expect(connection.close).toEqual({ code: 4000, reason: 'done', wasClean: true, by: 'page' });

  // The wire agrees: what the server got is what we recorded as sent.
  const onWire = lens.server.received
    .filter((m) => m.path === `/echo?case=${name}`)
    .map((m) => (m.isBinary ? `binary ${m.data.toString('base64')}` : `text ${m.data.toString('utf8')}`));
  const sent = connection.records.flatMap((r) =>
    r.kind === 'frame' && r.dir === 'sent' ? [`${r.type} ${payloadText(r)}`] : [],
  );
  expect(sent).toEqual(onWire);
}

describe('every payload type, exact bytes, in wire order', () => {
  it('in the top document', async () => {
    await expectCaptured('top', await exchangeIn(page, echoUrl('top')));
  });

  it('in a same-origin iframe', async () => {
    await expectCaptured('same-origin', await exchangeIn(await frameNamed('same-origin'), echoUrl('same-origin')));
  });

  it('in a cross-origin iframe (localhost inside 127.0.0.1)', async () => {
    const frame = await frameNamed('cross-origin');
    expect(new URL(frame.url()).origin).not.toBe(new URL(page.url()).origin);
    await expectCaptured('cross-origin', await exchangeIn(frame, echoUrl('cross-origin')));
  });

  it('in a srcdoc iframe', async () => {
    const exchange = await exchangeIn(await frameNamed('srcdoc'), echoUrl('srcdoc'));
    expect(exchange.href).toBe('about:srcdoc');
    await expectCaptured('srcdoc', exchange);
  });

  it('in a blob: iframe', async () => {
    const exchange = await exchangeIn(await frameNamed('blob'), echoUrl('blob'));
    expect(exchange.href).toMatch(/^blob:http:\/\/127\.0\.0\.1:\d+\//);
    await expectCaptured('blob', exchange);
  });

  it('with a WebSocket taken from a fresh about:blank iframe and used by its parent', async () => {
    const exchange = await page.evaluate(
      (u) => (window as unknown as PayloadWindow).exchangeWithFreshFrameWebSocket(u),
      echoUrl('fresh-frame'),
    );
    expect(exchange.href).toBe('about:blank');
    await expectCaptured('fresh-frame', exchange);
  });

  it("with a fresh iframe's socket driven by its parent's send and close", async () => {
    const name = 'our-methods';
    const exchange = await page.evaluate(
      (u) => (window as unknown as PayloadWindow).driveWithOurMethods(u),
      echoUrl(name),
    );
    expect(exchange.close).toBe('4001 our close true');
    const { session } = await readSession(lens, tabId);
    const connection = [...session.connections.values()].find((c) => c.url === echoUrl(name))!;
    expect(connection.frameUrl).toBe('about:blank');
    expect(recordedFrames(connection)).toEqual(expectedFrames(exchange.seen));
    expect(connection.records.find((r) => r.kind === 'closing')).toMatchObject({ code: 4001, reason: 'our close' });
    expect(connection.close).toEqual({ code: 4001, reason: 'our close', wasClean: true, by: 'page' });
  });

  it('in a window opened empty and written with document.write', async () => {
    const opened = lens.context.waitForEvent('page');
    await page.evaluate((u) => (window as unknown as PayloadWindow).openWrittenPopup(u), echoUrl('written-popup'));
    const popup = await opened;
    await popup.waitForFunction(() => (window as unknown as PayloadWindow).result !== undefined);
    const exchange = {
      ...(await popup.evaluate(() => (window as unknown as PayloadWindow).result)),
      href: await popup.evaluate(() => location.href),
    };
    await expectCaptured('written-popup', exchange, await lens.tabIdOf(popup));
  });
});
