/**
 * The foundation's capture scenarios, read back through the panel opened as a
 * tab: first inline script, binary kinds, server close, failed connection,
 * iframes, and no page-visible messages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectFirstInlineSocket, expectIframeSockets } from './harness/scenarios';
import { readSession } from '../src/cli/session-reader';
import { startLens, type Lens } from './harness/lens';
import { payloadText } from './harness/payload';

let lens: Lens;
beforeAll(async () => {
  lens = await startLens();
});
afterAll(async () => {
  await lens?.shutdown();
});

describe('capture through the panel', () => {
  it('records the first inline script\'s socket: text, ArrayBuffer, view and Blob frames, and the server close 4001 "bye"', async () => {
    const { page, tabId } = await lens.openFixture('first-inline.html');
    const closed = await page.evaluate(() => (window as unknown as { closeInfo: Promise<unknown> }).closeInfo);
    expect(closed).toEqual({ code: 4001, reason: 'bye', wasClean: true });

    const panel = await lens.openPanel(tabId);
    await expectFirstInlineSocket(panel);
  });

  it('shows a socket that fails to connect as an error, closed with 1006', async () => {
    const { page, tabId } = await lens.openFixture('failed.html');
    expect(await page.evaluate(() => (window as unknown as { closeInfo: Promise<unknown> }).closeInfo)).toEqual({
      code: 1006,
      wasClean: false,
    });
    const panel = await lens.openPanel(tabId);
    await expect.poll(() => panel.connectionCells('127.0.0.1:1').then((c) => c.state)).toBe('error');
    await panel.select('127.0.0.1:1');
    await expect.poll(() => panel.messages().then((rows) => rows.length)).toBe(4);
    const all = await panel.messages();
    // Chrome starts a handshake even to a port it refuses, and says only that it failed.
    expect(all.filter((r) => r.kind === 'handshake').map((r) => r.text)).toEqual([
      expect.stringMatching(/^Handshake failed after \d+ ms: .*net::ERR_/),
    ]);
    const rows = all.filter((r) => r.kind !== 'handshake');
    expect(rows.map((r) => r.kind)).toEqual(['create', 'error', 'close']);
    expect(rows.at(-1)?.text).toBe('Closed 1006 by network, unclean');
    expect((await panel.connectionCells('127.0.0.1:1')).text).toContain('1006');
  });

  it('captures sockets of a same-origin iframe and a script-made about:blank iframe, attributed to their frames', async () => {
    const { page, tabId } = await lens.openFixture('iframes.html');
    const panel = await lens.openPanel(tabId);
    await expect.poll(() => panel.connections.count()).toBe(2);
    await expectIframeSockets(panel, lens.server.origin);
    await page.close();
  });

  it("causes no message event on the page's window", async () => {
    const { page } = await lens.openFixture('first-inline.html');
    await page.evaluate(() => (window as unknown as { closeInfo: Promise<unknown> }).closeInfo);
    // A control message proves the listeners work: they must see it and nothing else.
    await page.evaluate(() => window.postMessage('control', '*'));
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { pageMessages: string[] }).pageMessages))
      .toEqual(['control', 'control']);
    const { page: framed } = await lens.openFixture('iframes.html');
    await framed.waitForTimeout(300);
    expect(await framed.evaluate(() => (window as unknown as { pageMessages: string[] }).pageMessages)).toEqual([]);
  });
});

describe('payload limit', () => {
  const setLimit = async (kib: string) => {
    const options = await lens.context.newPage();
    await options.goto(`chrome-extension://${lens.extensionId}/src/options/index.html`);
    await options.getByLabel("Kilobytes kept of each frame's payload").fill(kib);
    await options.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => options.getByRole('status').textContent()).toContain('Saved');
    await options.close();
  };

  it('keeps of each payload what the options page allows: that much as a preview, and the true size', async () => {
    await setLimit('1');
    try {
      const { page, tabId } = await lens.openFixture('socket.html?name=limit');
      await page.evaluate(async () => {
        // The fixture's `const socket` is a global lexical binding, not a property of window.
        const socket = new Function('return socket')() as WebSocket;
        await (window as unknown as { echoed: Promise<unknown> }).echoed;
        let echoes = 0;
        const done = new Promise((resolve) => (socket.onmessage = () => ++echoes === 3 && resolve(null)));
        socket.send('a'.repeat(3000));
        socket.send(Uint8Array.from({ length: 3000 }, (_, i) => i % 251));
        socket.send(new Blob(['b'.repeat(3000)]));
        await done;
      });
      const bytes = Buffer.from(Uint8Array.from({ length: 1024 }, (_, i) => i % 251)).toString('base64');
      const blobBytes = Buffer.from('b'.repeat(1024)).toString('base64');
      const expected = [
        'sent text 16 false hello from limit',
        'received text 16 false hello from limit',
        ...['sent', 'received'].flatMap((dir) => [
          `${dir} text 3000 true ${'a'.repeat(1024)}`,
          `${dir} binary 3000 true ${bytes}`,
          `${dir} binary 3000 true ${blobBytes}`,
        ]),
      ];
      const frames = async () => {
        const { session } = await readSession(lens, tabId);
        const connection = [...session.connections.values()].find((c) => c.url.endsWith('/echo?name=limit'));
        return (connection?.records ?? []).flatMap((r) =>
          r.kind === 'frame' ? [`${r.dir} ${r.type} ${r.size} ${r.truncated} ${payloadText(r)}`] : [],
        );
      };
      // Sent and received frames interleave on the wire; each direction keeps its own order.
      const byDirection = (list: string[]) =>
        [...list].sort((a, b) => a.split(' ')[0]!.localeCompare(b.split(' ')[0]!));
      await expect.poll(async () => byDirection(await frames())).toEqual(byDirection(expected));
      await page.close();
    } finally {
      await setLimit('1024');
    }
  });
});
