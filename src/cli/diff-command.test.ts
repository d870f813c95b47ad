/** `websocket-lens diff` run as a user runs it (the real bin in a child process): its exit codes and output. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { diffCommand } from './diff-command';
import { exportHar, exportSessionJson } from '../lib/logs';
import { sessionOf } from '../lib/diff/testing';

const BIN = fileURLToPath(new URL('./bin.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'wsl-diff-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const lens = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 30_000 });

const conversation = (reply: string) =>
  sessionOf({
    url: 'ws://h.test/chat',
    frames: [
      ['sent', '{"op":"hi"}'],
      ['received', reply],
    ],
    close: 1000,
  });

/** Runs the command in this process (quick), capturing what it prints. */
async function inProcess(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    return { status: await diffCommand(args), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('websocket-lens diff', () => {
  const a = write('a.json', exportSessionJson(conversation('{"ok":true,"ts":1}')));
  // The same session as a HAR: logs of either format compare.
  const aHar = write('a.har', exportHar(conversation('{"ok":true,"ts":2}')));
  const b = write('b.json', exportSessionJson(conversation('{"ok":false,"ts":3}')));

  it('exits 0, 1 and 2 as the real command (same, different, usage error)', { timeout: 60_000 }, () => {
    const same = lens('diff', a, aHar, '--ignore-path', '$.ts');
    expect(same.status, same.stderr).toBe(0);
    expect(same.stdout).toContain('The logs are the same.');
    const different = lens('diff', a, b, '--ignore-path', '$.ts');
    expect(different.status, different.stderr).toBe(1);
    expect(different.stdout).toContain('$.ok: true → false');
    const wrong = lens('diff', a);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toMatch(/Give two logs to compare, not 1/);
  });

  it('names the changed frame and field, as text or JSON', async () => {
    const run = await inProcess(a, b, '--ignore-path', '$.ts');
    expect(run.status, run.stderr).toBe(1);
    expect(run.stdout).toContain('~ frame #2 ← text changed:');
    expect(run.stdout).toContain('$.ok: true → false');
    const json = await inProcess(a, b, '--json');
    expect(json.status).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      same: false,
      connections: [{ status: 'changed', counts: { changed: 1, same: 1 } }],
    });
  });

  it('exits 2 for an unknown option, a bad rule or an unreadable log', async () => {
    expect((await inProcess(a, b, '--frobnicate')).status).toBe(2);
    const badPath = await inProcess(a, b, '--ignore-path', 'ts');
    expect(badPath.status).toBe(2);
    expect(badPath.stderr).toMatch(/must start with "\$"/);
    expect((await inProcess(a, b, '--ignore-regex', '(')).status).toBe(2);
    expect((await inProcess(a, join(dir, 'missing.json'))).status).toBe(2);
    const notLog = await inProcess(a, write('x.txt', 'hello'));
    expect(notLog.status).toBe(2);
    expect(notLog.stderr).toMatch(/Not a HAR/);
  });
});
