/**
 * `npm run record` / `websocket-lens record`, run as a user runs them: the
 * real command in a child process, Chromium with the built extension, a page
 * with sockets in iframes, and the log compared with what the server received.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer } from '../src/demo/server';
import type { LocalServer } from '../src/cli/local-server';
import { ensureBuilt, isStale } from '../src/cli/extension-build';
import { exportHar, importLog } from '../src/lib/logs';
import type { Har } from '../src/lib/logs';
import { applyRecords, createSession, type Connection } from '../src/lib/session';
import type { SessionRecord } from '../src/protocol/schema';
import { DIST } from './harness/lens';
import { startTestServer, type TestServer } from './harness/server';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BIN = join(ROOT, 'src/cli/bin.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command in the repository with the e2e build of the extension (LENS_DIST), like a user would. */
function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
  onStart?: (pid: number) => void,
): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, LENS_DIST: DIST, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    onStart?.(child.pid!);
  });
}

/** A port nothing listens on (Chromium refuses some ports outright, such as 1). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const record = (args: string[], env?: NodeJS.ProcessEnv) =>
  run('npm', ['run', '--silent', 'record', '--', ...args], env);

let out: string;
beforeAll(() => {
  if (!existsSync(join(DIST, 'manifest.json'))) throw new Error(`${DIST} is missing: run \`npm run build\` first.`);
  out = mkdtempSync(join(tmpdir(), 'wsl-record-'));
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

function connectionsOf(records: SessionRecord[]): Connection[] {
  return [...applyRecords(createSession(), records).connections.values()];
}

function frames(connection: Connection, dir: 'sent' | 'received') {
  return connection.records.flatMap((r) => (r.kind === 'frame' && r.dir === dir ? [r] : []));
}

/** A frame's payload as bytes, text as UTF-8, as the server saw it. */
const bytesOf = (f: Extract<SessionRecord, { kind: 'frame' }>) =>
  f.type === 'binary' ? Buffer.from(f.data) : Buffer.from(f.data, 'utf8');

