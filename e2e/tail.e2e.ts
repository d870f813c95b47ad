/**
 * `websocket-lens list`, `tail` and `export` against a browser the user
 * started: the test runs Chromium itself with `--remote-debugging-port=0` and
 * the built extension (as a user would, with 9222), opens the app page over
 * the DevTools HTTP endpoint, and the commands reach it with --browser-url.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserArgs, findChromium } from '../src/cli/chromium';
import type { Har } from '../src/lib/logs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { DIST } from './harness/lens';
import { startAppServer, type AppServer } from './harness/app-server';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BIN = join(ROOT, 'src/cli/bin.js');

interface Running {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  done: Promise<number | null>;
}

function start(args: string[]): Running {
  const child = spawn('node', [BIN, ...args], { cwd: ROOT, env: { ...process.env, LENS_DIST: DIST } });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<number | null>((resolve) => child.on('close', resolve));
  return { child, stdout: () => stdout, stderr: () => stderr, done };
}

/** Waits in a hook, where expect.poll may not run. */
async function until(what: string, check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function run(args: string[]) {
  const running = start(args);
  const code = await running.done;
  return { code, stdout: running.stdout(), stderr: running.stderr() };
}

describe('websocket-lens tail, list and export against a connected Chromium', () => {
  let app: AppServer;
  let chromium: ChildProcess;
  let profile: string;
  let browserUrl: string;
  let tabId: number;

  beforeAll(async () => {
    if (!existsSync(join(DIST, 'manifest.json'))) throw new Error(`${DIST} is missing: run \`npm run build\` first.`);
    app = await startAppServer();
    profile = mkdtempSync(join(tmpdir(), 'wsl-tail-'));
    chromium = spawn(
      findChromium(),
      [
        ...browserArgs([
          `--disable-extensions-except=${DIST}`,
          `--load-extension=${DIST}`,
          '--remote-debugging-port=0',
          '--headless=new',
          `--user-data-dir=${profile}`,
        ]),
        'about:blank',
      ],
      { stdio: 'ignore' },
    );
    const portFile = join(profile, 'DevToolsActivePort');
    await until(
      'DevToolsActivePort',
      () => existsSync(portFile) && readFileSync(portFile, 'utf8').includes('\n'),
      15_000,
    );
    browserUrl = `http://127.0.0.1:${readFileSync(portFile, 'utf8').split('\n')[0]}`;
    // The user's own page, opened as they would (here over the DevTools HTTP endpoint).
    const opened = await fetch(`${browserUrl}/json/new?${app.origin}/mcp.html`, { method: 'PUT' });
    expect(opened.ok).toBe(true);
    await until("the page's seven frames at the server", () => app.received.length === 7, 15_000);
  });
  afterAll(async () => {
    // The profile can be removed only once Chromium has stopped writing to it.
    if (chromium && chromium.exitCode === null) {
      const exited = new Promise((resolve) => chromium.once('exit', resolve));
      chromium.kill();
      await exited;
    }
    await app?.close();
    // Chromium's helper processes can outlive the main one by a moment and still write there.
    if (profile)
      try {
        rmSync(profile, { recursive: true, force: true, maxRetries: 20, retryDelay: 250 });
      } catch (error) {
        console.warn(`left the test profile ${profile} behind:`, error);
      }
  });

  it('lists the tab and its connection', async () => {
    let listed: { tabs: { tabId: number; url: string; connections: { url: string; sent: { frames: number } }[] }[] } = {
      tabs: [],
    };
    await expect
      .poll(
        async () => {
          const { code, stdout, stderr } = await run(['list', '--browser-url', browserUrl, '--json']);
          expect(code, stderr).toBe(0);
          listed = JSON.parse(stdout) as typeof listed;
          return listed.tabs.find((t) => t.url === `${app.origin}/mcp.html`)?.connections[0]?.sent.frames;
        },
        { timeout: 20_000 },
      )
      .toBe(7);
    const tab = listed.tabs.find((t) => t.url === `${app.origin}/mcp.html`)!;
    expect(tab.connections).toHaveLength(1);
    expect(tab.connections[0]!.url).toBe(`${app.wsOrigin}/app`);
    tabId = tab.tabId;
    const text = await run(['list', '--browser-url', browserUrl, '--tab', String(tabId)]);
    expect(text.stdout).toMatch(
      new RegExp(
        `^tab ${tabId}  ${app.origin}/mcp\\.html .* 1 WebSocket\\n  \\S+  open  ${app.wsOrigin}/app  json-rpc  sent 7`,
      ),
    );
  });

  it('prints new frames as NDJSON as they happen, and exits at --until', async () => {
    expect(tabId).toBeDefined();
    const started = Date.now();
    const tail = start(['tail', '--browser-url', browserUrl, '--tab', String(tabId), '--until', '12']);
    await expect.poll(() => tail.stderr(), { timeout: 15_000 }).toContain(`following tab ${tabId}`);
    const lines = () =>
      tail
        .stdout()
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { seq: number; dir: string; data: string; url: string; conn: string });

    // Each frame shows up before the next is pushed; the seven old frames never do.
    for (const n of [1, 2, 3]) {
      app.push(JSON.stringify({ tick: n }));
      await expect.poll(() => lines().length, { timeout: 8_000 }).toBe(n);
      expect(lines()[n - 1]).toMatchObject({ dir: 'received', data: `{"tick":${n}}`, url: `${app.wsOrigin}/app` });
    }
    // The page answers a push with a frame of its own: sent frames follow too.
    app.push(JSON.stringify({ say: 'tail sees this' }));
    await expect.poll(() => lines().at(-1)?.data, { timeout: 8_000 }).toBe('tail sees this');
    expect(lines().map((l) => l.dir)).toEqual(['received', 'received', 'received', 'received', 'sent']);
    const seqs = lines().map((l) => l.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));

    const code = await tail.done;
    expect(code, tail.stderr()).toBe(0);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThan(11_000);
    expect(elapsed).toBeLessThan(25_000);
    // The user's browser is still there, with its tab.
    const targets = (await (await fetch(`${browserUrl}/json/list`)).json()) as { url: string }[];
    expect(targets.map((t) => t.url)).toContain(`${app.origin}/mcp.html`);
    expect(targets.filter((t) => t.url.startsWith('chrome-extension://') && t.url.includes('panel'))).toEqual([]);
  });

  it('filters what it follows, and exports the tab as a HAR', async () => {
    const tail = start([
      'tail',
      '--browser-url',
      browserUrl,
      '--tab',
      String(tabId),
      '--direction',
      'sent',
      '--until',
      '6',
    ]);
    await expect.poll(() => tail.stderr(), { timeout: 15_000 }).toContain(`following tab ${tabId}`);
    app.push(JSON.stringify({ tick: 99 }));
    app.push(JSON.stringify({ say: 'only sent frames' }));
    expect(await tail.done, tail.stderr()).toBe(0);
    expect(
      tail
        .stdout()
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { data: string }).data),
    ).toEqual(['only sent frames']);

    const out = join(profile, 'tab.har');
    const exported = await run(['export', '--browser-url', browserUrl, '--tab', String(tabId), '-o', out]);
    expect(exported.code, exported.stderr).toBe(0);
    const messages = (JSON.parse(readFileSync(out, 'utf8')) as Har).log.entries[0]!._webSocketMessages;
    expect(messages.filter((m) => m.type === 'send').map((m) => m.data)).toEqual(app.received);
    expect(messages.filter((m) => m.type === 'receive').map((m) => m.data)).toEqual(app.sent);
  });

  it('serves an MCP client from the connected browser, refusing tabs other than --tab', async () => {
    const transport = new StdioClientTransport({
      command: 'node',
      args: [BIN, 'mcp', '--browser-url', browserUrl, '--tab', String(tabId)],
      cwd: ROOT,
      env: { ...(process.env as Record<string, string>), LENS_DIST: DIST },
      stderr: 'pipe',
    });
    const client = new Client({ name: 'websocket-lens-e2e', version: '1.0.0' });
    await client.connect(transport);
    try {
      type Result = { isError?: boolean; content: { text: string }[]; structuredContent?: Record<string, unknown> };
      const call = async (name: string, args: Record<string, unknown> = {}) =>
        (await client.callTool({ name, arguments: args })) as Result;
      const tabs = await call('list_tabs');
      expect(tabs.isError, tabs.content[0]?.text).toBeFalsy();
      expect((tabs.structuredContent!.tabs as { tabId: number }[]).map((t) => t.tabId)).toEqual([tabId]);
      // No tabId needed: the only --tab is the default.
      const connections = await call('list_connections');
      expect((connections.structuredContent!.connections as { url: string }[])[0]!.url).toBe(`${app.wsOrigin}/app`);
      const other = await call('read_frames', { tabId: tabId + 1000 });
      expect(other.isError).toBe(true);
      expect(other.content[0]!.text).toBe(
        `Tab ${tabId + 1000} is not one this server was started for (--tab ${tabId}): it is refused.`,
      );
      // The user's tab (not opened by the server) can be navigated; its new page's socket is recorded.
      const navigated = await call('open_page', { tabId, url: `${app.origin}/mcp.html?navigated` });
      expect(navigated.isError, navigated.content[0]?.text).toBeFalsy();
      expect(navigated.structuredContent).toMatchObject({ tabId, url: `${app.origin}/mcp.html?navigated` });
      await expect
        .poll(
          async () =>
            ((await call('list_connections')).structuredContent!.connections as { sent: { frames: number } }[])[0]?.sent
              .frames,
          { timeout: 10_000 },
        )
        .toBe(7);
      const open = await call('open_page', { url: `${app.origin}/mcp.html` });
      expect(open.isError).toBe(true);
      expect(open.content[0]!.text).toMatch(/only the tabs given with --tab/);
    } finally {
      await client.close();
    }
  });

  it('explains an unknown connection, a browser without a debugging port and a bad flag', async () => {
    const wrong = await run(['tail', '--browser-url', browserUrl, '--tab', String(tabId), '--conn', 'nope.1']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('No connection "nope.1"');
    const closed = await run(['list', '--browser-url', 'http://127.0.0.1:9']);
    expect(closed.code).toBe(1);
    expect(closed.stderr).toContain('Could not connect to a browser at http://127.0.0.1:9');
    const bad = await run(['tail', '--until', 'soon', '--browser-url', browserUrl]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--until takes a number of seconds');
  });

  it('exports from a browser it launches itself (--url), as NDJSON on stdout', async () => {
    const before = app.received.length;
    const { code, stdout, stderr } = await run([
      'export',
      '--url',
      `${app.origin}/mcp.html?launched`,
      '--duration',
      '2',
      '--format',
      'ndjson',
      '--direction',
      'sent',
      '-o',
      '-',
    ]);
    expect(code, stderr).toBe(0);
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { dir: string; data: string });
    expect(lines.map((l) => l.data)).toEqual(app.received.slice(before, before + 7));
    expect(stderr).toMatch(/wrote standard output \(ndjson, \d+ B\): 1 connection\(s\), 7 frame\(s\) of tab \d+\./);
  });
});
