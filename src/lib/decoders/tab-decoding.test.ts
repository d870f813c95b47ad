import { describe, expect, it } from 'vitest';
import type { SessionRecord } from '../../protocol/schema';
import { TabDecoding } from './tab-decoding';
import { wordsDecoder } from './testing';

const decoders = [wordsDecoder];

function records(): SessionRecord[] {
  const list: SessionRecord[] = [];
  const at = { sid: 1, frameId: 0 };
  const add = (record: Record<string, unknown>) =>
    list.push({ ...at, seq: list.length, t: 1000 + list.length, ...record } as SessionRecord);
  const text = (conn: string, data: string, dir = 'sent') =>
    add({ conn, kind: 'frame', dir, type: 'text', size: data.length, truncated: false, data });
  add({ conn: '1.1', kind: 'create', url: 'ws://a.test/words', protocols: [], stack: '', frameUrl: 'http://a.test/' });
  add({
    conn: '1.2',
    kind: 'create',
    url: 'ws://a.test/plain',
    protocols: ['x'],
    stack: '',
    frameUrl: 'http://a.test/',
  });
  add({ conn: '1.1', kind: 'open', protocol: '', extensions: '' });
  text('1.1', 'call sum 1');
  text('1.2', 'hello');
  text('1.1', 'result sum 1', 'received');
  add({ conn: '1.1', kind: 'close', code: 1000, reason: '', wasClean: true, by: 'page' });
  return list;
}

describe('TabDecoding', () => {
  it("reads each connection with its own decoder, and pairs within a connection's frames", () => {
    const decoding = new TabDecoding({ decoders });
    expect(decoding.update(records())).toBe(true);
    expect(decoding.get(3)).toMatchObject({ messages: [{ kind: 'call', name: 'sum', replies: [5] }] });
    expect(decoding.get(5)).toMatchObject({ messages: [{ kind: 'result', replyTo: 3 }] });
    expect(decoding.get(4)).toBeUndefined(); // /plain: no decoder knows it (yet)
    expect(decoding.connections.get('1.1')!.decoder).toBe(wordsDecoder);
  });

  it('reads only what arrived since the last update', () => {
    const all = records();
    const decoding = new TabDecoding({ decoders });
    decoding.update(all.slice(0, 4));
    expect(decoding.get(3)).toMatchObject({ messages: [{ kind: 'call' }] });
    expect(decoding.update(all.slice(0, 4))).toBe(false);
    decoding.update(all);
    expect(decoding.get(5)).toMatchObject({ messages: [{ replyTo: 3 }] });
  });

  it("follows the user's choice per connection", () => {
    const decoding = new TabDecoding({
      decoders,
      choose: (info) => (info.url.endsWith('/words') ? null : wordsDecoder),
    });
    decoding.update(records());
    expect(decoding.get(3)).toBeUndefined();
    expect(decoding.get(4)).toMatchObject({ messages: [{ kind: 'hello' }] });
  });

  it('ignores records of connections it never saw created', () => {
    const decoding = new TabDecoding({ decoders });
    expect(decoding.update(records().slice(2))).toBe(false);
  });
});

describe('TabDecoding within a deadline', () => {
  it('stops at the deadline and goes on from there', () => {
    const all = records();
    const many = [
      ...all.slice(0, 3),
      ...Array.from({ length: 2000 }, (_, i) => ({ ...all[3]!, seq: 10 + i })),
    ] as SessionRecord[];
    const decoding = new TabDecoding({ decoders });
    decoding.update(many, performance.now() - 1); // already past: stops after its first slice
    expect(decoding.behind(many)).toBeGreaterThan(0);
    expect(decoding.frames.size).toBeLessThan(2000);
    decoding.update(many);
    expect(decoding.behind(many)).toBe(0);
    expect(decoding.frames.size).toBe(2000);
  });
});