describe('npm run record: a page with iframes, into a HAR', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.close());

  it('writes every socket of the page and its iframes, with the exact frames the server saw, and stops when they are idle', async () => {
    const file = join(out, 'page.har');
    const { code, stderr } = await record([`${server.origin}/record.html`, '--out', file, '--until-idle']);
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(
      /Recorded 5 WebSockets, 10 frames sent and 10 received, on http:\/\/127\.0\.0\.1:\d+\/record\.html for [\d.]+ s .*: wrote .*page\.har \(HAR, [\d.]+ kB\)\./,
    );

    const har = JSON.parse(readFileSync(file, 'utf8')) as Har;
    expect(har.log.creator.name).toBe('WebSocket Lens');
    const byFrom = new Map(har.log.entries.map((e) => [new URL(e.request.url).searchParams.get('from'), e]));
    expect([...byFrom.keys()].sort()).toEqual(['blank', 'child', 'cross', 'late', 'top']);

    for (const [from, entry] of byFrom) {
      expect(entry._resourceType).toBe('websocket');
      const wire = server.received.filter((m) => m.path.includes(`from=${from}&`));
      expect(wire.length, from!).toBeGreaterThan(0);
      // What the page sent is what the server received, byte for byte; the echoes come back the same.
      const sent = entry._webSocketMessages.filter((m) => m.type === 'send');
      const received = entry._webSocketMessages.filter((m) => m.type === 'receive');
      const asWire = (m: { opcode: number; data: string }) => ({
        isBinary: m.opcode === 2,
        data: Buffer.from(m.data, m.opcode === 2 ? 'base64' : 'utf8'),
      });
      expect(sent.map(asWire), from!).toEqual(wire.map((m) => ({ isBinary: m.isBinary, data: m.data })));
      expect(received.map(asWire), from!).toEqual(wire.map((m) => ({ isBinary: m.isBinary, data: m.data })));
      for (const m of entry._webSocketMessages)
        expect(Object.keys(m).slice(0, 4)).toEqual(['type', 'time', 'opcode', 'data']);
    }
    // The command's client connects before the page loads, so Chrome gave every handshake header.
    const topRequest = byFrom.get('top')!.request;
    expect(topRequest.headers.find((h) => h.name === 'Origin')?.value).toBe(server.origin);
    expect(topRequest.comment).toBeUndefined();
    const top = byFrom.get('top')!._webSocketMessages.filter((m) => m.type === 'send');
    expect(top.map((m) => Buffer.from(m.data, m.opcode === 2 ? 'base64' : 'utf8').length)).toEqual([37, 256, 65536, 3]);

    // Imported back: each socket attributed to its frame, with its close.
    const imported = importLog(readFileSync(file, 'utf8'));
    if (!imported.ok) throw new Error(imported.error);
    const connections = new Map(
      connectionsOf(imported.records).map((c) => [new URL(c.url).searchParams.get('from'), c]),
    );
    expect(connections.get('top')!.frameId).toBe(0);
    expect(connections.get('late')!.frameId).toBe(0);
    const iframes = ['child', 'cross', 'blank'].map((f) => connections.get(f)!.frameId);
    expect(new Set(iframes).size).toBe(3);
    expect(iframes).not.toContain(0);
    expect(connections.get('cross')!.frameUrl).toMatch(/^http:\/\/localhost:\d+\/record-child\.html\?from=cross$/);
    expect(connections.get('blank')!.frameUrl).toBe('about:blank');
    expect(connections.get('top')!.close).toEqual({ code: 4001, reason: 'done', wasClean: true, by: 'server' });
    for (const c of connections.values()) expect(c.state).toBe('closed');
  });

  it('stops at the first Ctrl+C and still writes what it recorded', async () => {
    const file = join(out, 'interrupted.har');
    const before = server.received.length;
    let pid = 0;
    const running = run(
      'node',
      [BIN, 'record', `${server.origin}/record.html`, '-o', file, '--duration', '120'],
      {},
      (p) => (pid = p),
    );
    await expect.poll(() => server.received.length - before, { timeout: 20_000 }).toBe(10);
    await new Promise((resolve) => setTimeout(resolve, 500));
    process.kill(pid, 'SIGINT');
    const { code, stderr } = await running;
    expect(code, stderr).toBe(0);
    expect(stderr).toContain('Stopping: writing what was recorded so far');
    expect(stderr).toMatch(/Recorded 5 WebSockets, 10 frames sent and 10 received/);
    expect((JSON.parse(readFileSync(file, 'utf8')) as Har).log.entries).toHaveLength(5);
  });
});

