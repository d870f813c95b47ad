import { describe, expect, it } from 'vitest';
import {
  BATCH_MAX_RECORDS,
  MAX_CAPTURED_BYTES,
  MAX_CAPTURED_CHARS,
  MAX_PROTOCOLS,
  MAX_STACK_CHARS,
  MAX_URL_CHARS,
} from '../protocol/limits';
import { parseClientEvent } from '../protocol/messages';
import type {
  CloseRecord,
  ClosingRecord,
  CreateRecord,
  ErrorRecord,
  FrameRecord,
  OpenRecord,
  SessionRecord,
} from '../protocol/schema';
import { DEFAULT_SETTINGS, readSettings, type Settings } from '../protocol/settings';
import { TabSession, type TabMeta } from './tab-session';

const DOC_A = 'aaaaaaaa-0000-4000-8000-00000000000a';
const DOC_B = 'bbbbbbbb-0000-4000-8000-00000000000b';
const DOC_C = 'cccccccc-0000-4000-8000-00000000000c';

/** Valid wire records, built like the ones in protocol/schema.test.ts. */
const create = (sid: number, url = `wss://example.test/feed/${sid}`): CreateRecord => ({
  kind: 'create',
  sid,
  t: 1700000000000.25,
  url,
  protocols: ['chat'],
  stack: 'at connect (https://example.test/app.js:10:5)',
  frameUrl: 'https://example.test/',
});
const open = (sid: number): OpenRecord => ({ kind: 'open', sid, t: 1, protocol: 'chat', extensions: '' });
const text = (sid: number, data = 'hello', dir: 'sent' | 'received' = 'received'): FrameRecord => ({
  kind: 'frame',
  sid,
  t: 2,
  dir,
  size: data.length,
  truncated: false,
  type: 'text',
  data,
});
const binary = (sid: number, data: Uint8Array<ArrayBuffer>, size = data.byteLength): FrameRecord => ({
  kind: 'frame',
  sid,
  t: 2,
  dir: 'sent',
  size,
  truncated: false,
  type: 'binary',
  data,
});
const error = (sid: number): ErrorRecord => ({ kind: 'error', sid, t: 3 });
const closing = (sid: number): ClosingRecord => ({ kind: 'closing', sid, t: 4, code: 1000, reason: 'bye' });
const close = (sid: number): CloseRecord => ({
  kind: 'close',
  sid,
  t: 5,
  code: 1000,
  reason: 'bye',
  wasClean: true,
  by: 'page',
});

const settings = (patch: Partial<Settings>): Settings => ({ ...DEFAULT_SETTINGS, ...patch });

/** Sends a batch numbered from the document's next expected number (what an honest relay does). */
function feed(session: TabSession, docId: string, records: readonly unknown[], frameId = 0) {
  return session.accept(docId, frameId, session.document(docId).next, records);
}

/** Where a budget cut now starts (null: nothing dropped). */
const keptFrom = (cut: { keptFrom: number } | null) => cut?.keptFrom ?? null;
const seqs = (records: readonly SessionRecord[]) => records.map((r) => r.seq);
const kinds = (records: readonly SessionRecord[]) => records.map((r) => `${r.kind}:${r.conn}`);
const texts = (records: readonly SessionRecord[]) =>
  records.flatMap((r) => (r.kind === 'frame' && r.type === 'text' ? [r.data] : []));

/** A deep copy of what a session holds, to show that something changed nothing. */
function snapshot(session: TabSession) {
  return structuredClone({
    records: session.records,
    meta: session.meta(),
    frames: session.frameCount,
    bytes: session.byteCount,
  });
}

describe('TabSession.accept: numbering per document', () => {
  it('stores an in-order batch with seq, connection id and the sender frame', () => {
    const session = new TabSession(7);
    const result = session.accept(DOC_A, 3, 0, [create(1), open(1), text(1, 'hi')]);
    expect(result).toEqual({
      added: [
        { ...create(1), seq: 0, conn: '1.1', frameId: 3, source: 'hook' },
        { ...open(1), seq: 1, conn: '1.1', frameId: 3, source: 'hook' },
        { ...text(1, 'hi'), seq: 2, conn: '1.1', frameId: 3, source: 'hook' },
      ],
      next: 3,
      rejected: 0,
    });
    expect(session.records).toEqual(result.added);
    expect(session.nextSeq).toBe(3);
    expect(session.document(DOC_A)).toEqual({ doc: 1, next: 3, frameId: 3 });
    expect(session.rejected).toBe(0);

    const more = session.accept(DOC_A, 3, 3, [text(1, 'again')]);
    expect(more).toEqual({
      added: [{ ...text(1, 'again'), seq: 3, conn: '1.1', frameId: 3, source: 'hook' }],
      next: 4,
      rejected: 0,
    });
    expect(seqs(session.records)).toEqual([0, 1, 2, 3]);
  });

  it('skips the numbers it already stored in a resend that overlaps them', () => {
    const session = new TabSession(1);
    session.accept(DOC_A, 0, 0, [create(1), open(1), text(1, 'one')]);
    // The relay resends 1..4; 1 and 2 are stored (with other content here, to show dedup is by number).
    const result = session.accept(DOC_A, 0, 1, [open(2), text(1, 'ALREADY'), text(1, 'three'), text(1, 'four')]);
    expect(result.next).toBe(5);
    expect(result.rejected).toBe(0);
    expect(result.added).toEqual([
      { ...text(1, 'three'), seq: 3, conn: '1.1', frameId: 0, source: 'hook' },
      { ...text(1, 'four'), seq: 4, conn: '1.1', frameId: 0, source: 'hook' },
    ]);
    expect(texts(session.records)).toEqual(['one', 'three', 'four']);
    expect(seqs(session.records)).toEqual([0, 1, 2, 3, 4]);
  });

  it('adds nothing for a resend of numbers that are all stored', () => {
    const session = new TabSession(1);
    session.accept(DOC_A, 0, 0, [create(1), open(1), text(1)]);
    const before = snapshot(session);
    expect(session.accept(DOC_A, 0, 0, [create(1), open(1), text(1)])).toEqual({ added: [], next: 3, rejected: 0 });
    expect(session.accept(DOC_A, 0, 1, [open(1)])).toEqual({ added: [], next: 3, rejected: 0 });
    expect(snapshot(session)).toEqual(before);
    expect(session.rejected).toBe(0);
  });

  it('refuses a batch that starts beyond the next number whole, changing nothing', () => {
    const session = new TabSession(1);
    session.accept(DOC_A, 0, 0, [create(1), open(1)]);
    const before = snapshot(session);
    expect(session.accept(DOC_A, 0, 3, [text(1, 'x'), text(1, 'y')])).toEqual({ added: [], next: 2, rejected: 0 });
    expect(snapshot(session)).toEqual(before);
    expect(session.rejected).toBe(0);
    // The relay resends from its oldest unacknowledged record: now it is taken.
    const result = session.accept(DOC_A, 0, 2, [text(1, 'w'), text(1, 'x'), text(1, 'y')]);
    expect(result.next).toBe(5);
    expect(texts(result.added)).toEqual(['w', 'x', 'y']);
    expect(seqs(result.added)).toEqual([2, 3, 4]);
  });

  it("refuses a new document's first batch unless it starts at 0", () => {
    const session = new TabSession(1);
    expect(session.accept(DOC_A, 0, 1, [create(1)])).toEqual({ added: [], next: 0, rejected: 0 });
    expect(session.accept(DOC_A, 0, Number.MAX_SAFE_INTEGER, [create(1)])).toEqual({
      added: [],
      next: 0,
      rejected: 0,
    });
    expect(session.records).toEqual([]);
    expect(session.nextSeq).toBe(0);
    expect(feed(session, DOC_A, [create(1)]).added).toHaveLength(1);
  });

  it('advances next over rejected records, so a resend does not count them twice', () => {
    const session = new TabSession(1);
    const batch = [create(1), { kind: 'nonsense' }, text(99), text(1, 'ok'), null];
    const result = session.accept(DOC_A, 0, 0, batch);
    expect(result.next).toBe(5);
    expect(result.rejected).toBe(3);
    expect(kinds(result.added)).toEqual(['create:1.1', 'frame:1.1']);
    expect(seqs(result.added)).toEqual([0, 1]);
    expect(session.rejected).toBe(3);

    expect(session.accept(DOC_A, 0, 0, batch)).toEqual({ added: [], next: 5, rejected: 0 });
    expect(session.rejected).toBe(3);
    expect(session.records).toHaveLength(2);
  });

  it('numbers each document on its own', () => {
    const session = new TabSession(1);
    feed(session, DOC_A, [create(1), open(1), text(1)]);
    // DOC_B starts at 0 although DOC_A is at 3; a DOC_B gap does not affect DOC_A.
    expect(session.accept(DOC_B, 0, 0, [create(1)]).next).toBe(1);
    expect(session.accept(DOC_B, 0, 5, [open(1)]).added).toEqual([]);
    expect(session.accept(DOC_A, 0, 3, [text(1)]).next).toBe(4);
    expect(session.document(DOC_A).next).toBe(4);
    expect(session.document(DOC_B).next).toBe(1);
  });
});

