/**
 * `websocket-lens mcp` as an agent runs it: the SDK's own client spawns the
 * command over stdio, which launches Chromium with the built extension; a
 * local WebSocket server that logs what it receives is the ground truth for
 * what the tools say they saw, sent and blocked.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { Har } from '../src/lib/logs';
import { DIST } from './harness/lens';
import { startAppServer, type AppServer } from './harness/app-server';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BIN = join(ROOT, 'src/cli/bin.js');

type CallResult = { isError?: boolean; content: { type: string; text: string }[]; structuredContent?: unknown };

const TOOLS = [
  'open_page',
  'list_tabs',
  'list_connections',
  'read_frames',
  'wait_for_frame',
  'send_frame',
  'simulate_incoming',
  'close_connection',
  'simulate_drop',
  'set_rules',
  'list_rules',
  'export_session',
  'summarize_connection',
];

interface FrameOut {
  seq: number;
  conn: string;
  dir: 'sent' | 'received';
  payload: { data: string; cut?: { shown: number; of: number } };
  decoded?: { protocol: string; kind?: string; name?: string; replyTo?: number };
  intercept?: { rule: string; action: string };
}

describe('websocket-lens mcp', () => {
  let app: AppServer;
  let client: Client;
  let stderr = '';
  let out: string;

  /** Calls a tool; a tool error fails the test with its message unless `expectError`. */
  const call = async <T = Record<string, unknown>>(name: string, args: Record<string, unknown> = {}): Promise<T> => {
    const result = (await client.callTool({ name, arguments: args })) as CallResult;
    if (result.isError) throw new Error(`${name} failed: ${result.content[0]?.text}\n${stderr}`);
    return result.structuredContent as T;
  };
  const callError = async (name: string, args: Record<string, unknown>): Promise<string> => {
    const result = (await client.callTool({ name, arguments: args })) as CallResult;
    expect(result.isError, `${name} should fail`).toBe(true);
    return result.content[0]!.text;
  };

  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'wsl-mcp-'));
    app = await startAppServer();
    const transport = new StdioClientTransport({
      command: 'node',
      args: [BIN, 'mcp'],
      cwd: out,
      env: { ...(process.env as Record<string, string>), LENS_DIST: DIST },
      stderr: 'pipe',
    });
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    client = new Client({ name: 'websocket-lens-e2e', version: '1.0.0' });
    await client.connect(transport);
  });
  afterAll(async () => {
    await client?.close();
    await app?.close();
    rmSync(out, { recursive: true, force: true });
  });

  it('lists its tools with descriptions and input schemas an agent can use', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([...TOOLS].sort());
    for (const tool of tools) {
      expect(tool.description!.length, tool.name).toBeGreaterThan(60);
      expect(tool.inputSchema.type).toBe('object');
    }
    const read = tools.find((t) => t.name === 'read_frames')!;
    const props = read.inputSchema.properties as Record<string, { description?: string }>;
    for (const key of ['tabId', 'conn', 'cursor', 'limit', 'text', 'regex', 'direction', 'decoded', 'maxPayloadChars'])
      expect(props[key]?.description, key).toBeTruthy();
    expect(tools.find((t) => t.name === 'send_frame')!.inputSchema.required).toEqual(['conn', 'data']);
  });

  it('opens a page, lists its connection, pages and filters its frames, waits, sends, blocks and exports', async () => {
    const opened = await call<{ tabId: number; url: string }>('open_page', { url: `${app.origin}/mcp.html` });
    expect(opened.url).toBe(`${app.origin}/mcp.html`);
    const tabId = opened.tabId;

    // The page's seven frames reach the server; the extension records them and both replies.
    await expect.poll(() => app.received.length, { timeout: 10_000 }).toBe(7);
    type Listed = {
      connections: {
        conn: string;
        url: string;
        state: string;
        decodedProtocol?: string;
        sent: { frames: number };
        received: { frames: number };
      }[];
    };
    await expect
      .poll(async () => (await call<Listed>('list_connections', { tabId })).connections[0], { timeout: 10_000 })
      .toMatchObject({
        url: `${app.wsOrigin}/app`,
        state: 'open',
        decodedProtocol: 'json-rpc',
        sent: { frames: 7 },
        received: { frames: 2 },
      });
    const { connections } = await call<Listed>('list_connections', { tabId });
    expect(connections).toHaveLength(1);
    const conn = connections[0]!.conn;

    const tabs = await call<{ tabs: { tabId: number; url: string; connections: number; frames: number }[] }>(
      'list_tabs',
    );
    expect(tabs.tabs).toContainEqual(expect.objectContaining({ tabId, url: `${app.origin}/mcp.html`, connections: 1 }));

    // Paging: three at a time, in seq order, until `more` is false; nothing lost or repeated.
    type Page = { frames: FrameOut[]; nextCursor: string; more: boolean };
    const seen: FrameOut[] = [];
    let cursor: string | undefined;
    for (let pages = 0; ; pages++) {
      expect(pages).toBeLessThan(10);
      const page: Page = await call<Page>('read_frames', { tabId, conn, limit: 3, ...(cursor && { cursor }) });
      expect(page.frames.length).toBeLessThanOrEqual(3);
      seen.push(...page.frames);
      cursor = page.nextCursor;
      if (!page.more) break;
    }
    expect(seen.map((f) => f.seq)).toEqual([...seen.map((f) => f.seq)].sort((a, b) => a - b));
    expect(seen.filter((f) => f.dir === 'sent').map((f) => f.payload.data)).toEqual(app.received);
    expect(seen.filter((f) => f.dir === 'received').map((f) => f.payload.data)).toEqual(app.sent);
    // Nothing new since: the last cursor reads an empty page.
    expect((await call<Page>('read_frames', { tabId, cursor })).frames).toEqual([]);

    // Filters: decoded names, text with direction, a regex; payloads cut and marked.
    const orders = await call<Page>('read_frames', { tabId, decoded: { name: 'order.*' } });
    expect(orders.frames.map((f) => f.dir)).toEqual(['sent', 'received']);
    expect(orders.frames[1]!.payload.data).toContain('out of stock');
    expect(orders.frames[1]!.decoded).toMatchObject({ protocol: 'json-rpc', replyTo: orders.frames[0]!.seq });
    const pings = await call<Page>('read_frames', { tabId, text: 'ping', direction: 'sent' });
    expect(pings.frames).toHaveLength(5);
    const regex = await call<Page>('read_frames', { tabId, regex: '"params":\\[[24]\\]' });
    expect(regex.frames.map((f) => JSON.parse(f.payload.data).params[0])).toEqual([2, 4]);
    const cut = await call<Page>('read_frames', { tabId, limit: 1, maxPayloadChars: 16 });
    expect(cut.frames[0]!.payload.data).toHaveLength(16);
    expect(cut.frames[0]!.payload.cut).toEqual({ shown: 16, of: app.received[0]!.length });

    // Waiting: the server pushes a frame a second after the call starts.
    const waiting = call<{ frame: FrameOut }>('wait_for_frame', { tabId, text: 'later-push', timeoutMs: 15_000 });
    setTimeout(() => app.push(JSON.stringify({ news: 'later-push' })), 1_000);
    const waited = await waiting;
    expect(waited.frame).toMatchObject({ conn, dir: 'received', payload: { data: '{"news":"later-push"}' } });
    const nothing = await callError('wait_for_frame', { tabId, text: 'never-comes', timeoutMs: 1_000 });
    expect(nothing).toMatch(/^No frame matching the filter was recorded in tab \d+ within 1 s\.$/);

    // Sending: the server receives it.
    await call('send_frame', { tabId, conn, data: 'hello from the agent' });
    await expect.poll(() => app.received.at(-1), { timeout: 10_000 }).toBe('hello from the agent');

    // A block rule: the page tries to send "secret-1", the server never gets it; "public-1" after it does.
    await call('set_rules', {
      tabId,
      rules: [{ name: 'no secrets', direction: 'sent', payload: 'secret', action: 'block' }],
    });
    const listed = await call<{ rules: { name: string; action: string; enabled: boolean }[] }>('list_rules', { tabId });
    expect(listed.rules).toEqual([expect.objectContaining({ name: 'no secrets', action: 'block', enabled: true })]);
    await new Promise((resolve) => setTimeout(resolve, 500)); // the rules reach the page's hook
    app.push(JSON.stringify({ say: 'secret-1' }));
    app.push(JSON.stringify({ say: 'public-1' }));
    await expect.poll(() => app.received.at(-1), { timeout: 10_000 }).toBe('public-1');
    expect(app.received).not.toContain('secret-1');
    const sentFrame = async (text: string) =>
      (await call<Page>('read_frames', { tabId, text, direction: 'sent' })).frames[0];
    await expect
      .poll(() => sentFrame('secret-1'), { timeout: 10_000 })
      .toMatchObject({
        intercept: { rule: 'no secrets', action: 'blocked' },
      });
    await expect.poll(() => sentFrame('public-1'), { timeout: 10_000 }).toBeTruthy();

    // The HAR holds what the server saw: every send it received (plus the one the rule blocked), every reply.
    const harPath = join(out, 'session.har');
    const exported = await call<{ path: string; frames: number }>('export_session', { tabId, path: 'session.har' });
    expect(exported.path).toBe(harPath);
    const har = JSON.parse(readFileSync(harPath, 'utf8')) as Har;
    expect(har.log.entries).toHaveLength(1);
    const messages = har.log.entries[0]!._webSocketMessages;
    expect(exported.frames).toBe(messages.length);
    expect(messages.filter((m) => m.type === 'send' && m.data !== 'secret-1').map((m) => m.data)).toEqual(app.received);
    expect(messages.filter((m) => m.data === 'secret-1')).toHaveLength(1);
    expect(messages.filter((m) => m.type === 'receive').map((m) => m.data)).toEqual(app.sent);

    // Errors are tool errors with a clear message, and the server carries on.
    expect(await callError('read_frames', { tabId, conn: 'nope.1' })).toMatch(
      new RegExp(
        `^No connection "nope\\.1" in tab ${tabId} \\(it has ${conn.replace('.', '\\.')}\\)\\. list_connections lists them\\.$`,
      ),
    );
    expect(await callError('list_connections', { tabId: 987654 })).toBe(
      'No tab 987654 in this browser. list_tabs lists the tabs.',
    );
    expect(await callError('read_frames', { tabId, text: '/(unclosed/' })).toMatch(
      /^Bad filter: Invalid regular expression: .*unclosed/,
    );
    expect(await callError('read_frames', { tabId, regex: '[' })).toMatch(/^Bad filter: Invalid regular expression/);
    expect(await callError('send_frame', { tabId, conn: 'nope.2', data: 'x' })).toMatch(/^No connection "nope\.2"/);
    expect(await callError('send_frame', { tabId, conn, data: '***', encoding: 'base64' })).toMatch(/not valid base64/);
    expect(await callError('open_page', { url: 'not a url' })).toMatch(/is not a URL/);
    const summary = await call<{
      problems: string[];
      topMessages: { name: string }[];
      intercepted: Record<string, number>;
    }>('summarize_connection', { tabId, conn });
    expect(summary.topMessages.map((m) => m.name)).toContain('order.place');
    expect(summary.intercepted).toEqual({ blocked: 1 });

    // A message simulated to the page makes it answer the server; closing is seen by the server.
    await call('simulate_incoming', { tabId, conn, data: JSON.stringify({ say: 'from-simulation' }) });
    await expect.poll(() => app.received.at(-1), { timeout: 10_000 }).toBe('from-simulation');
    await call('close_connection', { tabId, conn, code: 4000, reason: 'agent done' });
    await expect.poll(() => app.closes, { timeout: 10_000 }).toEqual([{ code: 4000, reason: 'agent done' }]);
    expect(await callError('send_frame', { tabId, conn, data: 'late' })).toMatch(/is closed/);

    // Navigating the tab starts a new page session: a new socket, and old cursors are refused.
    expect((await call<{ tabId: number }>('open_page', { tabId, url: `${app.origin}/mcp.html?again` })).tabId).toBe(
      tabId,
    );
    const openNow = async () => (await call<Listed>('list_connections', { tabId, state: 'open' })).connections;
    await expect.poll(async () => (await openNow()).length, { timeout: 10_000 }).toBe(1);
    const fresh = (await openNow())[0]!.conn;
    expect(fresh).not.toBe(conn);
    expect(await callError('read_frames', { tabId, cursor })).toMatch(/started over since that cursor/);
    // A simulated drop: the page sees 1006, unclean.
    await call('simulate_drop', { tabId, conn: fresh });
    await expect
      .poll(async () => (await call<Listed>('list_connections', { tabId })).connections.find((c) => c.conn === fresh), {
        timeout: 10_000,
      })
      .toMatchObject({ state: 'closed', close: { code: 1006, wasClean: false } });
  });

  it('writes nothing but the protocol to stdout, launching a browser included, and ends when its input closes', async () => {
    const child = spawn('node', [BIN, 'mcp'], { cwd: out, env: { ...process.env, LENS_DIST: DIST } });
    let stdout = '';
    let childErr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (childErr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const send = (message: object) => child.stdin.write(`${JSON.stringify(message)}\n`);
    send({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
    });
    send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    send({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'list_tabs', arguments: {} } });
    await expect.poll(() => stdout.split('\n').filter(Boolean).length, { timeout: 30_000 }).toBe(2);
    child.stdin.end();
    expect(await exited, childErr).toBe(0);
    const lines = stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { jsonrpc: string; id: number; result: { isError?: boolean } });
    expect(lines.map((l) => [l.jsonrpc, l.id])).toEqual([
      ['2.0', 1],
      ['2.0', 2],
    ]);
    expect(lines[1]!.result.isError, JSON.stringify(lines[1])).toBeFalsy();
    expect(childErr).toContain('launched Chromium with the extension');
  });
});
