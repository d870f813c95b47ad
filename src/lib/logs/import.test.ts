import { describe, expect, it } from 'vitest';
import { exportHar } from './har';
import { importLog, importLogFile } from './import';
import { exportSessionJson } from './json';
import { exportNdjson, exportText } from './ndjson';
import { sampleRecords } from './testing';

function importError(text: string, fileName?: string): string {
  const result = importLog(text, fileName);
  if (result.ok) throw new Error('expected an error');
  return result.error;
}

describe('importLog: files that are not a log', () => {
  it('says a file is empty', () => {
    expect(importError('')).toBe('The file is empty.');
    expect(importError(' \n\t ', 'trace.har')).toBe('"trace.har" is empty.');
  });

  it('says where JSON is broken, in lines and columns', () => {
    expect(importError('{\n  "log": {\n    "entries": [}\n}')).toBe(
      `Not valid JSON at line 3, column 17: Unexpected token '}' (near "log": { "entries": [} }").`,
    );
    expect(importError('{"log": {"entries": []},, }')).toMatch(
      /^Not valid JSON at line 1, column 25: .* \(near ".*"\)\.$/,
    );
    expect(importError('{"a": 1}\n\nx')).toMatch(
      /^Not valid JSON at line 3, column 1: Unexpected non-whitespace character after JSON/,
    );
  });

  it('says a file was cut short, wherever the cut is', () => {
    const har = exportHar(sampleRecords());
    for (const fraction of [0.1, 0.37, 0.5, 0.81, 0.999]) {
      const cut = har.slice(0, Math.floor(har.length * fraction));
      expect(importError(cut)).toMatch(
        /^The file ends in the middle of its JSON \(after [\d,]+ characters\): it was probably cut short/,
      );
    }
    const json = exportSessionJson(sampleRecords());
    expect(importError(json.slice(0, json.lastIndexOf('}')))).toMatch(/^The file ends in the middle of its JSON/);
  });

  it('recognises compressed files', () => {
    expect(importError('\x1f\x8b\x08\x00\x00\x00', 'capture.har.gz')).toBe(
      '"capture.har.gz" is gzip-compressed: decompress it first (gunzip).',
    );
    expect(importError('PK\x03\x04rest')).toBe('The file is a ZIP archive: extract the .har or .json file first.');
    expect(importError('<!doctype html><html>')).toBe(
      'Not a HAR or a WebSocket Lens session: the file does not start with "{" but with "<!doctype html><html"….',
    );
  });

  it('says what the JSON holds when it is not a log', () => {
    expect(importError('[1, 2]')).toBe(
      'Not a HAR or a WebSocket Lens session: the file holds a JSON array, not an object.',
    );
    expect(importError('{"entries": [], "version": 1}')).toBe(
      'Not a HAR or a WebSocket Lens session: expected {"log": …} (HAR) or {"format": "websocket-lens-session", …}; this object has "entries", "version".',
    );
    expect(importError('{"format": "pcap"}')).toBe(
      'Unknown format "pcap": expected "websocket-lens-session" or a HAR file.',
    );
  });

  it('reads our line logs, and a damaged NDJSON log whose first line is the bad one', () => {
    expect(importLog(exportNdjson(sampleRecords()))).toMatchObject({ ok: true, source: 'ndjson' });
    expect(importLog(exportText(sampleRecords()))).toMatchObject({ ok: true, source: 'text-log' });
    const damaged = exportNdjson(sampleRecords()).replace('{', '{{');
    expect(importLog(damaged)).toMatchObject({
      ok: true,
      warnings: [expect.anything(), expect.stringMatching(/line 1: not JSON/)],
    });
  });

  it('accepts a byte order mark', () => {
    expect(importLog(`\ufeff${exportHar(sampleRecords())}`).ok).toBe(true);
    expect(importLog(`\ufeff${exportSessionJson(sampleRecords())}`).ok).toBe(true);
  });

  it('never throws, whatever it is given', () => {
    const samples = [
      exportHar(sampleRecords()),
      exportSessionJson(sampleRecords()),
      exportNdjson(sampleRecords()),
      exportText(sampleRecords()),
    ];
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 800; round++) {
      const base = samples[round % samples.length]!;
      const at = Math.floor(random() * base.length);
      // Damage one spot: delete a stretch, duplicate one, or swap in a random character.
      const damaged =
        round % 3 === 0
          ? base.slice(0, at) + base.slice(at + Math.floor(random() * 40))
          : round % 3 === 1
            ? base.slice(0, at) + base.slice(at - 30, at) + base.slice(at)
            : base.slice(0, at) + String.fromCharCode(Math.floor(random() * 128)) + base.slice(at + 1);
      const result = importLog(damaged);
      expect(typeof (result.ok ? result.records : result.error)).not.toBe('undefined');
    }
    for (const odd of [null, 42, {}, undefined] as unknown[]) {
      expect(importLog(odd as string)).toEqual({ ok: false, error: 'Nothing to import: expected the text of a file.' });
    }
  });
});

