/** `websocket-lens playwright`: its options, and the bundled matcher the generated file carries, run on its own. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { exportSessionJson } from '../lib/logs/json';
import { sessionOf } from '../lib/diff/testing';
import type { createLiveMatcher } from '../lib/mock/live-matcher';
import { bundleLiveMatcher, MATCHER_GLOBAL } from './live-matcher-bundle';
import { playwrightCommand } from './playwright-export';

const dir = mkdtempSync(join(tmpdir(), 'wsl-playwright-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const rpc = (id: number, method: string, clientId: string) =>
  JSON.stringify({ jsonrpc: '2.0', id, method, params: { clientId } });
const log = join(dir, 'rpc.json');
writeFileSync(
  log,
  exportSessionJson(
    sessionOf({
      url: 'ws://h.test/rpc',
      frames: [
        ['sent', rpc(1, 'sum', 'run-1')],
        ['received', '{"jsonrpc":"2.0","id":1,"result":5}'],
      ],
    }),
  ),
);

async function run(...args: string[]) {
  let stderr = '';
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    return { status: await playwrightCommand(args), stderr };
  } finally {
    err.mockRestore();
  }
}

describe('websocket-lens playwright', () => {
  it('writes the chosen matching and the recorded decoded keys into the file', async () => {
    const out = join(dir, 'rpc.spec.mjs');
    expect((await run(log, '--match', 'decoded,json', '--ignore-path', '$.params.clientId', '-o', out)).status).toBe(0);
    const file = readFileSync(out, 'utf8');
    expect(file).toContain('"modes": [\n    "decoded",\n    "json"\n  ]');
    expect(file).toContain('"$.params.clientId"');
    expect(file).toContain('"decoded": {\n          "kind": "request",\n          "name": "sum",\n          "id": "1"');
    expect(file).toMatch(/\nvar LensMatch=/);
  }, 30_000);

  it('refuses an unknown match mode or a bad path as a usage error', async () => {
    const mode = await run(log, '--match', 'fuzzy');
    expect(mode).toMatchObject({
      status: 2,
      stderr: expect.stringContaining('--match takes exact, json and/or decoded'),
    });
    const path = await run(log, '--ignore-path', 'ts');
    expect(path).toMatchObject({ status: 2, stderr: expect.stringContaining('--ignore-path: ') });
  });
});

describe('the bundled matcher', () => {
  it('runs on its own (no imports) and matches as the mock does: decoded id kept, another id refused', async () => {
    const module = join(dir, 'matcher.mjs');
    writeFileSync(module, `${await bundleLiveMatcher()}\nexport default ${MATCHER_GLOBAL};\n`);
    expect(readFileSync(module, 'utf8')).not.toMatch(/\bimport\s*[({'"]/);
    const bundled = (await import(pathToFileURL(module).href)) as {
      default: { createLiveMatcher: typeof createLiveMatcher };
    };
    const matcher = bundled.default.createLiveMatcher({
      url: 'ws://h.test/rpc',
      protocols: [],
      decoder: 'JSON-RPC 2.0',
      modes: ['decoded'],
    });
    const steps = [
      {
        expect: {
          index: 1,
          type: 'text' as const,
          data: rpc(1, 'sum', 'run-1'),
          delayMs: 0,
          decoded: { kind: 'request', name: 'sum', id: '1' },
        },
        replies: [],
      },
    ];
    expect(matcher.find(steps, 0, matcher.read(rpc(1, 'sum', 'run-2')))).toEqual({ step: 0, mode: 'decoded' });
    expect(matcher.find(steps, 0, matcher.read(rpc(2, 'sum', 'run-2')))).toBeUndefined();
  }, 30_000);
});
