/**
 * `websocket-lens replay`, as a user runs it: a page recorded with
 * `websocket-lens record` (the built extension in headless Chromium) against
 * a server on 127.0.0.1, then replayed from Node against the same server
 * (which must see exactly the recorded client frames, in order, on time) and
 * against a changed one (the diff names the changed frame; exit 1).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLogFile } from '../src/cli/read-log';
import type { SessionRecord } from '../src/protocol/schema';
import { DIST } from './harness/lens';
import { startQuotesServer, type QuotesServer } from './harness/quotes-server';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BIN = join(ROOT, 'src/cli/bin.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function lens(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, LENS_DIST: DIST } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const bytesOf = (f: Extract<SessionRecord, { kind: 'frame' }>) =>
  f.type === 'binary' ? Buffer.from(f.data) : Buffer.from(f.data, 'utf8');

describe('websocket-lens replay', () => {
  let server: QuotesServer;
  let dir: string;
  let log: string;
  let recorded: Extract<SessionRecord, { kind: 'frame' }>[];

  beforeAll(async () => {
    if (!existsSync(join(DIST, 'manifest.json'))) throw new Error(`${DIST} is missing: run \`npm run build\` first.`);
    dir = mkdtempSync(join(tmpdir(), 'wsl-replay-'));
    server = await startQuotesServer();
    log = join(dir, 'quotes.json');
    const run = await lens(['record', `${server.origin}/replay.html`, '--json', '--out', log, '--until-idle']);
    expect(run.code, run.stderr).toBe(0);
    recorded = readLogFile(log).flatMap((r) => (r.kind === 'frame' ? [r] : []));
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('recorded the page: three client frames, four server frames, the close', () => {
    expect(recorded.filter((f) => f.dir === 'sent').map((f) => f.type)).toEqual(['text', 'binary', 'text']);
    expect(recorded.filter((f) => f.dir === 'received')).toHaveLength(4);
    expect(server.connections).toHaveLength(1);
    expect(server.closes).toEqual([4000]);
  });

  it('replays against the same server: it sees exactly the recorded client frames, in order, on time; exit 0', async () => {
    const run = await lens(['replay', log, '--ignore-path', '$.ts']);
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toContain('The server answered as recorded.');
    expect(server.connections).toHaveLength(2);
    const wire = server.connections[1]!;
    const sent = recorded.filter((f) => f.dir === 'sent');
    expect(wire.map((m) => ({ isBinary: m.isBinary, data: m.data }))).toEqual(
      sent.map((f) => ({ isBinary: f.type === 'binary', data: bytesOf(f) })),
    );
    // The page sent them 250 ms apart; the replay keeps the recorded gaps within 150 ms.
    for (let i = 1; i < sent.length; i++) {
      const recordedGap = sent[i]!.t - sent[i - 1]!.t;
      const replayedGap = wire[i]!.at - wire[i - 1]!.at;
      expect(
        Math.abs(replayedGap - recordedGap),
        `gap ${i}: recorded ${recordedGap}, replayed ${replayedGap}`,
      ).toBeLessThan(150);
    }
    // It closed as the page did.
    expect(server.closes.at(-1)).toBe(4000);
  });

  it('without the ignore rule the volatile ts is a difference; exit 1', async () => {
    const run = await lens(['replay', log, '--speed', 'max']);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toMatch(/\$\.ts: \d+ → \d+/);
  });

  it('replays against a changed server: the diff names the changed frame and field; exit 1', async () => {
    server.changed = true;
    try {
      const run = await lens(['replay', log, '--ignore-path', '$.ts', '--speed', 'max']);
      expect(run.code, run.stderr).toBe(1);
      const index = recorded.findIndex((f) => f.type === 'text' && f.data.includes('"result"')) + 1;
      expect(run.stdout).toContain(`~ frame #${index} ← text changed:`);
      expect(run.stdout).toContain('$.value: 5 → 6');
      expect(run.stdout).toContain('The server answered differently.');
      const json = await lens(['replay', log, '--ignore-path', '$.ts', '--speed', 'max', '--json']);
      expect(json.code).toBe(1);
      expect(JSON.parse(json.stdout)).toMatchObject({
        diff: { same: false, connections: [{ counts: { changed: 1 } }] },
      });
    } finally {
      server.changed = false;
    }
  });

  it('record --redact writes a HAR with the chosen fields masked, sizes kept, that imports back', async () => {
    const file = join(dir, 'redacted.har');
    const run = await lens([
      'record',
      `${server.origin}/replay.html`,
      '--out',
      file,
      '--until-idle',
      '--redact-path',
      '$.user',
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/Redacted 2 secrets \(user-path 2\)/);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('"ann"');
    expect(text).not.toContain('\\"ann\\"');
    const har = JSON.parse(text) as { log: { _webSocketLens: { redaction?: { rules: Record<string, number> } } } };
    expect(har.log._webSocketLens.redaction?.rules).toEqual({ 'user-path': 2 });
    const imported = readLogFile(file).flatMap((r) => (r.kind === 'frame' ? [r] : []));
    expect(imported.map((f) => f.size)).toEqual(recorded.map((f) => f.size));
  });

  it('exits 2 for a usage error', async () => {
    expect((await lens(['replay'])).code).toBe(2);
    expect((await lens(['replay', log, '--speed', 'fast'])).code).toBe(2);
    expect((await lens(['replay', log, '--connection', '9'])).code).toBe(2);
  });
});