describe('importLogFile', () => {
  it('reads a picked file and names it in errors', async () => {
    const har = new File([exportHar(sampleRecords())], 'session.har');
    expect(await importLogFile(har)).toMatchObject({ ok: true, source: 'har' });
    expect(await importLogFile(new File(['  '], 'empty.har'))).toEqual({ ok: false, error: '"empty.har" is empty.' });
  });

  it('refuses a file too big to be a string before reading it', async () => {
    const huge = { name: 'huge.har', size: 2 ** 30, text: () => Promise.reject(new Error('read')) } as unknown as File;
    expect(await importLogFile(huge)).toEqual({
      ok: false,
      error: '"huge.har" is 1024 MiB: more than a browser can read as text (512 MiB).',
    });
  });
});

describe('importLog: a 50 MB HAR', () => {
  /** 250,000 messages (3 text of ~220 bytes, 1 binary of 100 bytes, repeated) in one entry, among HTTP entries. */
  function bigHar(): string {
    const text = JSON.stringify(
      JSON.stringify({ type: 'tick', price: 101.25, tags: ['a', 'b'], note: 'x'.repeat(150) }),
    );
    const binary = '"' + 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8g'.repeat(3) + '"';
    const messages: string[] = [];
    for (let i = 0; i < 250_000; i++) {
      const time = 1_789_000_000 + i / 1000;
      messages.push(
        i % 4 === 3
          ? `{"type":"receive","time":${time},"opcode":2,"data":${binary}}`
          : `{"type":"send","time":${time},"opcode":1,"data":${text}}`,
      );
    }
    const http = '{"startedDateTime":"2026-09-10T00:00:00Z","request":{"url":"https://big.example.test/"}}';
    return `{"log":{"version":"1.2","creator":{"name":"x","version":"1"},"entries":[${http},{"startedDateTime":"2026-09-10T00:00:00Z","request":{"url":"wss://big.example.test/"},"response":{"status":101},"_webSocketMessages":[\n${messages.join(',\n')}\n]},${http}]}}`;
  }

  it('imports every message, and says so quickly when the same file is cut short', () => {
    const har = bigHar();
    expect(har.length).toBeGreaterThan(50_000_000);
    const result = importLog(har, 'big.har');
    if (!result.ok) throw new Error(result.error);
    const frames = result.records.filter((r) => r.kind === 'frame');
    expect(frames).toHaveLength(250_000);
    expect(frames.filter((f) => f.type === 'binary')).toHaveLength(62_500);
    expect(frames.at(-1)).toMatchObject({ type: 'binary', size: 99, seq: 250_001 });
    expect(importError(har.slice(0, 31_000_000), 'big.har')).toMatch(
      /^The file ends in the middle of its JSON \(after 31,000,000 characters\)/,
    );
  }, 20_000);
});
