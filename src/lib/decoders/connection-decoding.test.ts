import { describe, expect, it } from 'vitest';
import { ConnectionDecoding, type DecodedFrame } from './connection-decoding';
import { MAX_OPEN_EXCHANGES, type LinkedMessage } from './correlate';
import { frame, wordsDecoder } from './testing';

const decoders = [wordsDecoder];
const info = (url = 'ws://app.test/socket') => ({ url, protocols: [], protocol: '' });
const messagesOf = (results: [number, DecodedFrame][]) => results.map(([, r]) => messages(r)[0]);
/** The messages of a decoded frame (none for an error or a pending part). */
const messages = (result: DecodedFrame | undefined): LinkedMessage[] =>
  result && 'messages' in result ? result.messages : [];
/** The one message `push` decoded from one frame. */
const only = (results: [number, DecodedFrame][]) => messages(results[0]?.[1])[0]!;

describe('ConnectionDecoding', () => {
  it('decodes from the first frame when the URL decides', () => {
    const decoding = new ConnectionDecoding(info('ws://app.test/words'), { decoders });
    const first = frame('hello there');
    expect(decoding.push(first)).toEqual([
      [first.seq, { messages: [{ protocol: 'json-rpc', kind: 'hello', name: 'there' }] }],
    ]);
    expect(decoding.decoder).toBe(wordsDecoder);
  });

  it('holds frames until their content decides, then decodes them all in order', () => {
    const decoding = new ConnectionDecoding(info(), { decoders });
    expect(decoding.push(frame('hello'))).toEqual([]);
    const results = decoding.push(frame('call add 1'));
    expect(messagesOf(results).map((m) => m!.kind)).toEqual(['hello', 'call']);
  });

  it('gives up after a few frames no decoder knows, and decodes nothing', () => {
    const decoding = new ConnectionDecoding(info(), { decoders });
    for (let i = 0; i < 5; i++) expect(decoding.push(frame(`plain ${i}`))).toEqual([]);
    expect(decoding.decoder).toBeNull();
  });

  it("follows the user's choice: a decoder without detection, or none at all", () => {
    const chosen = new ConnectionDecoding(info(), { decoders, chosen: wordsDecoder });
    expect(messagesOf(chosen.push(frame('plain')))[0]!.kind).toBe('plain');
    const none = new ConnectionDecoding(info('ws://app.test/words'), { decoders, chosen: null });
    expect(none.push(frame('call add 1'))).toEqual([]);
  });

  it('turns a decoder that throws into an error for that frame and goes on', () => {
    const decoding = new ConnectionDecoding(info('ws://app.test/words'), { decoders });
    expect(decoding.push(frame('boom'))[0]![1]).toEqual({ error: 'The Words decoder failed: kaboom' });
    expect(messagesOf(decoding.push(frame('call add 2')))[0]!.kind).toBe('call');
  });

  it('links a reply to its request with the latency, in the opposite direction only', () => {
    const decoding = new ConnectionDecoding(info('ws://app.test/words'), { decoders });
    const request = frame('call add 7', 'sent', 1000);
    const asked = only(decoding.push(request));
    // The same id from the server is another exchange: it does not answer ours.
    decoding.push(frame('call other 7', 'received', 1010));
    const reply = frame('result add 7', 'received', 1042);
    expect(only(decoding.push(reply))).toMatchObject({ replyTo: request.seq, latencyMs: 42 });
    expect(asked.replies).toEqual([reply.seq]);
    expect(decoding.correlator.waiting()).toHaveLength(1); // the server's call 7
  });

  it('shows a stream as one unit: its items and its end point at the start', () => {
    const decoding = new ConnectionDecoding(info('ws://app.test/words'), { decoders });
    const start = frame('sub prices 3', 'sent', 1000);
    const started = only(decoding.push(start));
    const items = [frame('item prices 3', 'received', 1005), frame('item prices 3', 'received', 1009)];
    for (const item of items) decoding.push(item);
    const end = frame('end prices 3', 'received', 1020);
    decoding.push(end);
    expect(started.replies).toEqual([...items.map((i) => i.seq), end.seq]);
    // After its end, an item of the same id belongs to nothing.
    expect(only(decoding.push(frame('item prices 3', 'received'))).replyTo).toBeUndefined();
  });

  it('marks requests unanswered when the connection closes or their id is reused', () => {
    const decoding = new ConnectionDecoding(info('ws://app.test/words'), { decoders });
    const [a, b, c] = [frame('call a 1'), frame('call b 1'), frame('call c 2')].map((f) => only(decoding.push(f)));
    expect(a!.unanswered).toBe(true); // id 1 reused
    expect(c!.unanswered).toBeUndefined();
    decoding.end();
    expect(b!.unanswered).toBe(true);
    expect(c!.unanswered).toBe(true);
  });

  it('keeps at most MAX_OPEN_EXCHANGES waiting requests, letting the oldest go', () => {
    const decoding = new ConnectionDecoding(info('ws://app.test/words'), { decoders });
    const first = only(decoding.push(frame('call a 0')));
    for (let i = 1; i <= MAX_OPEN_EXCHANGES; i++) decoding.push(frame(`call a ${i}`));
    expect(decoding.correlator.waiting()).toHaveLength(MAX_OPEN_EXCHANGES);
    expect(first.unanswered).toBe(true);
  });
});
