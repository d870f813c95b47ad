/**
 * Checks that the Chromium and the Firefox suites share: each browser drives
 * its own harness to the same point, and these say what must hold there.
 */
import { expect } from 'vitest';
import type { Connection } from '../../src/lib/session';
import type { MessageRow } from './panel-view';
import { payloadText } from './payload';

/** The part of a panel (Chromium's PanelView, Firefox's FirefoxPanel) the shared checks use. */
export interface PanelLike {
  connectionCells(urlPart: string): Promise<{ state: string; text: string; title: string }>;
  select(urlPart: string): Promise<void>;
  messages(): Promise<MessageRow[]>;
}

/**
 * first-inline.html's socket, as the panel shows it: text, ArrayBuffer, view and
 * Blob frames each way in order, and the server's close 4001 "bye".
 */
export async function expectFirstInlineSocket(panel: PanelLike): Promise<void> {
  const url = '/echo?closeAfter=4';
  await expect.poll(() => panel.connectionCells(url).then((c) => c.state)).toBe('closed');
  await panel.select(url);
  await expect.poll(() => panel.messages().then((rows) => rows.length)).toBe(12);
  // The browser's handshake, once, among the hook's records in the order it arrived.
  const all = await panel.messages();
  expect(all.filter((r) => r.kind === 'handshake').map((r) => r.text)).toEqual([
    expect.stringMatching(/^Handshake 101 Switching Protocols in \d+ ms$/),
  ]);
  const rows = all.filter((r) => r.kind !== 'handshake');
  const frames = rows.filter((r) => r.kind === 'frame').map((r) => `${r.dir} ${r.type} ${r.size}`);
  expect(frames).toEqual([
    'sent text 5',
    'sent binary 4',
    'sent binary 3',
    'sent binary 5',
    'received text 5',
    'received binary 4',
    'received binary 3',
    'received binary 5',
  ]);
  expect(rows.map((r) => r.kind)).toEqual(['create', 'open', ...frames.map(() => 'frame'), 'close']);
  const texts = rows.filter((r) => r.kind === 'frame').map((r) => r.text);
  expect(texts[0]).toBe('hello');
  expect(texts[1]).toContain('01 02 03 04');
  expect(texts[2]).toContain('07 06 05');
  expect(texts[3]).toContain('ca fe ba be 00');
  expect(rows.at(-1)?.text).toBe('Closed 4001 "bye" by server, clean');
  const cells = await panel.connectionCells(url);
  expect(cells.text).toContain('4001 bye');
  expect(cells.text).toContain('4 / 4');
}

/** The observation battery ran whole on both sides: the same names, at least 80, none of them broken. */
export function expectWholeBattery(without: Record<string, unknown>, withExtension: Record<string, unknown>): void {
  const names = Object.keys(without);
  expect(names.length).toBeGreaterThanOrEqual(80);
  expect(Object.keys(withExtension)).toEqual(names);
  // An observation that threw is a broken battery, not a finding.
  const broken = names.filter((name) => JSON.stringify(without[name]).includes('observationThrew'));
  expect(broken).toEqual([]);
}

/** iframes.html's two sockets, from a same-origin iframe and a script-made about:blank one, each attributed to its frame. */
export async function expectIframeSockets(panel: PanelLike, origin: string): Promise<void> {
  await expect.poll(() => panel.connectionCells('from=child').then((c) => c.text)).toContain('1 / 1');
  await expect.poll(() => panel.connectionCells('from=about-blank').then((c) => c.text)).toContain('1 / 1');
  const child = await panel.connectionCells('from=child');
  expect(child.title).toContain(`frame: ${origin}/iframe-child.html`);
  expect(child.text).toContain('iframe');
  const blank = await panel.connectionCells('from=about-blank');
  expect(blank.title).toContain('frame: about:blank');
  expect(blank.text).toContain('iframe');
}

/**
 * The sockets the transparency battery opened, as recorded: one per realm for
 * the event observations, with the page's stack and none of ours
 * (`extensionScheme`), and three used among poisoned built-ins, with every
 * payload exact. Returns the poisoned ones for the browser's own checks.
 */
export function expectBatterySockets(connections: Connection[], origin: string, extensionScheme: string): Connection[] {
  const byUrl = (part: string) => connections.filter((c) => c.url.includes(part));
  const events = byUrl('battery=events');
  expect(events.map((c) => c.frameUrl).sort()).toEqual(
    [`${origin}/transparency.html`, `${origin}/transparency.html?child`, 'about:blank'].sort(),
  );
  for (const c of events) {
    expect(c.stack).toContain('transparency-observations.js');
    expect(c.stack).not.toContain(extensionScheme);
  }
  const poisoned = byUrl('battery=poisoned');
  expect(poisoned).toHaveLength(3);
  const payloads = [
    `text 8 ${'text ✓'}`,
    `binary 3 ${Buffer.from([1, 2, 3]).toString('base64')}`,
    `binary 4 ${Buffer.from(new Uint16Array([1, 2]).buffer).toString('base64')}`,
    `binary 2 ${Buffer.from([0, 0]).toString('base64')}`,
    `binary 4 ${Buffer.from('blob').toString('base64')}`,
  ];
  for (const c of poisoned) {
    expect(c.protocols).toEqual(['chat', 'x']);
    expect(c.protocol).toBe('chat');
    const frames = c.records.flatMap((r) =>
      r.kind === 'frame' ? [`${r.dir} ${r.type} ${r.size} ${payloadText(r)}`] : [],
    );
    expect(frames).toEqual([...payloads.map((p) => `sent ${p}`), ...payloads.map((p) => `received ${p}`)]);
    expect(c.close).toEqual({ code: 4000, reason: 'poisoned', wasClean: true, by: 'page' });
  }
  return poisoned;
}

/**
 * A stack taken inside a page callback that WebSocket calls while converting
 * an argument: the native one with 1 to 4 hook frames (lines with `marker`)
 * between the callback and its caller, and nothing else changed.
 */
export function expectHookFramesBetween(native: unknown, hooked: unknown, label: string, marker: string): void {
  const ours = (hooked as string[]).filter((line) => line.includes(marker));
  expect.soft(ours.length, label).toBeGreaterThan(0);
  expect.soft(ours.length, label).toBeLessThanOrEqual(4);
  expect
    .soft(
      (hooked as string[]).filter((line) => !ours.includes(line)),
      label,
    )
    .toEqual(native);
}
