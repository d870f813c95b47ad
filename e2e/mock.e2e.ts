/**
 * `websocket-lens mock` and `websocket-lens playwright`, as a user runs them:
 * a page recorded with `websocket-lens record` against e2e/harness/quotes-server.ts;
 * then, with that server stopped, the mock built from the recording serves the
 * same page, which behaves as recorded (checked on the page), and the generated
 * Playwright file runs green with `node --test` (playwright-core, the system
 * Chromium) and no real server, also for a page whose client frames carry
 * ids that change every run (matched by decoded kind, name and id, or as
 * JSON with those ids ignored).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium } from '../src/cli/chromium';
import { sessionOf } from '../src/lib/diff/testing';
import { exportNdjson } from '../src/lib/logs/ndjson';
import { DIST } from './harness/lens';
import { startQuotesServer } from './harness/quotes-server';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BIN = join(ROOT, 'src/cli/bin.js');
const FIXTURES = join(ROOT, 'e2e/fixtures');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, LENS_DIST: DIST } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** What the page shows after talking to the real server (e2e/fixtures/replay.html). */
const AS_RECORDED = ['welcome ann', 'tick 1', 'bytes 255,254,253,128,2,1,0', 'result 5', 'closed 4000'];

let dir: string;
let log: string;
let pageUrl: string;

beforeAll(async () => {
  if (!existsSync(join(DIST, 'manifest.json'))) throw new Error(`${DIST} is missing: run \`npm run build\` first.`);
  dir = mkdtempSync(join(tmpdir(), 'wsl-mock-'));
  log = join(dir, 'quotes.json');
  const server = await startQuotesServer();
  try {
    pageUrl = `${server.origin}/replay.html`;
    const recorded = await run(process.execPath, [BIN, 'record', pageUrl, '--json', '--out', log, '--until-idle']);
    expect(recorded.code, recorded.stderr).toBe(0);
  } finally {
    // From here on there is no real server.
    await server.close();
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('websocket-lens mock', () => {
  let mock: ChildProcessWithoutNullStreams | undefined;
  let stderr = '';
  afterAll(() => {
    if (mock && mock.exitCode === null) mock.kill('SIGTERM');
  });

  it('serves the original page, which behaves as recorded', async () => {
    mock = spawn(process.execPath, [BIN, 'mock', log, '--static', FIXTURES], { cwd: ROOT });
    mock.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const wsOrigin = await new Promise<string>((resolve, reject) => {
      let out = '';
      mock!.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('\n')) resolve(out.split('\n')[0]!.trim());
      });
      mock!.on('exit', (code) => reject(new Error(`mock exited with ${code}: ${stderr}`)));
    });
    expect(wsOrigin).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    expect(stderr).toContain('/quotes?room=7  (3 client frames');

    const browser = await chromium.launch({ executablePath: findChromium(), headless: true });
    try {
      const page = await browser.newPage();
      await page.goto(`${wsOrigin.replace('ws:', 'http:')}/replay.html`);
      await page.waitForFunction(() => document.title === 'done', undefined, { timeout: 15_000 });
      expect((await page.textContent('#log'))!.split('\n')).toEqual(AS_RECORDED);
    } finally {
      await browser.close();
    }
    expect(stderr).toContain('/quotes?room=7: playing recorded connection');
    expect(stderr).not.toContain('mismatch');
    mock.kill('SIGTERM');
    expect(await new Promise((resolve) => mock!.on('exit', resolve))).toBe(0);
  });
});