describe('TabSession.accept: seq and connection ids', () => {
  it('gives strictly increasing seqs across documents and frames, in arrival order', () => {
    const session = new TabSession(1);
    feed(session, DOC_A, [create(1), open(1)], 0);
    feed(session, DOC_B, [create(1), create(2)], 4);
    feed(session, DOC_A, [text(1, 'a1')], 0);
    feed(session, DOC_B, [open(2), text(2, 'b2'), text(1, 'b1')], 4);
    feed(session, DOC_A, [close(1)], 0);
    expect(seqs(session.records)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(kinds(session.records)).toEqual([
      'create:1.1',
      'open:1.1',
      'create:2.1',
      'create:2.2',
      'frame:1.1',
      'open:2.2',
      'frame:2.2',
      'frame:2.1',
      'close:1.1',
    ]);
    expect(session.records.map((r) => r.frameId)).toEqual([0, 0, 4, 4, 0, 4, 4, 4, 0]);
    expect(session.nextSeq).toBe(9);
  });

  it('numbers documents per tab, in order of first appearance', () => {
    const one = new TabSession(1);
    const two = new TabSession(2);
    expect(one.document(DOC_A).doc).toBe(1);
    expect(one.document(DOC_B).doc).toBe(2);
    expect(one.document(DOC_A).doc).toBe(1);
    expect(one.document(DOC_C).doc).toBe(3);
    // Another tab numbers from 1 again, whatever documents it sees.
    expect(two.document(DOC_C).doc).toBe(1);
    feed(two, DOC_C, [create(5)]);
    expect(two.records[0]?.conn).toBe('1.5');
  });

  it('takes the frame from the caller and the connection id from the session, never from the record', () => {
    const session = new TabSession(1);
    const forged = { ...create(1), seq: 99, conn: '7.7', frameId: 42, source: 'debugger', tabId: 3, extra: 'x' };
    const result = feed(session, DOC_A, [forged, { ...text(1), conn: '2.1', seq: -5 }], 6);
    expect(result.added).toEqual([
      { ...create(1), seq: 0, conn: '1.1', frameId: 6, source: 'hook' },
      { ...text(1), seq: 1, conn: '1.1', frameId: 6, source: 'hook' },
    ]);
    expect(Object.keys(session.records[0] ?? {}).sort()).toEqual(
      ['conn', 'frameId', 'frameUrl', 'kind', 'protocols', 'seq', 'sid', 'source', 'stack', 't', 'url'].sort(),
    );
  });
});

describe('TabSession.accept: known connections', () => {
  it('refuses and counts records of sockets whose create it never accepted', () => {
    const session = new TabSession(1);
    const result = feed(session, DOC_A, [open(5), text(5), error(5), closing(5), close(5)]);
    expect(result).toEqual({ added: [], next: 5, rejected: 5 });
    expect(session.records).toEqual([]);
    expect(session.nextSeq).toBe(0);
    expect(session.rejected).toBe(5);
  });

  it('refuses records of a socket whose create was invalid', () => {
    const session = new TabSession(1);
    const result = feed(session, DOC_A, [{ ...create(1), url: 42 }, open(1), text(1)]);
    expect(result).toEqual({ added: [], next: 3, rejected: 3 });
  });

  it('keeps a socket whose create has fields over their limits, cut with their true lengths', () => {
    const session = new TabSession(1);
    const long = { ...create(1, 'u'.repeat(MAX_URL_CHARS + 1)), stack: 's'.repeat(MAX_STACK_CHARS + 5) };
    const result = feed(session, DOC_A, [{ ...long, protocols: Array(70).fill('p') }, open(1), text(1)]);
    expect(result.rejected).toBe(0);
    expect(result.added).toHaveLength(3);
    expect(result.added[0]).toMatchObject({
      url: 'u'.repeat(MAX_URL_CHARS),
      urlLength: MAX_URL_CHARS + 1,
      stack: 's'.repeat(MAX_STACK_CHARS),
      stackLength: MAX_STACK_CHARS + 5,
      protocols: Array(MAX_PROTOCOLS).fill('p'),
      protocolCount: 70,
    });
  });

  it('refuses a duplicate create, in the same batch or later, keeping the first', () => {
    const session = new TabSession(1);
    const result = feed(session, DOC_A, [create(1, 'wss://first.test/'), create(1, 'wss://second.test/')]);
    expect(result.rejected).toBe(1);
    expect(result.added).toHaveLength(1);
    expect(feed(session, DOC_A, [open(1), create(1, 'wss://third.test/')]).rejected).toBe(1);
    expect(session.records.filter((r) => r.kind === 'create')).toEqual([
      { ...create(1, 'wss://first.test/'), seq: 0, conn: '1.1', frameId: 0, source: 'hook' },
    ]);
    expect(session.rejected).toBe(2);
  });

  it("refuses records naming another document's sockets", () => {
    const session = new TabSession(1);
    feed(session, DOC_A, [create(1), open(1)]);
    const result = feed(session, DOC_B, [open(1), text(1), close(1)]);
    expect(result).toEqual({ added: [], next: 3, rejected: 3 });
    // DOC_A's socket is untouched and still records.
    expect(feed(session, DOC_A, [text(1, 'still')]).added.map((r) => r.conn)).toEqual(['1.1']);
  });
});

describe('TabSession.accept: validation', () => {
  it.each([
    ['a record without its kind', { sid: 1, t: 0 }],
    ['an unknown kind', { ...error(1), kind: 'message' }],
    ['a missing field', { kind: 'open', sid: 1, t: 0, protocol: '' }],
    ['sid 0', { ...text(1), sid: 0 }],
    ['a string sid', { ...text(1), sid: '1' }],
    ['a negative time', { ...text(1), t: -1 }],
    ['text over MAX_CAPTURED_CHARS', text(1, 'x'.repeat(MAX_CAPTURED_CHARS + 1))],
    ['a url that is not a string', { ...create(2), url: 42 }],
    ['binary data as base64 text', { ...binary(1, new Uint8Array(3)), data: 'AAAA' }],
    ['bytes over MAX_CAPTURED_BYTES', binary(1, new Uint8Array(MAX_CAPTURED_BYTES + 1))],
    ['a close code out of range', { ...close(1), code: 5000 }],
  ])('counts %s as rejected and stores nothing', (_, bad) => {
    const session = new TabSession(1);
    feed(session, DOC_A, [create(1)]);
    const before = snapshot(session);
    let result: ReturnType<TabSession['accept']> | undefined;
    expect(() => (result = feed(session, DOC_A, [bad]))).not.toThrow();
    expect(result).toEqual({ added: [], next: 2, rejected: 1 });
    expect(session.records).toEqual(before.records);
    expect(session.frameCount).toBe(0);
    expect(session.byteCount).toBe(0);
    expect(session.nextSeq).toBe(1);
    expect(session.rejected).toBe(1);
  });

  it('keeps the valid records around invalid ones, in order', () => {
    const session = new TabSession(1);
    const result = feed(session, DOC_A, [create(1), 'x', text(1, 'a'), { ...text(1), dir: 'up' }, text(1, 'b')]);
    expect(result.rejected).toBe(2);
    expect(result.next).toBe(5);
    expect(texts(session.records)).toEqual(['a', 'b']);
    expect(seqs(session.records)).toEqual([0, 1, 2]);
  });
});

describe('TabSession.accept: paused capture', () => {
  it('keeps lifecycle records and drops frames, without counting them as rejected', () => {
    const session = new TabSession(1);
    feed(session, DOC_A, [create(1), open(1)]);
    session.setPaused(true);
    const result = feed(session, DOC_A, [
      text(1, 'dropped'),
      create(2),
      open(2),
      text(2, 'dropped too'),
      error(1),
      closing(1),
      close(1),
    ]);
    expect(result.next).toBe(9);
    expect(result.rejected).toBe(0);
    expect(kinds(result.added)).toEqual(['create:1.2', 'open:1.2', 'error:1.1', 'closing:1.1', 'close:1.1']);
    expect(seqs(result.added)).toEqual([2, 3, 4, 5, 6]);
    expect(session.frameCount).toBe(0);
    expect(session.byteCount).toBe(0);
    expect(texts(session.records)).toEqual([]);
  });

  it('still refuses frames of unknown sockets while paused, and records frames again when resumed', () => {
    const session = new TabSession(1);
    session.setPaused(true);
    expect(feed(session, DOC_A, [create(1), text(2)])).toMatchObject({ next: 2, rejected: 1 });
    session.setPaused(false);
    const result = feed(session, DOC_A, [text(1, 'back')]);
    expect(texts(result.added)).toEqual(['back']);
    expect(result.added[0]?.seq).toBe(1);
    expect(session.frameCount).toBe(1);
    expect(session.byteCount).toBe(4);
  });
});

describe('TabSession: frame and byte counts', () => {
  it('counts text chars and binary bytes', () => {
    const session = new TabSession(1);
    const six = new Uint8Array([0, 1, 2, 3, 4, 5]);
    feed(session, DOC_A, [create(1), open(1), text(1, 'abc'), binary(1, six), binary(1, new Uint8Array(0)), close(1)]);
    expect(session.frameCount).toBe(3);
    expect(session.byteCount).toBe(3 + 6);
  });
});

describe('TabSession.enforceBudget', () => {
  /**
   * seq 0 create 1.1, 1 open 1.1, 2 create 1.2, 3 frame 1.1, 4 open 1.2, 5 frame 1.2, then frames
   * alternating 1.1 / 1.2 from seq 6: `frames` frames in all, each of `size` chars.
   */
  function flooded(frames: number, size = 10): TabSession {
    const session = new TabSession(1);
    const data = 'x'.repeat(size);
    const records: unknown[] = [create(1), open(1), create(2), text(1, data), open(2), text(2, data)];
    for (let i = 2; i < frames; i++) records.push(text(i % 2 === 0 ? 1 : 2, data));
    feed(session, DOC_A, records);
    return session;
  }
  const lifecycleSeqs = [0, 1, 2, 4];

  it('does nothing within the budget, exactly at it included', () => {
    const session = flooded(10);
    const before = snapshot(session);
    const lifecycle = session.lifecycleByteCount;
    expect(lifecycle).toBeGreaterThan(4 * 100); // four lifecycle records, their strings and objects
    expect(session.enforceBudget(settings({ maxFramesPerTab: 10, maxBytesPerTab: 100 + lifecycle }))).toBeNull();
    expect(snapshot(session)).toEqual(before);
    expect(session.framesKeptFrom).toBe(0);
    expect(session.droppedFrames).toBe(0);
  });

  it('drops the oldest frames over the frame budget, down to 90%, keeping lifecycle records', () => {
    const session = flooded(12);
    expect(session.frameCount).toBe(12);
    const cut = session.enforceBudget(settings({ maxFramesPerTab: 10 }));
    // 12 > 10: drop to 9, i.e. the three oldest frames: seq 3 (1.1), 5 (1.2) and 6 (1.1).
    expect(cut).toEqual({ keptFrom: 7, droppedConnections: [], droppedEvents: [] });
    expect(session.framesKeptFrom).toBe(7);
    expect(seqs(session.records)).toEqual([...lifecycleSeqs, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    expect(session.records.filter((r) => r.kind !== 'frame').map((r) => r.seq)).toEqual(lifecycleSeqs);
    expect(session.frameCount).toBe(9);
    expect(session.byteCount).toBe(90);
    expect(session.droppedFrames).toBe(3);
    expect(session.droppedByConnection).toEqual({ '1.1': 2, '1.2': 1 });
    expect(session.status(DEFAULT_SETTINGS)).toMatchObject({
      framesKeptFrom: 7,
      droppedFrames: 3,
      droppedByConnection: { '1.1': 2, '1.2': 1 },
    });

    // Within the budget again: nothing more goes, and the cut stays.
    expect(session.enforceBudget(settings({ maxFramesPerTab: 10 }))).toBeNull();
    expect(session.framesKeptFrom).toBe(7);

    // One frame short of going over, then over again: the counts add up.
    feed(session, DOC_A, [text(1, 'x'.repeat(10))]);
    expect(session.enforceBudget(settings({ maxFramesPerTab: 10 }))).toBeNull();
    feed(session, DOC_A, [text(2, 'x'.repeat(10))]);
    expect(session.frameCount).toBe(11);
    expect(keptFrom(session.enforceBudget(settings({ maxFramesPerTab: 10 })))).toBe(9);
    expect(session.frameCount).toBe(9);
    expect(session.droppedFrames).toBe(5);
    expect(session.droppedByConnection).toEqual({ '1.1': 3, '1.2': 2 });
    expect(seqs(session.records)).toEqual([...lifecycleSeqs, 9, 10, 11, 12, 13, 14, 15, 16, 17]);
  });

  /** A byte budget whose 90% target leaves `target` bytes for frames once the lifecycle records are counted. */
  const byteBudgetFor = (session: TabSession, target: number) => Math.ceil((target + session.lifecycleByteCount) / 0.9);

  it('drops the oldest frames over the byte budget, down to 90%, lifecycle records counted', () => {
    const session = new TabSession(1);
    // seq 0 create, then frames of 1000, 1000, 5000 and 4000 chars: 11,000 bytes.
    feed(session, DOC_A, [
      create(1),
      text(1, 'a'.repeat(1000)),
      text(1, 'b'.repeat(1000)),
      text(1, 'c'.repeat(5000)),
      text(1, 'd'.repeat(4000)),
    ]);
    expect(session.byteCount).toBe(11000);
    const budget = byteBudgetFor(session, 9000);
    expect(budget - session.lifecycleByteCount).toBeLessThan(11000);
    // Over: drop until frames fit in 9,000 bytes beside the create record: the two 1000-char frames.
    expect(keptFrom(session.enforceBudget(settings({ maxFramesPerTab: 1000, maxBytesPerTab: budget })))).toBe(3);
    expect(session.byteCount).toBe(9000);
    expect(session.frameCount).toBe(2);
    expect(kinds(session.records)).toEqual(['create:1.1', 'frame:1.1', 'frame:1.1']);
    expect(session.droppedFrames).toBe(2);
    expect(session.droppedByConnection).toEqual({ '1.1': 2 });
  });

  it('counts binary frames by their bytes against the byte budget', () => {
    const session = new TabSession(1);
    // 4 frames of 600 bytes are 2,400 bytes, over a budget leaving 1,800 (3 frames).
    feed(session, DOC_A, [create(1), ...Array.from({ length: 4 }, () => binary(1, new Uint8Array(600)))]);
    expect(session.byteCount).toBe(2400);
    const budget = byteBudgetFor(session, 1800);
    expect(keptFrom(session.enforceBudget(settings({ maxFramesPerTab: 1000, maxBytesPerTab: budget })))).toBe(2);
    expect(session.byteCount).toBe(1800);
    expect(session.frameCount).toBe(3);
  });

  it('satisfies both budgets when both are over', () => {
    const session = flooded(12, 1000);
    // Frames: 12 > 10 wants 3 dropped; bytes: room for 4 frames of 1000 beside the lifecycle records: 8 dropped.
    const budget = byteBudgetFor(session, 4000);
    expect(keptFrom(session.enforceBudget(settings({ maxFramesPerTab: 10, maxBytesPerTab: budget })))).toBe(12);
    expect(session.frameCount).toBe(4);
    expect(session.byteCount).toBe(4000);
    expect(session.droppedFrames).toBe(8);
    expect(seqs(session.records)).toEqual([...lifecycleSeqs, 12, 13, 14, 15]);
  });

  it('holds a flood to the smallest valid budget, batch by batch as the service does', () => {
    const limits = readSettings({ maxFramesPerTab: 100, maxBytesPerTab: 64 * 1024 });
    expect(limits.maxFramesPerTab).toBe(100);
    const session = new TabSession(1);
    feed(session, DOC_A, [create(1)]);
    for (let batch = 0; batch < 2; batch++) {
      feed(
        session,
        DOC_A,
        Array.from({ length: BATCH_MAX_RECORDS }, () => text(1, 'y')),
      );
      session.enforceBudget(limits);
      expect(session.frameCount).toBe(90);
    }
    expect(session.droppedFrames).toBe(910);
    expect(session.droppedByConnection).toEqual({ '1.1': 910 });
    // Frames are seq 1..1000: the last 90 are kept.
    expect(session.framesKeptFrom).toBe(911);
    expect(session.records).toHaveLength(91);
    expect(session.records[0]?.kind).toBe('create');
    expect(session.records[1]?.seq).toBe(911);
    expect(session.byteCount).toBe(90);
  });

  it('applies a smaller budget to a session that is already stored (settings changed)', () => {
    const session = flooded(5);
    expect(keptFrom(session.enforceBudget(settings({ maxFramesPerTab: 2 })))).toBe(8);
    // 5 > 2: down to floor(1.8) = 1 frame.
    expect(session.frameCount).toBe(1);
    expect(session.droppedFrames).toBe(4);
  });
});

describe('TabSession.clear', () => {
  /** A navigation marker (seq 0); socket 1 open, 2 closed, 3 still connecting; some frames dropped. */
  function busy(): TabSession {
    const session = new TabSession(1);
    session.startPage(DOC_C, 'https://example.test/', 1, false);
    session.startPage(DOC_A, 'https://example.test/next', 2, true);
    feed(session, DOC_A, [create(1), open(1), text(1, 'a'), create(2), open(2), text(2, 'b'), closing(2), close(2)]);
    feed(session, DOC_A, [create(3), error(1)]);
    feed(session, DOC_A, [text(1, 'c'), text(1, 'd')]);
    session.enforceBudget(settings({ maxFramesPerTab: 3 }));
    return session;
  }

  it('keeps only the create and open records of sockets still alive, with a new epoch', () => {
    const session = busy();
    expect(session.droppedFrames).toBe(2);
    expect(session.navigations).toHaveLength(1);
    const epoch = session.epoch;
    const nextSeq = session.nextSeq;
    expect(nextSeq).toBe(13);

    session.clear();

    expect(session.records).toEqual([
      { ...create(1), seq: 1, conn: '1.1', frameId: 0, source: 'hook' },
      { ...open(1), seq: 2, conn: '1.1', frameId: 0, source: 'hook' },
      { ...create(3), seq: 9, conn: '1.3', frameId: 0, source: 'hook' },
    ]);
    expect(session.epoch).not.toBe(epoch);
    expect(session.nextSeq).toBe(nextSeq);
    expect(session.framesKeptFrom).toBe(nextSeq);
    expect(session.droppedFrames).toBe(0);
    expect(session.droppedByConnection).toEqual({});
    expect(session.navigations).toEqual([]);
    expect(session.frameCount).toBe(0);
    expect(session.byteCount).toBe(0);
    expect(session.since(epoch, -1)).toBeNull();
    expect(session.since(session.epoch, -1)).toEqual(session.records);
  });

  it('still accepts later records of live sockets, and refuses those of closed ones', () => {
    const session = busy();
    session.clear();
    const result = feed(session, DOC_A, [text(1, 'after'), text(2, 'closed'), open(3), create(2), create(4)]);
    // A closed socket is forgotten: its frames are refused (a new create of its sid would be a new socket).
    expect(result.rejected).toBe(1);
    expect(kinds(result.added)).toEqual(['frame:1.1', 'open:1.3', 'create:1.2', 'create:1.4']);
    expect(seqs(result.added)).toEqual([13, 14, 15, 16]);
    expect(texts(session.records)).toEqual(['after']);
    expect(session.frameCount).toBe(1);
    expect(session.byteCount).toBe(5);
    // A live socket's create is still known: a duplicate is refused.
    expect(feed(session, DOC_A, [create(1), create(3)]).rejected).toBe(2);
  });

  it('gives a new epoch on every clear', () => {
    const session = new TabSession(1);
    const epochs = new Set([session.epoch]);
    for (let i = 0; i < 5; i++) {
      session.clear();
      epochs.add(session.epoch);
    }
    expect(epochs.size).toBe(6);
  });
});

describe('TabSession.startPage', () => {
  it('starts the first page of a tab without changing anything', () => {
    const session = new TabSession(1);
    const epoch = session.epoch;
    expect(session.startPage(DOC_A, 'https://example.test/', 1, false)).toEqual([]);
    expect(session.topDocument).toBe(DOC_A);
    expect(session.epoch).toBe(epoch);
    expect(session.nextSeq).toBe(0);
    expect(session.navigations).toEqual([]);
  });

  it('starts over without Preserve log: new epoch, and the previous page is refused', () => {
    const session = new TabSession(1);
    session.startPage(DOC_A, 'https://example.test/', 1, false);
    feed(session, DOC_A, [create(1), open(1), text(1, 'old')]);
    session.enforceBudget(settings({ maxFramesPerTab: 0 }));
    expect(session.droppedFrames).toBe(1);
    const epoch = session.epoch;

    expect(session.startPage(DOC_B, 'https://example.test/next', 2, false)).toEqual([]);
    expect(session.topDocument).toBe(DOC_B);
    expect(session.epoch).not.toBe(epoch);
    expect(session.records).toEqual([]);
    expect(session.frameCount).toBe(0);
    expect(session.byteCount).toBe(0);
    expect(session.framesKeptFrom).toBe(3);
    expect(session.droppedFrames).toBe(0);
    expect(session.droppedByConnection).toEqual({});
    expect(session.navigations).toEqual([]);
    expect(session.since(epoch, -1)).toBeNull();

    // The old page's socket is refused from now on; the new page records with seq going on.
    expect(feed(session, DOC_A, [text(1, 'late'), close(1)])).toEqual({ added: [], next: 5, rejected: 2 });
    const result = feed(session, DOC_B, [create(1), text(1, 'new')]);
    expect(result.added).toEqual([
      { ...create(1), seq: 3, conn: '2.1', frameId: 0, source: 'hook' },
      { ...text(1, 'new'), seq: 4, conn: '2.1', frameId: 0, source: 'hook' },
    ]);
  });

  it("keeps everything with Preserve log, ends the old page's open sockets and adds a navigation marker", () => {
    const session = new TabSession(1);
    session.startPage(DOC_A, 'https://example.test/', 1, true);
    feed(session, DOC_A, [create(1), open(1), text(1, 'old'), create(2), open(2), close(2)], 3);
    const epoch = session.epoch;
    const records = structuredClone(session.records);

    const ended = session.startPage(DOC_B, 'https://example.test/next', 2.5, true);
    // Socket 1 was open: it ended with its page, at the navigation's time; socket 2 had closed already.
    const navigationClose = {
      kind: 'close',
      sid: 1,
      t: 2.5,
      code: 1001,
      reason: '',
      wasClean: false,
      by: 'navigation',
      seq: 6,
      conn: '1.1',
      frameId: 3,
      source: 'hook',
    };
    expect(ended).toEqual([navigationClose]);
    expect(parseClientEvent({ type: 'records', tabId: 1, epoch, records: ended }).ok).toBe(true);
    expect(session.topDocument).toBe(DOC_B);
    expect(session.epoch).toBe(epoch);
    expect(session.records).toEqual([...records, navigationClose]);
    expect(session.navigations).toEqual([{ seq: 7, t: 2.5, url: 'https://example.test/next' }]);
    expect(session.nextSeq).toBe(8);
    expect(session.frameCount).toBe(1);

    // What the old page's relay still delivers (held back under a flood) was recorded before it left: kept.
    const late = feed(session, DOC_A, [text(1, 'late')], 3);
    expect(late.added).toEqual([{ ...text(1, 'late'), seq: 8, conn: '1.1', frameId: 3, source: 'hook' }]);
    expect(feed(session, DOC_B, [create(1)]).added[0]).toMatchObject({ seq: 9, conn: '2.1' });
    expect(session.status(settings({ preserveLog: true })).navigations).toEqual([
      { seq: 7, t: 2.5, url: 'https://example.test/next' },
    ]);

    expect(session.startPage(DOC_C, 'https://example.test/third', 3, true)).toMatchObject([
      { kind: 'close', by: 'navigation', conn: '2.1', seq: 10, t: 3 },
    ]);
    expect(session.navigations.map((n) => n.seq)).toEqual([7, 11]);
  });

  it('changes nothing when the same top document says hello again (a reconnect)', () => {
    for (const preserveLog of [false, true]) {
      const session = new TabSession(1);
      session.startPage(DOC_A, 'https://example.test/', 1, preserveLog);
      feed(session, DOC_A, [create(1), open(1), text(1)]);
      session.startPage(DOC_B, 'https://example.test/next', 2, preserveLog);
      feed(session, DOC_B, [create(1), text(1)]);
      const before = snapshot(session);
      expect(session.startPage(DOC_B, 'https://example.test/next', 3, preserveLog)).toBe(false);
      expect(session.startPage(DOC_B, 'https://example.test/other', 4, !preserveLog)).toBe(false);
      expect(snapshot(session)).toEqual(before);
      expect(feed(session, DOC_B, [text(1, 'on')]).added).toHaveLength(1);
    }
  });
});

describe('TabSession.since', () => {
  function numbered(): TabSession {
    const session = new TabSession(1);
    session.startPage(DOC_A, 'https://example.test/', 1, true);
    feed(session, DOC_A, [create(1), open(1), ...Array.from({ length: 8 }, (_, i) => text(1, `m${i}`))]);
    return session;
  }

  it('returns exactly the records after the given seq', () => {
    const session = numbered();
    expect(seqs(session.since(session.epoch, -1) ?? [])).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(session.since(session.epoch, -1)).toEqual(session.records);
    expect(seqs(session.since(session.epoch, 0) ?? [])).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(seqs(session.since(session.epoch, 4) ?? [])).toEqual([5, 6, 7, 8, 9]);
    expect(seqs(session.since(session.epoch, 8) ?? [])).toEqual([9]);
    expect(session.since(session.epoch, 9)).toEqual([]);
    expect(session.since(session.epoch, 1000)).toEqual([]);
  });

  it('returns null for another epoch', () => {
    const session = numbered();
    expect(session.since('another', -1)).toBeNull();
    expect(session.since('', 3)).toBeNull();
    expect(session.since(new TabSession(1).epoch, 3)).toBeNull();
  });

  it('handles the gaps left by dropped frames and navigation markers', () => {
    const session = numbered();
    session.enforceBudget(settings({ maxFramesPerTab: 5 }));
    // 8 > 5: down to 4 frames: seq 6..9 kept.
    expect(seqs(session.records)).toEqual([0, 1, 6, 7, 8, 9]);
    session.startPage(DOC_B, 'https://example.test/next', 2, true); // 1.1 ended at seq 10, marker at seq 11
    feed(session, DOC_B, [create(1)]); // seq 12
    for (let after = -1; after <= 13; after++) {
      expect(session.since(session.epoch, after), `after ${after}`).toEqual(
        session.records.filter((r) => r.seq > after),
      );
    }
    expect(seqs(session.since(session.epoch, 2) ?? [])).toEqual([6, 7, 8, 9, 10, 12]);
    expect(seqs(session.since(session.epoch, 10) ?? [])).toEqual([12]);
  });
});

describe('TabSession.meta and restore', () => {
  /** Two documents, a closed socket, dropped frames, a navigation marker, paused, and some rejections. */
  function lived(): TabSession {
    const session = new TabSession(9);
    session.startPage(DOC_A, 'https://example.test/', 1, true);
    feed(session, DOC_A, [create(1), open(1), text(1, 'a1'), text(1, 'a2'), text(1, 'a3')], 0);
    feed(session, DOC_B, [create(1), open(1), text(1, 'b1'), close(1), text(7)], 2);
    session.enforceBudget(settings({ maxFramesPerTab: 3 }));
    session.startPage(DOC_C, 'https://example.test/next', 5, true);
    session.setPaused(true);
    return session;
  }

  /** Through JSON, as an IndexedDB round trip loses identity (and nothing else). */
  function reload(session: TabSession): TabSession {
    const meta = JSON.parse(JSON.stringify(session.meta())) as TabMeta;
    return TabSession.restore(meta, structuredClone(session.records));
  }

  it('keeps the meta as it was', () => {
    const session = lived();
    expect(session.rejected).toBe(1);
    expect(session.meta()).toEqual({
      tabId: 9,
      epoch: session.epoch,
      nextSeq: 11,
      documents: [
        [DOC_A, { doc: 1, next: 5, frameId: 0 }],
        [DOC_B, { doc: 2, next: 5, frameId: 2 }],
      ],
      topDocument: DOC_C,
      paused: true,
      framesKeptFrom: 4,
      droppedFrames: 2,
      droppedConnections: 0,
      droppedByConnection: { '1.1': 2 },
      // Socket 1.1 ended with its page at seq 9.
      navigations: [{ seq: 10, t: 5, url: 'https://example.test/next' }],
      rules: [],
      handshakes: [],
    });
    const restored = reload(session);
    expect(restored.meta()).toEqual(session.meta());
    expect(restored.records).toEqual(session.records);
    expect(restored.frameCount).toBe(session.frameCount);
    expect(restored.byteCount).toBe(session.byteCount);
    expect(restored.frameCount).toBe(2);
    expect(restored.byteCount).toBe(4);
    // Rejections are counted since the worker started.
    expect(restored.rejected).toBe(0);
    expect(restored.status(DEFAULT_SETTINGS)).toEqual({ ...session.status(DEFAULT_SETTINGS), rejected: 0 });
  });

  it('behaves as the session it was made from', () => {
    const original = lived();
    const restored = reload(original);
    const script = (session: TabSession) => {
      const rejectedBefore = session.rejected;
      // Resends of stored numbers, a gap, known and unknown sockets, a duplicate create, a new document.
      const results: unknown[] = [
        session.accept(DOC_A, 0, 0, [create(1), open(1), text(1, 'dup')]),
        session.accept(DOC_B, 2, 3, [close(1), text(7), create(2)]),
        session.accept(DOC_A, 0, 7, [text(1, 'gap')]),
      ];
      session.setPaused(false);
      results.push(
        feed(session, DOC_A, [text(1, 'new'), create(1), text(2)]),
        feed(session, DOC_B, [text(1, 'b1 again'), open(2), text(2, 'b2')], 2),
        feed(session, DOC_C, [create(1), text(1, 'c')], 4),
        session.startPage(DOC_C, 'https://example.test/next', 6, true),
        session.enforceBudget(settings({ maxFramesPerTab: 3 })),
        session.since(session.epoch, 5),
      );
      return {
        results,
        meta: session.meta(),
        records: session.records,
        frames: session.frameCount,
        bytes: session.byteCount,
        rejected: session.rejected - rejectedBefore,
      };
    };
    const expected = script(original);
    const actual = script(restored);
    expect(actual).toEqual(expected);

    // Spot checks of what the script did.
    expect(actual.rejected).toBe(2);
    expect(restored.document(DOC_A)).toEqual({ doc: 1, next: 8, frameId: 0 });
    expect(restored.document(DOC_C)).toEqual({ doc: 3, next: 2, frameId: 4 });
    expect(texts(restored.records)).toEqual(['b2', 'c']);
    // 1.1 (ended by the navigation) and 2.1 were closed: the budget dropped them whole.
    expect(restored.droppedConnections).toBe(2);
    expect(restored.droppedByConnection).toEqual({});
    expect(restored.knows('1.1') || restored.knows('2.1')).toBe(false);
  });

  it('loses nothing when the worker stops after a meta was taken but before it was written', () => {
    // The write queue takes meta() with a batch and stores it later (IndexedDB clones it at put()):
    // the stored meta must describe the records stored with it, not batches accepted since.
    const session = new TabSession(1);
    session.startPage(DOC_A, 'https://example.test/', 1, false);
    feed(session, DOC_A, [create(1), text(1, 'a')]);
    const queued = { meta: session.meta(), records: [...session.records] };
    feed(session, DOC_A, [text(1, 'b'), text(1, 'c')]); // the next write, which never commits
    const stored = JSON.parse(JSON.stringify(queued)) as typeof queued;
    const restored = TabSession.restore(stored.meta, stored.records);
    // The relay was acknowledged up to 2 only: it resends 2 and 3 on its new port.
    const resent = restored.accept(DOC_A, 0, 2, [text(1, 'b'), text(1, 'c')]);
    expect(texts(resent.added)).toEqual(['b', 'c']);
    expect(texts(restored.records)).toEqual(['a', 'b', 'c']);
    expect(seqs(restored.records)).toEqual([0, 1, 2, 3]);
  });

  it('gives a snapshot that later changes do not alter (it is written to storage later)', () => {
    const session = new TabSession(1);
    session.startPage(DOC_A, 'https://example.test/', 1, true);
    feed(session, DOC_A, [create(1), text(1), text(1)]);
    const meta = session.meta();
    const copy = structuredClone(meta);
    feed(session, DOC_A, [text(1), text(1)]);
    session.enforceBudget(settings({ maxFramesPerTab: 1 }));
    session.startPage(DOC_B, 'https://example.test/next', 2, true);
    expect(meta).toEqual(copy);
  });
});

describe('TabSession: hostile input', () => {
  function garbage(): unknown[] {
    const cyclic: Record<string, unknown> = { kind: 'frame', sid: 1, t: 0 };
    cyclic.self = cyclic;
    cyclic.data = cyclic;
    const cyclicCreate: Record<string, unknown> = { ...create(1) };
    const protocols: unknown[] = ['chat'];
    protocols.push(protocols);
    cyclicCreate.protocols = protocols;
    const deep: unknown[] = [];
    let nest = deep;
    for (let i = 0; i < 10_000; i++) {
      const inner: unknown[] = [];
      nest.push(inner);
      nest = inner;
    }
    const huge = 'x'.repeat(8 * 1024 * 1024);
    return [
      null,
      undefined,
      0,
      -1,
      Number.NaN,
      Infinity,
      true,
      '',
      huge,
      [],
      {},
      deep,
      cyclic,
      cyclicCreate,
      JSON.parse('{"__proto__":{"kind":"create","sid":2,"t":0}}'),
      JSON.parse(`{"__proto__":{"polluted":true},"kind":"frame","sid":1,"t":0,"dir":"sent","size":1}`),
      JSON.parse('{"constructor":{"prototype":{"polluted":true}},"kind":"error","sid":3,"t":0}'),
      { ...text(1), data: huge },
      { ...create(4), url: [huge] },
      { ...create(5), stack: { huge } },
      { ...create(6), protocols: Array(100_000).fill(7) },
      { ...close(1), reason: huge },
      { ...text(1), size: -1 },
      { ...text(1), t: Number.NaN },
      { ...text(1), sid: Number.MAX_SAFE_INTEGER + 2 },
      { ...binary(1, new Uint8Array(3)), data: '\u0000\u0000\u0000\u0000' },
      // Sockets that are the other document's (DOC_A's) sockets, or nobody's.
      text(1, 'not yours'),
      open(1),
      close(1),
      text(2),
      { ...text(1), conn: '1.1' },
    ];
  }

  it('stores nothing, throws nothing, and counts every record', () => {
    const session = new TabSession(1);
    feed(session, DOC_A, [create(1), open(1), text(1, 'mine')]);
    const before = snapshot(session);
    const batch = garbage();
    let result: ReturnType<TabSession['accept']> | undefined;
    expect(() => (result = feed(session, DOC_B, batch, 1))).not.toThrow();
    expect(result).toEqual({ added: [], next: batch.length, rejected: batch.length });
    expect(session.rejected).toBe(batch.length);
    expect(session.records).toEqual(before.records);
    expect(session.nextSeq).toBe(3);
    expect(session.frameCount).toBe(1);
    expect(session.byteCount).toBe(4);
    expect(session.document(DOC_A)).toEqual({ doc: 1, next: 3, frameId: 0 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();

    // DOC_A's socket still records; a repeat of the hostile batch is refused again as new numbers.
    expect(feed(session, DOC_A, [text(1, 'still mine')]).added).toHaveLength(1);
    expect(feed(session, DOC_B, batch, 1).rejected).toBe(batch.length);
    expect(session.rejected).toBe(2 * batch.length);
  });

  it('takes the valid records of its own sockets out of a mixed batch, and nothing else', () => {
    const session = new TabSession(1);
    feed(session, DOC_A, [create(1)]);
    const batch = [...garbage(), create(9), text(9, 'own'), ...garbage()];
    const result = feed(session, DOC_B, batch);
    expect(result.rejected).toBe(batch.length - 2);
    expect(result.added).toEqual([
      { ...create(9), seq: 1, conn: '2.9', frameId: 0, source: 'hook' },
      { ...text(9, 'own'), seq: 2, conn: '2.9', frameId: 0, source: 'hook' },
    ]);
  });

  it('survives a flood of full batches of fake records', () => {
    const session = new TabSession(1);
    const fake = Array.from({ length: BATCH_MAX_RECORDS }, (_, i) => text((i % 50) + 1, 'spam'));
    for (let i = 0; i < 20; i++) feed(session, DOC_A, fake);
    expect(session.records).toEqual([]);
    expect(session.rejected).toBe(20 * BATCH_MAX_RECORDS);
    expect(session.document(DOC_A).next).toBe(20 * BATCH_MAX_RECORDS);
  });
});

describe('TabSession.status', () => {
  it('is a valid status event, detached from the session', () => {
    const session = new TabSession(4);
    session.startPage(DOC_A, 'https://example.test/', 1, true);
    feed(session, DOC_A, [create(1), text(1), text(1), text(1), 'bad']);
    session.enforceBudget(settings({ maxFramesPerTab: 2 }));
    session.startPage(DOC_B, 'https://example.test/b', 2, true);
    const storage = { code: 'quota' as const, detail: 'QuotaExceededError: full', unstored: 3, memoryOnly: false };
    const status = session.status(settings({ preserveLog: true }), storage);
    expect(status).toEqual({
      tabId: 4,
      epoch: session.epoch,
      paused: false,
      preserveLog: true,
      framesKeptFrom: 3,
      droppedFrames: 2,
      droppedConnections: 0,
      droppedByConnection: { '1.1': 2 },
      rejected: 1,
      skippedRows: 0,
      hookErrors: 0,
      storage,
      // seq 4 is socket 1.1 ended by the navigation.
      navigations: [{ seq: 5, t: 2, url: 'https://example.test/b' }],
      settings: settings({ preserveLog: true }),
      rules: [],
    });
    const parsed = parseClientEvent({ type: 'status', status });
    expect(parsed).toEqual({ ok: true, value: { type: 'status', status } });
    expect(session.status(DEFAULT_SETTINGS).rejected).toBe(1);

    status.droppedByConnection['1.1'] = 99;
    status.navigations.push({ seq: 0, t: 0, url: '' });
    expect(session.droppedByConnection).toEqual({ '1.1': 2 });
    expect(session.navigations).toHaveLength(1);
  });
});

describe('TabSession.enforceBudget: closed connections go whole', () => {
  const smallest = readSettings({ maxFramesPerTab: 100, maxBytesPerTab: 64 * 1024 });

  it('drops the oldest closed connections whole (create to close) and keeps open ones', () => {
    const session = new TabSession(1);
    // 1.1 stays open; 1.2 and 1.3 open, talk and close; 1.4 is open.
    feed(session, DOC_A, [create(1), open(1), create(2), open(2), text(2), close(2)]);
    feed(session, DOC_A, [create(3), open(3), text(3), closing(3), close(3), create(4), text(1)]);
    const lifecycle = session.lifecycleByteCount;
    // A little over budget: dropping 1.2 whole (its records and its frame) is enough.
    const cut = session.enforceBudget(settings({ maxBytesPerTab: Math.ceil((lifecycle - 300) / 0.9) }));
    expect(cut).not.toBeNull();
    expect(cut!.droppedConnections).toEqual(['1.2']);
    expect(cut!.droppedEvents).toEqual(expect.arrayContaining([2, 3, 5]));
    expect(session.records.some((r) => r.conn === '1.2')).toBe(false);
    // Open connections keep their lifecycle records, whatever the cut.
    expect(kinds(session.records.filter((r) => r.conn === '1.1' && r.kind !== 'frame'))).toEqual([
      'create:1.1',
      'open:1.1',
    ]);
    expect(session.droppedConnections).toBe(cut!.droppedConnections.length);
    expect(session.status(DEFAULT_SETTINGS).droppedConnections).toBe(session.droppedConnections);
    expect(session.knows('1.2')).toBe(false);
    // What survives agrees with the shared rule the panel and the store apply.
    expect(session.lifecycleByteCount).toBeLessThan(lifecycle);
  });

  it('keeps 2,000 sockets with long URLs within the smallest budget, saying how many were dropped', () => {
    const session = new TabSession(1);
    const url = (sid: number) => `wss://example.test/${'long-path/'.repeat(200)}${sid}`;
    for (let sid = 1; sid <= 2000; sid++) {
      feed(session, DOC_A, [create(sid, url(sid)), open(sid), text(sid, 'hi'), close(sid)]);
      session.enforceBudget(smallest);
      expect(session.byteCount + session.lifecycleByteCount).toBeLessThanOrEqual(smallest.maxBytesPerTab);
      expect(session.frameCount).toBeLessThanOrEqual(smallest.maxFramesPerTab);
    }
    const kept = new Set(session.records.map((r) => r.conn));
    expect(kept.size).toBeGreaterThan(0);
    expect(session.droppedConnections).toBe(2000 - kept.size);
    // Whole connections only: every kept one still starts with its create and ends with its close.
    for (const conn of kept) {
      const own = session.records.filter((r) => r.conn === conn);
      expect(own[0]?.kind).toBe('create');
      expect(own.at(-1)?.kind).toBe('close');
    }
    // The newest survive.
    expect(kept.has('1.2000')).toBe(true);
  });

  it('ends nothing early: an open connection with a long URL stays even over budget', () => {
    const session = new TabSession(1);
    const long = `wss://example.test/${'x'.repeat(40_000)}`;
    feed(session, DOC_A, [create(1, long), open(1), create(2, long), open(2)]);
    expect(session.enforceBudget(smallest)).not.toBeNull();
    expect(kinds(session.records)).toEqual(['create:1.1', 'open:1.1', 'create:1.2', 'open:1.2']);
    expect(session.droppedConnections).toBe(0);
  });
});