describe('websocket-lens record: the bundled demo, into our JSON', () => {
  let demo: LocalServer;
  beforeAll(async () => {
    demo = await startDemoServer();
  });
  afterAll(() => demo?.close());

  it('keeps the lifecycle, close codes and binary bytes, and round-trips through HAR', async () => {
    const file = join(out, 'demo.json');
    const { code, stderr } = await run('node', [
      BIN,
      'record',
      `${demo.origin}/`,
      '--json',
      '--duration',
      '4',
      '-o',
      file,
    ]);
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(
      /Recorded 5 WebSockets \(\d still open\), \d+ frames sent and \d+ received, .*\(JSON, [\d.]+ kB\)\./,
    );

    const imported = importLog(readFileSync(file, 'utf8'), 'demo.json');
    if (!imported.ok) throw new Error(imported.error);
    expect(imported.source).toBe('websocket-lens-json');
    expect(imported.meta.pageUrl).toBe(`${demo.origin}/`);
    const byPath = new Map(connectionsOf(imported.records).map((c) => [new URL(c.url).pathname, c]));
    expect([...byPath.keys()].sort()).toEqual(['/chat', '/offline', '/session', '/socket.io/', '/ticks']);
    expect(byPath.get('/session')!.close).toEqual({
      code: 4000,
      reason: 'session expired',
      wasClean: true,
      by: 'server',
    });
    expect(byPath.get('/offline')!.error).toBe(true);
    expect(byPath.get('/offline')!.close?.code).toBe(1006);
    expect(byPath.get('/chat')!.stack).toMatch(/at http:\/\/127\.0\.0\.1:\d+\/:\d+:\d+/);
    const ticks = byPath.get('/ticks')!;
    expect([...bytesOf(frames(ticks, 'sent')[0]!)]).toEqual([1, 2, 3, 4]);
    const received = frames(ticks, 'received').map((f) => [...bytesOf(f)]);
    expect(received).toContainEqual([0x50, 0x4f, 0x4e, 0x47, 1, 2, 3, 4]);
    expect(received.filter((b) => b.length === 16).length).toBeGreaterThan(5);

    // The same session through HAR and back: the same connections and frames, exact bytes.
    const again = importLog(exportHar(imported.records, imported.meta));
    if (!again.ok) throw new Error(again.error);
    const shape = (records: SessionRecord[]) =>
      connectionsOf(records).map((c) => ({
        url: c.url,
        close: c.close,
        frames: c.records.flatMap((r) => (r.kind === 'frame' ? [[r.dir, r.type, r.size, r.data]] : [])),
      }));
    expect(shape(again.records)).toEqual(shape(imported.records));
  });
});

describe('record: errors and help', () => {
  it('refuses a bad URL before launching anything (exit 2)', async () => {
    const { code, stderr } = await record(['not-a-url', '-o', join(out, 'bad.har')]);
    expect(code).toBe(2);
    expect(stderr).toContain(
      'websocket-lens record: "not-a-url" is not a URL. Give the scheme too, e.g. http://not-a-url',
    );
    expect((await record(['ws://127.0.0.1:1/socket'])).stderr).toContain(
      'is a WebSocket URL: give the URL of the page',
    );
  });

  it('says when the page cannot be reached (exit 1) and writes nothing', async () => {
    const file = join(out, 'unreachable.har');
    const url = `http://127.0.0.1:${await closedPort()}/`;
    const { code, stderr } = await record([url, '-o', file]);
    expect(code).toBe(1);
    expect(stderr).toContain(
      `websocket-lens record: Could not open ${url}: net::ERR_CONNECTION_REFUSED. Is the server running, and the address right?`,
    );
    expect(readdirSync(out).filter((f) => f.startsWith('unreachable') || f.includes('.partial'))).toEqual([]);
  });

  it('says when there is no browser, with the install hint (exit 1)', async () => {
    const { code, stderr } = await record(['http://127.0.0.1:1/'], { CHROMIUM_PATH: '/nowhere/chromium' });
    expect(code).toBe(1);
    expect(stderr).toContain('websocket-lens record: CHROMIUM_PATH=/nowhere/chromium does not exist.');
    expect(stderr).toContain('sudo apt-get install -y chromium');
  });

  it('explains itself with --help', async () => {
    const { code, stdout } = await run('node', [BIN, 'record', '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: websocket-lens record <url> [options]');
    for (const option of [
      '--out',
      '--json',
      '--duration',
      '--until-idle',
      '--max-duration',
      '--extension',
      'CHROMIUM_PATH',
    ])
      expect(stdout).toContain(option);
    expect((await run('node', [BIN])).code).toBe(2);
  });
});

describe('building the extension for the command line', () => {
  it('builds a missing extension, and not again while it is fresh', async () => {
    const dir = join(out, 'dist-built');
    expect(isStale(dir)).toBe(true);
    expect(await ensureBuilt(dir)).toBe(true);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { content_scripts: unknown[] };
    expect(manifest.content_scripts).toHaveLength(2);
    const built = statSync(join(dir, 'manifest.json')).mtimeMs;
    expect(await ensureBuilt(dir)).toBe(false);
    expect(statSync(join(dir, 'manifest.json')).mtimeMs).toBe(built);
  });
});