describe('websocket-lens playwright', () => {
  it('writes a test file that runs green under node --test with no real server', async () => {
    const generated = join(ROOT, 'e2e', `.generated-${process.pid}`);
    mkdirSync(generated, { recursive: true });
    try {
      const file = join(generated, 'quotes.spec.mjs');
      const exported = await run(process.execPath, [BIN, 'playwright', log, '--out', file]);
      expect(exported.code, exported.stderr).toBe(0);
      const text = readFileSync(file, 'utf8');
      expect(text).toContain('page.routeWebSocket');
      expect(text).toContain(`export const PAGE_URL = ${JSON.stringify(pageUrl)}`);
      const test = await run(process.execPath, ['--test', file]);
      expect(test.code, `${test.stdout}\n${test.stderr}`).toBe(0);
      expect(test.stdout).toMatch(/# pass 1/);
    } finally {
      rmSync(generated, { recursive: true, force: true });
    }
  });
});

/**
 * A JSON-RPC page whose requests carry a client id and a time that change on
 * every run: the recording (an NDJSON log) has others, so only matching by the
 * decoded method and request id, or JSON with those fields ignored, finds them.
 */
const RPC_PAGE = `<!doctype html><title>rpc</title><pre id="log"></pre><script>
  const clientId = Math.random().toString(36).slice(2); // (randomUUID needs a secure context)
  const lines = [];
  const ws = new WebSocket('ws://rpc.test/rpc');
  const call = (id, method, params) => ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, params: { ...params, clientId, at: Date.now() } }));
  ws.onopen = () => call(1, 'sum', { args: [2, 3] });
  ws.onmessage = (event) => {
    const reply = JSON.parse(event.data);
    lines.push(reply.id + ' ' + reply.result);
    document.getElementById('log').textContent = lines.join('\\n');
    if (reply.id === 1) call(2, 'bye', {});
    else document.title = 'done';
  };
</script>`;

/** The user's own test: the real page against routeRecordedSocket from the generated file. */
const USER_SPEC = (generated: string) => `import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { PAGE_URL, routeRecordedSocket } from './${generated}';

test('the page gets the recorded answers though its ids are new', async () => {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true });
  try {
    const page = await browser.newPage();
    const { mismatches } = await routeRecordedSocket(page);
    await page.route(PAGE_URL, (route) => route.fulfill({ contentType: 'text/html', body: ${JSON.stringify(RPC_PAGE)} }));
    await page.goto(PAGE_URL);
    await page.waitForFunction(() => document.title === 'done', undefined, { timeout: 5000 });
    assert.equal(await page.textContent('#log'), '1 5\\n2 ok');
    assert.deepEqual(mismatches, []);
  } finally {
    await browser.close();
  }
});
`;

describe('websocket-lens playwright: client ids that change between runs', () => {
  const sent = (id: number, method: string, params: object) =>
    JSON.stringify({
      jsonrpc: '2.0',
      id,
      method,
      params: { ...params, clientId: 'recorded-run', at: 1_700_000_000_000 },
    });

  it.each([
    ['decoded', []],
    ['json', ['--ignore-path', '$.params.clientId', '--ignore-path', '$.params.at']],
    // Without either, nothing matches: the page waits for answers that never come.
    ['exact', []],
  ] as const)(
    '--match %s',
    async (mode, ignore) => {
      const generated = join(ROOT, 'e2e', `.generated-rpc-${process.pid}-${mode}`);
      mkdirSync(generated, { recursive: true });
      try {
        const log = join(generated, 'rpc.ndjson');
        writeFileSync(
          log,
          exportNdjson(
            sessionOf({
              url: 'ws://rpc.test/rpc',
              frames: [
                ['sent', sent(1, 'sum', { args: [2, 3] })],
                ['received', '{"jsonrpc":"2.0","id":1,"result":5}'],
                ['sent', sent(2, 'bye', {})],
                ['received', '{"jsonrpc":"2.0","id":2,"result":"ok"}'],
              ],
            }),
          ),
        );
        const exported = await run(process.execPath, [
          BIN,
          'playwright',
          log,
          '--match',
          mode,
          ...ignore,
          '--out',
          join(generated, 'rpc.spec.mjs'),
        ]);
        expect(exported.code, exported.stderr).toBe(0);
        writeFileSync(join(generated, 'page.test.mjs'), USER_SPEC('rpc.spec.mjs'));
        const test = await run(process.execPath, ['--test', join(generated, 'page.test.mjs')]);
        if (mode === 'exact') {
          expect(test.code).not.toBe(0);
          expect(test.stdout).toMatch(/# pass 1\n# fail 1/); // the generated file's own test speaks the recorded frames
        } else {
          expect(test.code, `${test.stdout}\n${test.stderr}`).toBe(0);
          expect(test.stdout).toMatch(/# pass 2/);
        }
      } finally {
        rmSync(generated, { recursive: true, force: true });
      }
    },
    60_000,
  );
});
