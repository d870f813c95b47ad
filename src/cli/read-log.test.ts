import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { logChunks, type LogFormat } from '../lib/logs/formats';
import { sessionOf } from '../lib/diff/testing';
import { buildMockScripts } from '../lib/mock/script';
import { readLogFile } from './read-log';

const dir = mkdtempSync(join(tmpdir(), 'wsl-read-log-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const session = sessionOf({
  url: 'ws://h.test/chat',
  frames: [
    ['sent', '{"op":"hi"}'],
    ['received', '{"ok":true}'],
    ['received', Uint8Array.of(0, 10, 13, 92, 255)],
  ],
  close: 1000,
});

function written(format: LogFormat): string {
  const path = join(dir, `chat.${format}`);
  writeFileSync(path, [...logChunks(format, session)].join(''));
  return path;
}

describe('readLogFile', () => {
  it.each(['har', 'json', 'ndjson', 'text'] as const)('reads a %s log, so every log command takes it', (format) => {
    const notes: string[] = [];
    const records = readLogFile(written(format), (line) => notes.push(line));
    const frames = (r: typeof records) => r.filter((x) => x.kind === 'frame').map((f) => [f.dir, f.type, f.data]);
    expect(frames(records)).toEqual(frames(session));
    // The mock server and the Playwright export play it the same whatever the format.
    const [script] = buildMockScripts(records);
    expect(script!.steps.map((s) => [s.expect.data, s.replies.length])).toEqual([['{"op":"hi"}', 2]]);
    // A line log says on standard error what it does not hold.
    if (format === 'ndjson' || format === 'text')
      expect(notes).toEqual([expect.stringMatching(/chat\.\w+: .*frames only/)]);
    else expect(notes).toEqual([]);
  });
});
