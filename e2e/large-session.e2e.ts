/**
 * Sessions of any size reach every client (issue 15): messages to clients are
 * bounded by bytes, so a session far over Chrome's 64 MiB message cap reaches
 * the panel, the session reader and `npm run record` whole. Before, the
 * snapshot went in pages of 5,000 records and a page over the cap was lost in
 * silence: 700 binary frames of 100 KB showed no connection and 0 frames.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Har } from '../src/lib/logs';
import { readSession } from '../src/cli/session-reader';
import { DIST, startLens, type Lens } from './harness/lens';
import { bulkFrame } from './harness/server';
import { payloadText } from './harness/payload';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** `npm run record` as a user runs it, with the e2e build. */
function record(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', 'record', '--', ...args], {
      cwd: ROOT,
      env: { ...process.env, LENS_DIST: DIST },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

let lens: Lens;
let out: string;
beforeAll(async () => {
  lens = await startLens();
  out = mkdtempSync(join(tmpdir(), 'wsl-large-'));
});
afterAll(async () => {
  await lens?.shutdown();
  rmSync(out, { recursive: true, force: true });
});

const cases = [
  { name: '700 binary frames of 100 KB (67 MB)', kind: 'binary', count: 700, size: 100 * 1024 },
  { name: '6,000 JSON frames of 15 KB (88 MB)', kind: 'json', count: 6000, size: 15 * 1024 },
] as const;

/** Frame i's payload as tests compare it (payloadText, and HAR): base64 for bytes, the text itself. */
const expected = (kind: 'binary' | 'json', index: number, size: number) => {
  const frame = bulkFrame(kind, index, size);
  return typeof frame === 'string' ? frame : frame.toString('base64');
};

describe.each(cases)('a session of $name', ({ kind, count, size }) => {
  const query = `count=${count}&size=${size}&kind=${kind}`;
  let tabId: number;

  beforeAll(async () => {
    const opened = await lens.openFixture(`bulk.html?${query}`);
    tabId = opened.tabId;
    await opened.page.evaluate(() => (window as unknown as { closed: Promise<boolean> }).closed);
    const client = await lens.client();
    // Stored in the worker: every frame (the page may still be forwarding when its socket closes).
    const deadline = Date.now() + 120_000;
    while ((await client.tabs()).find((t) => t.tabId === tabId)?.frames !== count) {
      if (Date.now() > deadline) throw new Error(`the worker did not get all ${count} frames`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }, 180_000);

  it('reaches a client whole: every frame, in order, byte for byte', async () => {
    const { session } = await readSession(lens, tabId);
    const [connection, ...others] = [...session.connections.values()];
    expect(others).toEqual([]);
    expect(connection!.state).toBe('closed');
    const frames = connection!.records.flatMap((r) => (r.kind === 'frame' ? [r] : []));
    expect(frames).toHaveLength(count);
    for (let i = 0; i < count; i++) {
      const frame = frames[i]!;
      expect(frame.size).toBe(size);
      if (payloadText(frame) !== expected(kind, i, size))
        throw new Error(`frame ${i} differs from what the server sent`);
    }
  }, 120_000);

  it('reaches the panel: the connection and every frame', async () => {
    const panel = await lens.openPanel(tabId);
    await expect.poll(() => panel.connections.count(), { timeout: 60_000 }).toBe(1);
    await expect
      .poll(() => panel.connectionCells('/bulk').then((c) => c.text), { timeout: 60_000 })
      .toContain(`0 / ${count}`);
    expect((await panel.connectionCells('/bulk')).state).toBe('closed');
    await panel.page.close();
  }, 120_000);

  it('is written whole by npm run record', async () => {
    const file = join(out, `${kind}.har`);
    const { code, stderr } = await record([`${lens.server.origin}/bulk.html?${query}`, '--out', file, '--until-idle']);
    expect(code, stderr).toBe(0);
    expect(stderr).toContain(`Recorded 1 WebSocket, 0 frames sent and ${count} received`);
    const har = JSON.parse(readFileSync(file, 'utf8')) as Har;
    expect(har.log.entries).toHaveLength(1);
    const messages = har.log.entries[0]!._webSocketMessages;
    expect(messages).toHaveLength(count);
    for (let i = 0; i < count; i++)
      if (messages[i]!.data !== expected(kind, i, size)) throw new Error(`frame ${i} of the HAR differs`);
  }, 240_000);
});
