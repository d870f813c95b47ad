import { describe, expect, it } from 'vitest';
import type { DecodedMessage } from '../decoders/types';
import type { SessionRecord } from '../../protocol/schema';
import { splitFieldTerms, termsPass } from './decoded-filter';
import { compileFilter, type FilterState } from './filter';

const message = (patch: Partial<DecodedMessage>): DecodedMessage => ({
  protocol: 'socket.io',
  kind: 'EVENT',
  ...patch,
});

describe('filter terms on decoded fields', () => {
  it('takes field terms out of the text and leaves the rest as free text', () => {
    const { terms, rest } = splitFieldTerms('hello name:chat -kind:ping world http://x');
    expect(terms.map((t) => [t.field, t.negated])).toEqual([
      ['name', false],
      ['kind', true],
    ]);
    expect(rest).toBe('hello world http://x'); // an unknown field is text
  });

  it('reads topic, event, method, destination and channel as the name', () => {
    for (const field of ['topic', 'event', 'method', 'destination', 'channel'])
      expect(splitFieldTerms(`${field}:x`).terms[0]!.field).toBe('name');
  });

  it('leaves a regular expression whole', () => {
    expect(splitFieldTerms('/name:(a|b)/').terms).toEqual([]);
  });

  it('matches whole values without case, with * for any run of characters', () => {
    const { terms } = splitFieldTerms('topic:prices/*');
    expect(termsPass(terms, [message({ name: 'prices/EUR' })])).toBe(true);
    expect(termsPass(terms, [message({ name: 'old/prices/EUR' })])).toBe(false);
    expect(termsPass(splitFieldTerms('kind:ack').terms, [message({ kind: 'ACK' })])).toBe(true);
    expect(termsPass(splitFieldTerms('name:chat').terms, [message({ name: 'chatroom' })])).toBe(false);
  });

  it('passes a frame when any of its messages matches, and a negated term when none does', () => {
    const batch = [message({ kind: 'request', name: 'add' }), message({ kind: 'request', name: 'sub' })];
    expect(termsPass(splitFieldTerms('method:sub').terms, batch)).toBe(true);
    expect(termsPass(splitFieldTerms('-method:sub').terms, batch)).toBe(false);
    expect(termsPass(splitFieldTerms('-method:mul').terms, batch)).toBe(true);
  });

  it('matches no term on a frame nothing decoded, and every negated one', () => {
    expect(termsPass(splitFieldTerms('name:chat').terms, undefined)).toBe(false);
    expect(termsPass(splitFieldTerms('-name:chat').terms, undefined)).toBe(true);
  });
});

describe('the message filter with decoded frames', () => {
  let seq = 0;
  const frame = (data: string): Extract<SessionRecord, { type: 'text' }> => ({
    kind: 'frame',
    sid: 1,
    t: 0,
    conn: '1.1',
    frameId: 0,
    seq: seq++,
    dir: 'received',
    type: 'text',
    size: data.length,
    truncated: false,
    data,
  });
  const meanings = new Map<string, DecodedMessage[]>([
    ['2', [message({ protocol: 'engine.io', kind: 'ping', control: true })]],
    ['42["chat","hi"]', [message({ name: 'chat' })]],
    ['42["typing"]', [message({ name: 'typing' })]],
  ]);
  const decoded = (record: SessionRecord) =>
    record.kind === 'frame' ? meanings.get(record.data as string) : undefined;
  const frames = ['2', '42["chat","hi"]', '42["typing"]', 'raw'].map(frame);
  const shown = (state: Partial<FilterState>) => {
    const result = compileFilter({ text: '', direction: 'all', type: 'all', ...state });
    if (!result.ok) throw new Error(result.error);
    return frames.filter((f) => result.filter.test(f, () => '', decoded)).map((f) => f.data);
  };

  it('combines field terms with free text', () => {
    expect(shown({ text: 'name:chat' })).toEqual(['42["chat","hi"]']);
    expect(shown({ text: 'kind:EVENT hi' })).toEqual(['42["chat","hi"]']);
    expect(shown({ text: '-name:typing' })).toEqual(['2', '42["chat","hi"]', 'raw']);
  });

  it('hides control messages with one switch, and keeps frames nothing decoded', () => {
    expect(shown({ hideControl: true })).toEqual(['42["chat","hi"]', '42["typing"]', 'raw']);
  });

  it('counts as a filter (lifecycle rows hide) only when it has a term or hides control', () => {
    const compiled = (state: Partial<FilterState>) => {
      const result = compileFilter({ text: '', direction: 'all', type: 'all', ...state });
      return result.ok && result.filter.empty;
    };
    expect(compiled({})).toBe(true);
    expect(compiled({ hideControl: true })).toBe(false);
    expect(compiled({ text: 'name:x' })).toBe(false);
  });
});
