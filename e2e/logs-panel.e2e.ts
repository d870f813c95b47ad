/**
 * Session logs in the panel (issue 8): export HAR and our JSON, import them
 * back as a read-only view with the same connections and frames, import a HAR
 * written the way Chrome DevTools writes it, and refuse broken or huge files
 * with a clear message while the live session stays untouched.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { exportHar } from '../src/lib/logs';
import type { SessionRecord } from '../src/protocol/schema';
import { startLens, type Lens } from './harness/lens';
import type { PanelView } from './harness/panel-view';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

let lens: Lens;
let panel: PanelView;
beforeAll(async () => {
  lens = await startLens();
  const { tabId } = await lens.openFixture('mixed.html');
  panel = await lens.openPanel(tabId);
});
afterAll(async () => {
  await lens?.shutdown();
});

/** Every connection's frames as "dir type size text" lines, read through the panel UI. */
async function framesByConnection(): Promise<Record<string, string[]>> {
  const result: Record<string, string[]> = {};
  for (const name of ['json', 'text', 'bin']) {
    await panel.select(`name=${name}`);
    const rows = await panel.messages();
    result[name] = rows.filter((r) => r.kind === 'frame').map((r) => `${r.dir} ${r.type} ${r.size} ${r.text}`);
  }
  return result;
}

async function exportAs(format: 'har' | 'json'): Promise<{ name: string; text: string }> {
  await panel.page.getByLabel('Export format').selectOption(format);
  await panel.page.getByLabel('Export scope').selectOption('session');
  const [download] = await Promise.all([
    panel.page.waitForEvent('download'),
    panel.page.getByRole('button', { name: 'Export' }).click(),
  ]);
  return { name: download.suggestedFilename(), text: await readFile((await download.path())!, 'utf8') };
}

async function importFile(name: string, text: string | Buffer): Promise<void> {
  await panel.page
    .getByLabel('Import log file')
    .setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
}

const backToLive = () => panel.page.getByRole('button', { name: 'Back to live' }).click();

it('exports HAR and our JSON and imports both back with the same connections and frames', async () => {
  for (const name of ['json', 'text', 'bin']) {
    await expect.poll(() => panel.connectionCells(`name=${name}`).then((c) => c.text)).toMatch(/[12] \/ [12]/);
  }
  const live = await framesByConnection();
  // ("bin" is the row's binary badge, then the hex preview.)
  expect(live.bin).toEqual([
    'sent binary 8 binde ad be ef 41 42 00 7f',
    'received binary 8 binde ad be ef 41 42 00 7f',
  ]);

  for (const format of ['har', 'json'] as const) {
    const file = await exportAs(format);
    expect(file.name).toMatch(format === 'har' ? /\.har$/ : /\.json$/);
    if (format === 'har') {
      const har = JSON.parse(file.text) as {
        log: { entries: { _resourceType: string; _webSocketMessages: { opcode: number; data: string }[] }[] };
      };
      expect(har.log.entries.map((e) => e._resourceType)).toEqual(['websocket', 'websocket', 'websocket']);
      const binary = har.log.entries.flatMap((e) => e._webSocketMessages).filter((m) => m.opcode === 2);
      expect(binary.map((m) => m.data)).toEqual(['3q2+70FCAH8=', '3q2+70FCAH8=']);
    }
    await importFile(file.name, file.text);
    await expect
      .poll(() => panel.page.getByLabel('Imported log').textContent())
      .toContain(`Viewing ${file.name} (read-only)`);
    expect(await panel.connections.count()).toBe(3);
    expect(await framesByConnection()).toEqual(live);
    expect(await panel.page.getByRole('button', { name: 'Pause capture' }).isDisabled()).toBe(true);
    await backToLive();
    await expect.poll(() => panel.page.getByLabel('Imported log').count()).toBe(0);
    await expect.poll(() => panel.connections.count()).toBe(3);
  }
});

it('imports a HAR written the way Chrome DevTools writes WebSocket messages', async () => {
  const text = await readFile(`${FIXTURES}chrome-devtools.har`, 'utf8');
  const har = JSON.parse(text) as {
    log: {
      entries: { request: { url: string }; _webSocketMessages?: { type: string; opcode: number; data: string }[] }[];
    };
  };
  await importFile('chrome-devtools.har', text);
  await expect.poll(() => panel.connections.count()).toBe(2);
  for (const entry of har.log.entries.filter((e) => e._webSocketMessages)) {
    // Chrome writes text as is and binary as base64; the panel shows true byte sizes.
    const expected = entry
      ._webSocketMessages!.filter((m) => m.opcode === 1 || m.opcode === 2)
      .map((m) => {
        const size = m.opcode === 2 ? Buffer.from(m.data, 'base64').length : Buffer.byteLength(m.data);
        return `${m.type === 'send' ? 'sent' : 'received'} ${m.opcode === 2 ? 'binary' : 'text'} ${size}`;
      });
    await panel.select(new URL(entry.request.url).pathname);
    const rows = await panel.messages();
    expect(rows.filter((r) => r.kind === 'frame').map((r) => `${r.dir} ${r.type} ${r.size}`)).toEqual(expected);
  }
  await backToLive();
});

it('refuses a broken file with a message that says what is wrong, and leaves the live session as it was', async () => {
  const { text } = await exportAs('har');
  await importFile('cut.har', text.slice(0, Math.floor(text.length / 2)));
  await expect
    .poll(() => panel.page.getByRole('alert', { name: 'Log message' }).textContent())
    .toMatch(/^Could not import cut\.har: .+/);
  expect(await panel.page.getByLabel('Imported log').count()).toBe(0);
  expect(await panel.connections.count()).toBe(3);

  await importFile('notes.json', '{"hello": "not a log"}');
  await expect
    .poll(() => panel.page.getByRole('alert', { name: 'Log message' }).textContent())
    .toMatch(/^Could not import notes\.json: /);
  expect(await panel.connections.count()).toBe(3);
});

it('imports a 50 MB HAR without breaking the panel', async () => {
  const records: SessionRecord[] = [];
  const base = { sid: 1, conn: '1.1', frameId: 0 };
  records.push({
    ...base,
    seq: 0,
    kind: 'create',
    t: 1,
    url: 'wss://big.example/feed',
    protocols: [],
    stack: '',
    frameUrl: 'https://big.example/',
  });
  records.push({ ...base, seq: 1, kind: 'open', t: 2, protocol: '', extensions: '' });
  const payload = 'x'.repeat(180);
  for (let i = 0; i < 230_000; i++) {
    const data = `{"seq":${i},"p":"${payload}"}`;
    records.push({
      ...base,
      seq: i + 2,
      kind: 'frame',
      t: 3 + i,
      dir: 'received',
      type: 'text',
      size: data.length,
      data,
      truncated: false,
    });
  }
  const big = exportHar(records);
  expect(big.length).toBeGreaterThan(50 * 1024 * 1024);
  const path = join(await mkdtemp(join(tmpdir(), 'wsl-big-')), 'big.har');
  await writeFile(path, big);
  await panel.page.getByLabel('Import log file').setInputFiles(path);
  await expect
    .poll(() => panel.page.getByLabel('Imported log').textContent(), { timeout: 30_000 })
    .toContain('Viewing big.har');
  await expect.poll(() => panel.page.getByRole('status', { name: 'Matches' }).textContent()).toBe('230,000 frames');
  await backToLive();
  await expect.poll(() => panel.connections.count()).toBe(3);
});
