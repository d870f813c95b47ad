/**
 * Acting on live sockets through the panel (issue 7): resend, compose,
 * simulate incoming, close and simulated closes, checked at the test server
 * (what went over the wire) and in the page (what its listeners saw).
 * Intercept rules and breakpoints are in intercept.e2e.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import type { Lens } from './harness/lens';
import type { PanelView } from './harness/panel-view';
import { openActionsPage, type ActionsFixture } from './harness/actions-page';

let lens: Lens;
let fixture: ActionsFixture;
let panel: PanelView;

beforeAll(async () => {
  ({ lens, fixture, panel } = await openActionsPage());
});
afterAll(async () => {
  await lens?.shutdown();
});

const ui = () => panel.page;
const row = (text: string): Locator =>
  ui().locator('[aria-label="Messages"] .scroller [role="row"][data-kind="frame"]').filter({ hasText: text });
const detail = () => ui().getByRole('region', { name: 'Message detail' });
const composer = () => ui().getByRole('region', { name: 'Composer' });
const result = () => ui().getByLabel('Action result');

async function openComposer(): Promise<void> {
  const toggle = composer().getByRole('button', { name: 'Composer' });
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
}

describe('resend', () => {
  it('resends a text and a binary frame as they were, marked as sent from DevTools', async () => {
    await fixture.connect('resend', { path: 'sink' });
    await fixture.send('resend', 'hello', [1, 2, 3]);
    await expect.poll(() => fixture.received('resend')).toEqual(['hello', [1, 2, 3]]);
    await panel.select('name=resend');
    await row('hello').click();
    await detail()
      .getByRole('button', { name: /^Resend to / })
      .click();
    await expect.poll(() => result().textContent()).toMatch(/^Resent on /);
    await row('01 02 03').first().click();
    await detail()
      .getByRole('button', { name: /^Resend to / })
      .click();
    await expect.poll(() => fixture.received('resend')).toEqual(['hello', [1, 2, 3], 'hello', [1, 2, 3]]);
    await expect
      .poll(async () => (await panel.messages()).filter((r) => r.kind === 'frame').map((r) => r.mark ?? ''))
      .toEqual(['', '', 'devtools', 'devtools']);
    expect(await row('hello').nth(1).textContent()).toContain('DevTools');
  });

  it('edits a text frame (with JSON help) and a binary frame in hex before resending', async () => {
    await fixture.send('resend', '{"n":1}');
    await row('{"n":1}').click();
    await detail().getByRole('button', { name: 'Edit & resend' }).click();
    const editor = ui().getByRole('region', { name: 'Edit & resend' });
    const text = editor.getByLabel('Edited payload');
    await expect.poll(() => text.inputValue()).toBe('{"n":1}');
    expect(await editor.getByText('Valid JSON').count()).toBe(1);
    await text.fill('{"n":2,"edited":true}');
    await editor.getByRole('button', { name: 'Format JSON' }).click();
    await expect.poll(() => text.inputValue()).toBe('{\n  "n": 2,\n  "edited": true\n}');
    await text.fill('{"n": 2');
    await expect.poll(() => editor.locator('.payload-check').textContent()).toMatch(/^Invalid JSON/);
    await text.fill('{"n":2,"edited":true}');
    await editor.getByRole('button', { name: 'Send edited' }).click();
    await expect.poll(() => fixture.received('resend').then((r) => r.at(-1))).toBe('{"n":2,"edited":true}');
    // The server has it before the result is back in the panel: the editor closes once the result is.
    await expect.poll(() => editor.count()).toBe(0);

    await row('01 02 03').first().click();
    await detail().getByRole('button', { name: 'Edit & resend' }).click();
    const bytes = ui().getByRole('region', { name: 'Edit & resend' }).getByLabel('Edited payload');
    await expect.poll(() => bytes.inputValue()).toBe('01 02 03');
    await bytes.fill('01 02 03 ff 00');
    await bytes.press('Control+Enter');
    await expect.poll(() => fixture.received('resend').then((r) => r.at(-1))).toEqual([1, 2, 3, 255, 0]);
    await expect.poll(() => ui().getByRole('region', { name: 'Edit & resend' }).count()).toBe(0);
    // In base64 too.
    await detail().getByRole('button', { name: 'Edit & resend' }).click();
    const editor2 = ui().getByRole('region', { name: 'Edit & resend' });
    await editor2.getByLabel('Payload format').selectOption('base64');
    await expect.poll(() => editor2.getByLabel('Edited payload').inputValue()).toBe('AQID');
    await editor2.getByLabel('Edited payload').fill('3q2+7w==');
    await editor2.getByRole('button', { name: 'Send edited' }).click();
    await expect.poll(() => fixture.received('resend').then((r) => r.at(-1))).toEqual([0xde, 0xad, 0xbe, 0xef]);
  });
});

describe('compose', () => {
  it('sends text with Ctrl+Enter and binary typed as hex, exactly, and keeps a history', async () => {
    await fixture.connect('compose', { path: 'sink' });
    await panel.select('name=compose');
    await openComposer();
    const message = composer().getByLabel('Message to send');
    await message.fill('composed ✓ text');
    await message.press('Control+Enter');
    await composer().getByLabel('Payload format').selectOption('hex');
    await message.fill('de ad be ef 00 7f 80 ff');
    await composer().getByRole('button', { name: 'Send', exact: true }).click();
    await expect
      .poll(() => fixture.received('compose'))
      .toEqual(['composed ✓ text', [0xde, 0xad, 0xbe, 0xef, 0x00, 0x7f, 0x80, 0xff]]);
    const history = composer().getByLabel('History');
    expect(await history.locator('option').allTextContents()).toEqual([
      'History (2)',
      'bin 3q2+7wB/gP8=',
      'composed ✓ text',
    ]);
    await history.selectOption({ index: 2 });
    await expect.poll(() => message.inputValue()).toBe('composed ✓ text');
    expect(await composer().getByLabel('Payload format').inputValue()).toBe('text');
    await expect
      .poll(async () => (await panel.messages()).filter((r) => r.kind === 'frame').map((r) => `${r.mark} ${r.type}`))
      .toEqual(['devtools text', 'devtools binary']);
  });

  it('sends the bytes of a file, exactly', async () => {
    const bytes = [0, 1, 2, 0x7f, 0x80, 0xfe, 0xff];
    await composer()
      .getByLabel('Load payload from file')
      .setInputFiles({ name: 'frame.bin', mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) });
    await expect.poll(() => composer().getByLabel('Message to send').inputValue()).toBe('00 01 02 7f 80 fe ff');
    await composer().getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => fixture.received('compose').then((r) => r.at(-1))).toEqual(bytes);
  });

  it('refuses bad hex before sending anything', async () => {
    const before = (await fixture.received('compose')).length;
    await composer().getByLabel('Payload format').selectOption('hex');
    await composer().getByLabel('Message to send').fill('de ad b');
    await composer().getByRole('button', { name: 'Send', exact: true }).click();
    await expect
      .poll(() => ui().getByRole('alert', { name: 'Action result' }).textContent())
      .toBe('Hex needs an even number of digits (two per byte)');
    expect(await fixture.received('compose')).toHaveLength(before);
  });

  it('saves templates per origin, fills the editor from one, and exports them as JSON', async () => {
    await composer().getByLabel('Payload format').selectOption('text');
    await composer().getByLabel('Message to send').fill('{"type":"subscribe","topic":"prices"}');
    await composer().getByLabel('Template name').fill('subscribe');
    await composer().getByRole('button', { name: 'Save template' }).click();
    await expect.poll(() => result().textContent()).toMatch(/^Saved template "subscribe" for ws:\/\/127\.0\.0\.1:/);
    await composer().getByLabel('Message to send').fill('');
    await composer().getByLabel('Template', { exact: true }).selectOption('subscribe');
    await expect
      .poll(() => composer().getByLabel('Message to send').inputValue())
      .toBe('{"type":"subscribe","topic":"prices"}');
    const [download] = await Promise.all([
      ui().waitForEvent('download'),
      composer().getByRole('button', { name: 'Export templates' }).click(),
    ]);
    const path = await download.path();
    const { readFile } = await import('node:fs/promises');
    const file = JSON.parse(await readFile(path, 'utf8')) as { format: string; origin: string; templates: unknown };
    expect(file).toEqual({
      format: 'websocket-lens-templates',
      version: 1,
      origin: lens.server.wsOrigin,
      templates: [{ name: 'subscribe', payload: { type: 'text', data: '{"type":"subscribe","topic":"prices"}' } }],
    });
  });
  // After the test above: "subscribe" is saved for this socket's origin.
  it('imports a templates file into the socket origin: same names replaced, new ones added, a bad file changes nothing', async () => {
    const file = (name: string, text: string) => ({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
    const importFile = composer().getByLabel('Import templates file');
    const names = async () =>
      (await composer().getByLabel('Template', { exact: true }).locator('option').allTextContents()).slice(1);
    const staging = {
      format: 'websocket-lens-templates',
      version: 1,
      origin: 'wss://staging.example.test',
      templates: [
        { name: 'subscribe', payload: { type: 'text', data: '{"type":"subscribe","topic":"news"}' } },
        { name: 'ping', payload: { type: 'binary', data: 'AAE=' } },
      ],
    };
    await importFile.setInputFiles(file('staging.json', JSON.stringify(staging)));
    await expect
      .poll(() => result().textContent())
      .toBe(
        `Imported 2 templates for ${lens.server.wsOrigin} (exported from wss://staging.example.test), 1 replacing one of the same name`,
      );
    expect(await names()).toEqual(['subscribe', 'ping']);
    await composer().getByLabel('Template', { exact: true }).selectOption('subscribe');
    await expect
      .poll(() => composer().getByLabel('Message to send').inputValue())
      .toBe('{"type":"subscribe","topic":"news"}');

    const bad = { ...staging, templates: [{ name: 'ok', payload: { type: 'text', data: 'x' } }, { name: '' }] };
    await importFile.setInputFiles(file('bad.json', JSON.stringify(bad)));
    await expect.poll(() => result().textContent()).toMatch(/^bad\.json: templates\.1\.name: /);
    await importFile.setInputFiles(file('log.har', JSON.stringify({ log: { entries: [] } })));
    await expect.poll(() => result().textContent()).toBe('log.har: This is not a WebSocket Lens templates file');
    expect(await names()).toEqual(['subscribe', 'ping']);
  });
});

describe('simulate incoming', () => {
  const simulate = async (mode: 'text' | 'hex', text: string) => {
    await composer().getByLabel('Payload format').selectOption(mode);
    await composer().getByLabel('Message to send').fill(text);
    await composer().getByRole('button', { name: 'Simulate incoming' }).click();
    await expect.poll(() => result().textContent()).toMatch(/^Delivered to the page on /);
  };

  for (const binaryType of ['blob', 'arraybuffer'] as const) {
    it(`reaches onmessage and every listener with the data type of binaryType '${binaryType}'`, async () => {
      const name = `sim-${binaryType}`;
      await fixture.connect(name, { path: 'sink', binaryType });
      await panel.select(`name=${name}`);
      await openComposer();
      await simulate('text', '{"from":"devtools"}');
      await simulate('hex', 'ca fe 00');
      const kind = binaryType === 'blob' ? 'Blob' : 'ArrayBuffer';
      const expected = ['text:{"from":"devtools"}', `${kind}:ca fe 00`];
      await expect.poll(() => fixture.messages(name, 'listener')).toEqual(expected);
      expect(await fixture.messages(name, 'onmessage')).toEqual(expected);
      expect(await fixture.received(name)).toEqual([]); // the server never saw them
      await expect
        .poll(async () => (await panel.messages()).filter((r) => r.kind === 'frame').map((r) => `${r.dir} ${r.mark}`))
        .toEqual(['received simulated', 'received simulated']);
    });
  }

  it('looks like a real message to the page in everything but isTrusted, and keeps the order with real traffic', async () => {
    await fixture.connect('sim-echo', { path: 'echo' });
    await panel.select('name=sim-echo');
    await openComposer();
    await fixture.send('sim-echo', 'real 1');
    await expect.poll(() => fixture.messages('sim-echo')).toEqual(['text:real 1']);
    await simulate('text', 'simulated');
    await fixture.send('sim-echo', 'real 2');
    await expect.poll(() => fixture.messages('sim-echo')).toEqual(['text:real 1', 'text:simulated', 'text:real 2']);
    const seen = (await fixture.seen('sim-echo')).filter((e) => e.via === 'listener');
    expect(seen.map((e) => e.origin)).toEqual(Array(3).fill(lens.server.wsOrigin));
    expect(seen.map((e) => e.trusted)).toEqual([true, false, true]); // docs/LIMITS.md
    // The timeline has them in the order the page saw them.
    await expect
      .poll(async () => (await panel.messages()).filter((r) => r.dir === 'received').map((r) => r.text))
      .toEqual(['real 1', expect.stringContaining('simulated'), 'real 2']);
  });

  it('replays a captured received frame to the page from Edit & resend', async () => {
    await row('real 2').and(ui().locator('[data-dir="received"]')).click();
    await detail().getByRole('button', { name: 'Edit & resend' }).click();
    const editor = ui().getByRole('region', { name: 'Edit & resend' });
    await editor.getByLabel('Edited payload').fill('real 2, replayed');
    await editor.getByRole('button', { name: 'Replay to page' }).click();
    await expect.poll(() => fixture.messages('sim-echo').then((m) => m.at(-1))).toBe('text:real 2, replayed');
  });
});

describe('close', () => {
  const closeGroup = () => composer().getByRole('group', { name: 'Close' });
  const closes = (name: string) => fixture.seen(name).then((seen) => seen.filter((e) => e.type === 'close'));
  const serverCloses = (name: string) => lens.server.closes.filter((c) => c.path.endsWith(`name=${name}`));
  // The browser's handshake is left out: it lands among these in the order it arrived.
  const lifecycle = async () =>
    (await panel.messages()).filter((r) => r.kind !== 'frame' && r.kind !== 'handshake').map((r) => r.text);

  it('closes from DevTools with 4321 "from devtools": the server and the page see them', async () => {
    await fixture.connect('close-real', { path: 'sink' });
    await panel.select('name=close-real');
    await openComposer();
    await closeGroup().getByLabel('Close code').fill('4321');
    await closeGroup().getByLabel('Close reason').fill('from devtools');
    await closeGroup().getByRole('button', { name: 'Close', exact: true }).click();
    await expect
      .poll(() => serverCloses('close-real'))
      .toEqual([{ path: '/sink?name=close-real', code: 4321, reason: 'from devtools' }]);
    await expect.poll(() => closes('close-real')).toHaveLength(2);
    for (const close of await closes('close-real'))
      expect(close).toMatchObject({
        code: 4321,
        reason: 'from devtools',
        wasClean: true,
        readyState: 3,
        trusted: true,
      });
    await expect
      .poll(lifecycle)
      .toEqual([
        expect.stringMatching(/^Connecting to /),
        'Open',
        'DevTools called close(4321, "from devtools")',
        'Closed 4321 "from devtools" by DevTools, clean',
      ]);
  });

  it('refuses a close code the browser would refuse, saying why', async () => {
    await fixture.connect('close-bad', { path: 'sink' });
    await panel.select('name=close-bad');
    await openComposer();
    await closeGroup().getByLabel('Close code').fill('1006');
    await closeGroup().getByRole('button', { name: 'Close', exact: true }).click();
    await expect
      .poll(() => ui().getByRole('alert', { name: 'Action result' }).textContent())
      .toBe('Failed: code: A close code must be 1000 or 3000–4999');
    expect(await fixture.state('close-bad')).toBe(1);
  });

  it("simulates a dropped connection: the page's close handlers fire once, with 1006, and the socket is closed", async () => {
    await panel.select('name=close-bad');
    await closeGroup().getByRole('button', { name: 'Simulate drop (1006)' }).click();
    await expect.poll(() => closes('close-bad')).toHaveLength(2);
    await ui().waitForTimeout(200); // no second close event follows
    const seen = await closes('close-bad');
    expect(seen.map((e) => e.via)).toEqual(['onclose', 'listener']);
    for (const close of seen) expect(close).toMatchObject({ code: 1006, reason: '', wasClean: false, readyState: 3 });
    expect((await fixture.seen('close-bad')).filter((e) => e.type === 'error')).toEqual([]); // as Chrome on a real drop
    expect(serverCloses('close-bad')).toEqual([
      { path: '/sink?name=close-bad', code: 1000, reason: 'closed for a simulated close (WebSocket Lens)' },
    ]);
    await expect
      .poll(lifecycle)
      .toEqual([
        expect.stringMatching(/^Connecting to /),
        'Open',
        'DevTools called close(1000, "closed for a simulated close (WebSocket Lens)") for a simulated close',
        'Closed 1006 by network, unclean (simulated)',
      ]);
    expect(await panel.connectionCells('name=close-bad').then((c) => c.state)).toBe('closed');
  });

  it('simulates a server close with a code and reason', async () => {
    await fixture.connect('close-server', { path: 'sink' });
    await panel.select('name=close-server');
    await openComposer();
    await closeGroup().getByLabel('Close code').fill('4000');
    await closeGroup().getByLabel('Close reason').fill('session expired');
    await closeGroup().getByRole('button', { name: 'Simulate server close' }).click();
    await expect.poll(() => closes('close-server')).toHaveLength(2);
    for (const close of await closes('close-server'))
      expect(close).toMatchObject({ code: 4000, reason: 'session expired', wasClean: true, readyState: 3 });
    await expect.poll(lifecycle).toContain('Closed 4000 "session expired" by server, clean (simulated)');
  });
});

describe('commands that cannot be done', () => {
  it('shows a clear error for a closed socket', async () => {
    await fixture.close('resend');
    await panel.select('name=resend');
    await expect.poll(() => panel.connectionCells('name=resend').then((c) => c.state)).toBe('closed');
    await row('hello').first().click();
    await detail()
      .getByRole('button', { name: /^Resend to / })
      .click();
    // Named by its URL as the list shows it, never by an internal id.
    await expect
      .poll(() => ui().getByRole('alert', { name: 'Action result' }).textContent())
      .toMatch(/^Failed: \/sink\?\S*name=resend\S* is closed$/);
  });
});
