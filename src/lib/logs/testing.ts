/**
 * Sample sessions for the log tests and the bench: every record kind, both
 * frame types, exact binary bytes, cut payloads, an iframe, a failed socket.
 */
import type { SessionRecord } from '../../protocol/schema';
import { bytesToBase64 } from '../base64';
import { utf8Length } from '../utf8';

/** A record before it gets its seq (distributes over the union, as Omit alone does not). */
type Draft = SessionRecord extends infer R ? (R extends SessionRecord ? Omit<R, 'seq'> : never) : never;

const T0 = 1_789_000_000_000.25;
/** Non-ASCII, an astral character, and the characters a text log must escape. */
const GREETING = 'héllo 👋 \n\ttab "q" \\';

/** Every byte value 0–255, so a round trip that mangles bytes shows. */
export const ALL_BYTES = Uint8Array.from({ length: 256 }, (_, i) => i);
export const ALL_BYTES_BASE64 = bytesToBase64(ALL_BYTES);

export function sampleRecords(): SessionRecord[] {
  const records: SessionRecord[] = [];
  let seq = 0;
  const add = (record: Draft) => records.push({ ...record, seq: seq++ } as SessionRecord);
  const chat = { conn: '1.1', sid: 1, frameId: 0 };
  const feed = { conn: '2.1', sid: 1, frameId: 4 };
  const broken = { conn: '1.2', sid: 2, frameId: 0 };
  add({
    ...chat,
    kind: 'create',
    t: T0,
    url: 'wss://chat.example.test/room?id=7&lang=en',
    protocols: ['chat.v2', 'chat.v1'],
    stack: '    at connect (https://app.example.test/app.js:10:5)\n    at https://app.example.test/app.js:40:1',
    frameUrl: 'https://app.example.test/',
  });
  add({
    ...feed,
    kind: 'create',
    t: T0 + 3.5,
    url: 'ws://127.0.0.1:8080/feed',
    protocols: [],
    stack: '',
    frameUrl: 'https://widgets.example.test/frame.html',
  });
  add({ ...chat, kind: 'open', t: T0 + 20.125, protocol: 'chat.v2', extensions: 'permessage-deflate' });
  add({
    ...chat,
    kind: 'frame',
    t: T0 + 21,
    dir: 'sent',
    type: 'text',
    size: 20,
    truncated: false,
    data: '{"type":"hello","n":1}'.slice(0, 20),
  });
  add({ ...feed, kind: 'open', t: T0 + 22, protocol: '', extensions: '' });
  add({
    ...chat,
    kind: 'frame',
    t: T0 + 30.5,
    dir: 'received',
    type: 'text',
    size: utf8Length(GREETING),
    truncated: false,
    data: GREETING,
  });
  add({
    ...feed,
    kind: 'frame',
    t: T0 + 31,
    dir: 'received',
    type: 'binary',
    size: 256,
    truncated: false,
    data: ALL_BYTES,
  });
  add({
    ...feed,
    kind: 'frame',
    t: T0 + 32,
    dir: 'sent',
    type: 'binary',
    size: 0,
    truncated: false,
    data: new Uint8Array(0),
  });
  add({
    ...feed,
    kind: 'frame',
    t: T0 + 33,
    dir: 'sent',
    type: 'binary',
    size: 3,
    truncated: false,
    data: new Uint8Array([1, 2, 3]),
  });
  // Cut at capture: the data is the kept start, size the true size.
  add({
    ...chat,
    kind: 'frame',
    t: T0 + 40,
    dir: 'received',
    type: 'text',
    size: 5_000_000,
    truncated: true,
    data: 'abc',
  });
  add({
    ...feed,
    kind: 'frame',
    t: T0 + 41,
    dir: 'received',
    type: 'binary',
    size: 2_000_000,
    truncated: true,
    data: new Uint8Array([0, 1, 2]),
  });
  add({ ...chat, kind: 'frame', t: T0 + 42, dir: 'sent', type: 'text', size: 0, truncated: false, data: '' });
  add({
    ...broken,
    kind: 'create',
    t: T0 + 50,
    url: 'ws://127.0.0.1:1/offline',
    protocols: [],
    stack: '    at https://app.example.test/app.js:50:3',
    frameUrl: 'https://app.example.test/',
  });
  add({ ...broken, kind: 'error', t: T0 + 51 });
  add({ ...broken, kind: 'close', t: T0 + 51, code: 1006, reason: '', wasClean: false, by: 'network' });
  add({ ...chat, kind: 'closing', t: T0 + 60, code: 4001, reason: 'bye' });
  add({ ...chat, kind: 'close', t: T0 + 61, code: 4001, reason: 'bye', wasClean: true, by: 'page' });
  add({ ...feed, kind: 'close', t: T0 + 70, code: 4000, reason: 'session expired', wasClean: true, by: 'server' });
  return records;
}

/**
 * A session of `frames` frames over `connections` connections: text JSON and
 * small binary, alternating. Returned as a structured clone, as records reach
 * the panel (a port message is one): objects built by spreading have slow
 * shapes that would skew a benchmark.
 */
export function bulkRecords(frames: number, connections = 10): SessionRecord[] {
  const records: SessionRecord[] = [];
  let seq = 0;
  for (let c = 1; c <= connections; c++) {
    const ids = { conn: `1.${c}`, sid: c, frameId: 0 };
    records.push({
      ...ids,
      seq: seq++,
      kind: 'create',
      t: T0 + c,
      url: `wss://bulk.example.test/s${c}`,
      protocols: [],
      stack: '',
      frameUrl: 'https://bulk.example.test/',
    });
    records.push({ ...ids, seq: seq++, kind: 'open', t: T0 + c + 1, protocol: '', extensions: '' });
  }
  for (let i = 0; i < frames; i++) {
    const ids = { conn: `1.${(i % connections) + 1}`, sid: (i % connections) + 1, frameId: 0 };
    const t = T0 + 100 + i * 0.5;
    const dir = i % 3 === 0 ? ('sent' as const) : ('received' as const);
    if (i % 2 === 0) {
      const data = JSON.stringify({ type: 'tick', seq: i, price: 100 + (i % 97) / 7, tags: ['a', 'b'] });
      records.push({
        ...ids,
        seq: seq++,
        kind: 'frame',
        t,
        dir,
        type: 'text',
        size: data.length,
        truncated: false,
        data,
      });
    } else {
      const bytes = Uint8Array.from({ length: 24 }, (_, k) => (i + k) & 0xff);
      records.push({
        ...ids,
        seq: seq++,
        kind: 'frame',
        t,
        dir,
        type: 'binary',
        size: 24,
        truncated: false,
        data: bytes,
      });
    }
  }
  return structuredClone(records);
}
