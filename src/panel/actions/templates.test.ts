import { describe, expect, it } from 'vitest';
import { remember } from './history';
import {
  MAX_IMPORTED_TEMPLATES,
  parseTemplatesFile,
  templateOrigin,
  templatesFile,
  templatesOf,
  withImported,
  withTemplate,
  withoutTemplate,
} from './templates';

const hello = { name: 'hello', payload: { type: 'text' as const, data: 'hi' } };
const bytes = { name: 'bytes', payload: { type: 'binary' as const, data: 'AAE=' } };

describe('templates', () => {
  it('are kept per socket origin', () => {
    expect(templateOrigin('wss://api.example.test:8443/feed?x=1')).toBe('wss://api.example.test:8443');
    expect(templateOrigin('ws://127.0.0.1:9000/')).toBe('ws://127.0.0.1:9000');
    const stored = { 'ws://a.test': [hello], 'ws://b.test': [bytes] };
    expect(templatesOf(stored, 'ws://b.test')).toEqual([bytes]);
    expect(templatesOf(stored, 'ws://c.test')).toEqual([]);
  });

  it('leaves out whatever is invalid in storage, and never throws on it', () => {
    const stored = { 'ws://a.test': [hello, { name: '' }, { name: 'x', payload: { type: 'binary', data: '!!' } }] };
    expect(templatesOf(stored, 'ws://a.test')).toEqual([hello]);
    for (const junk of [null, 'x', 3, [], { 'ws://a.test': 'nope' }])
      expect(templatesOf(junk, 'ws://a.test')).toEqual([]);
    expect(templatesOf({}, '__proto__')).toEqual([]);
  });

  it('replaces a template of the same name in place, appends a new one, and deletes by name', () => {
    const changed = { name: 'hello', payload: { type: 'text' as const, data: 'hey' } };
    expect(withTemplate([hello, bytes], changed)).toEqual([changed, bytes]);
    expect(withTemplate([hello], bytes)).toEqual([hello, bytes]);
    expect(withoutTemplate([hello, bytes], 'hello')).toEqual([bytes]);
  });

  it('exports a file that names its format, origin and templates', () => {
    expect(JSON.parse(templatesFile('ws://a.test', [hello]))).toEqual({
      format: 'websocket-lens-templates',
      version: 1,
      origin: 'ws://a.test',
      templates: [hello],
    });
  });
});

describe('templates import', () => {
  const fileWith = (fields: object) =>
    JSON.stringify({ format: 'websocket-lens-templates', version: 1, origin: 'ws://a.test', templates: [], ...fields });
  const errorOf = (text: string) => {
    const parsed = parseTemplatesFile(text);
    return parsed.ok ? 'no error' : parsed.error;
  };

  it('reads back what export wrote', () => {
    expect(parseTemplatesFile(templatesFile('ws://a.test', [hello, bytes]))).toEqual({
      ok: true,
      value: { format: 'websocket-lens-templates', version: 1, origin: 'ws://a.test', templates: [hello, bytes] },
    });
  });

  it('rejects a file that is not ours, or not whole, with the reason', () => {
    expect(errorOf('{"format"')).toMatch(/^Not JSON: /);
    expect(errorOf('[]')).toBe('This is not a WebSocket Lens templates file');
    expect(errorOf(JSON.stringify({ log: { entries: [] } }))).toBe('This is not a WebSocket Lens templates file');
    expect(errorOf(fileWith({ version: 2 }))).toBe(
      'version: This templates file is from a newer WebSocket Lens (version 1 is read)',
    );
    expect(errorOf(fileWith({ templates: [hello, { name: '', payload: hello.payload }] }))).toMatch(
      /^templates\.1\.name: /,
    );
    expect(errorOf(fileWith({ templates: [{ name: 'x', payload: { type: 'binary', data: '!!' } }] }))).toMatch(
      /^templates\.0\.payload\.data: /,
    );
    expect(errorOf(fileWith({ templates: Array.from({ length: MAX_IMPORTED_TEMPLATES + 1 }, () => hello) }))).toMatch(
      /^templates: /,
    );
  });

  it('saves imported templates as Save does: same name replaced in place, new ones last, counted', () => {
    const changed = { name: 'hello', payload: { type: 'text' as const, data: 'hey' } };
    const extra = { name: 'extra', payload: { type: 'text' as const, data: '{}' } };
    expect(withImported([hello, bytes], [changed, extra])).toEqual({
      templates: [changed, bytes, extra],
      added: 1,
      replaced: 1,
    });
    expect(withImported([], [])).toEqual({ templates: [], added: 0, replaced: 0 });
  });
});

describe('compose history', () => {
  it('keeps the newest first, without repeats, at most 50', () => {
    const text = (data: string) => ({ type: 'text' as const, data });
    let history = remember([], text('a'));
    history = remember(history, text('b'));
    history = remember(history, text('a'));
    expect(history).toEqual([text('a'), text('b')]);
    for (let i = 0; i < 60; i++) history = remember(history, text(String(i)));
    expect(history).toHaveLength(50);
    expect(history[0]).toEqual(text('59'));
  });
});
