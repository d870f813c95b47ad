/**
 * StoreDb against an in-memory IndexedDB (fake-indexeddb implements the
 * spec's versionchange and deletion rules, which is what these tests are about).
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../protocol/settings';
import { StoreDb } from './store-db';
import { StorageFault } from './storage-fault';
import { dropChunkBlob, keepChunkBlob } from './chunk-blobs';
import { TabSession } from './tab-session';
import { DOC, createRecord, textFrame } from './testing';

const DB_NAME = 'websocket-lens';
const create = createRecord;
const text = textFrame;

/** A frames row as IndexedDB holds it. */
interface StoredRow {
  records: { data?: unknown }[];
  columns: { numbers: Float64Array; flags: Uint8Array; texts: string };
  bytes: Blob;
}

/** Where each plain frame of a row has its payload: [at, length]. */
const places = (row: StoredRow) =>
  Array.from(row.columns.flags, (_, i) => [row.columns.numbers[i * 8 + 6], row.columns.numbers[i * 8 + 7]]);

function request<T>(req: IDBRequest<T> | IDBOpenDBRequest): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result as T);
    req.onerror = () => reject(req.error ?? new Error('request failed'));
  });
}

/** Another context of the extension (a test's worker.evaluate) writing raw rows. */
async function rawPut(store: 'frames' | 'events', row: unknown): Promise<void> {
  const db = await request<IDBDatabase>(indexedDB.open(DB_NAME));
  const tx = db.transaction(store, 'readwrite');
  tx.objectStore(store).put(row);
  await new Promise((resolve) => (tx.oncomplete = resolve));
  db.close();
}

async function storedSession(db: StoreDb): Promise<TabSession> {
  const session = new TabSession(3);
  const { added } = session.accept(DOC, 0, 0, [create(1), text(1, 'a'), text(1, 'b'), create(2)]);
  await db.write([{ meta: session.meta(), records: added }]);
  return session;
}

afterEach(async () => {
  await request(indexedDB.deleteDatabase(DB_NAME));
});

describe('StoreDb', () => {
  it('loads what it wrote', async () => {
    const db = new StoreDb();
    const session = await storedSession(db);
    const [loaded] = await new StoreDb().loadAll();
    expect(loaded).toEqual({ meta: session.meta(), records: session.records, skipped: 0 });
    await db.deleteTab(3);
  });

  it('skips stored rows that are not valid records, counts them, and still loads the session', async () => {
    const db = new StoreDb();
    const session = await storedSession(db);
    // A lifecycle row of an unknown kind, and a frames row with one damaged frame among good ones.
    await rawPut('events', { tabId: 3, seq: 10, record: { kind: 'bogus', seq: 10 } });
    const good = { ...text(1, 'c'), seq: 11, conn: '1.1', frameId: 0 };
    const damaged = { ...text(1, 'd'), seq: 12, conn: '1.1', frameId: 0, size: -1 };
    await rawPut('frames', { tabId: 3, seq: 12, first: 11, records: [good, damaged] });
    await rawPut('frames', { tabId: 3, seq: 20, first: 13, records: 'not a list' });

    const [loaded] = await new StoreDb().loadAll();
    expect(loaded!.skipped).toBe(3);
    expect(loaded!.records).toEqual([...session.records, good]);
    const restored = TabSession.restore(loaded!.meta, loaded!.records, loaded!.skipped);
    expect(restored.status(DEFAULT_SETTINGS).skippedRows).toBe(3);
    expect(restored.frameCount).toBe(3);
  });

  it('loads binary frames an older build stored as base64 as bytes, and skips one whose base64 is damaged', async () => {
    const db = new StoreDb();
    const session = await storedSession(db);
    const older = (seq: number, data: string) => ({
      ...text(1, ''),
      type: 'binary',
      data,
      size: 4,
      seq,
      conn: '1.1',
      frameId: 0,
    });
    await rawPut('frames', { tabId: 3, seq: 12, first: 11, records: [older(11, 'AAEC/w=='), older(12, 'AAEC/w')] });

    const [loaded] = await new StoreDb().loadAll();
    expect(loaded!.skipped).toBe(1);
    const upgraded = loaded!.records.at(-1)!;
    expect(upgraded).toMatchObject({ kind: 'frame', type: 'binary', seq: 11, size: 4 });
    expect((upgraded as { data: unknown }).data).toEqual(new Uint8Array([0, 1, 2, 255]));
    expect(loaded!.records.slice(0, -1)).toEqual(session.records);
  });

  it("stores a row's binary payloads in one Blob and loads them back as bytes", async () => {
    const db = new StoreDb();
    const session = new TabSession(3);
    const chunk = new Uint8Array([9, 0, 1, 2, 255, 7, 7, 9]);
    const binary = (data: Uint8Array) => ({ ...text(1, ''), type: 'binary' as const, data, size: data.length });
    const { added } = session.accept(DOC, 0, 0, [
      create(1),
      binary(chunk.subarray(1, 5)),
      text(1, 'between'),
      binary(chunk.subarray(5, 7)),
    ]);
    await db.write([{ meta: session.meta(), records: added }]);
    const raw = await request<IDBDatabase>(indexedDB.open(DB_NAME));
    const rows = await request<StoredRow[]>(raw.transaction('frames').objectStore('frames').getAll());
    raw.close();
    expect(rows).toHaveLength(1);
    expect(new Uint8Array(await rows[0]!.bytes.arrayBuffer())).toEqual(new Uint8Array([0, 1, 2, 255, 7, 7]));
    // Plain frames in columns: where each payload is (bytes of the Blob; units of the joined texts).
    expect(rows[0]!.records).toEqual([]);
    expect(places(rows[0]!)).toEqual([
      [0, 4],
      [0, 7],
      [4, 2],
    ]);
    expect(rows[0]!.columns.texts).toBe('between');
    const [loaded] = await new StoreDb().loadAll();
    expect(loaded!.records).toEqual(session.records);
    expect(loaded!.skipped).toBe(0);
  });

  it('puts bytes that came in a Blob into the row as that Blob, whole, and keeps a batch of them in one row', async () => {
    const db = new StoreDb();
    const session = new TabSession(3);
    // As the relay-port source leaves a batch read from its Blob: one buffer, and the Blob beside it.
    const bytes = new Uint8Array(601).map((_, i) => i % 251);
    keepChunkBlob(bytes.buffer, new Blob([bytes]));
    const frames = Array.from({ length: 600 }, (_, i) => ({
      ...text(1, ''),
      type: 'binary' as const,
      data: bytes.subarray(i + 1, i + 2),
      size: 1,
    }));
    const { added } = session.accept(DOC, 0, 0, [create(1), ...frames]);
    await db.write([{ meta: session.meta(), records: added }]);
    const raw = await request<IDBDatabase>(indexedDB.open(DB_NAME));
    const rows = await request<StoredRow[]>(raw.transaction('frames').objectStore('frames').getAll());
    raw.close();
    expect(rows).toHaveLength(1); // not cut at 500 frames: the Blob goes into one row
    expect(new Uint8Array(await rows[0]!.bytes.arrayBuffer())).toEqual(bytes); // all of it, the unused first byte too
    expect(places(rows[0]!)[0]).toEqual([1, 1]);
    dropChunkBlob(bytes.buffer);
    const [loaded] = await new StoreDb().loadAll();
    expect(loaded!.records).toEqual(session.records);
  });

  it("keeps the right bytes for a row's frames left after the budget cut through it", async () => {
    const db = new StoreDb();
    const session = new TabSession(3);
    const binary = (...bytes: number[]) => ({
      ...text(1, ''),
      type: 'binary' as const,
      data: new Uint8Array(bytes),
      size: bytes.length,
    });
    const { added } = session.accept(DOC, 0, 0, [create(1), binary(1, 1, 1), binary(2, 2), binary(3)]);
    await db.write([{ meta: session.meta(), records: added }]);
    const keptFrom = added[2]!.seq;
    await db.write([{ meta: { ...session.meta(), framesKeptFrom: keptFrom }, records: [], dropFramesBelow: keptFrom }]);
    const [loaded] = await db.loadAll();
    const frames = loaded!.records.filter((r) => r.kind === 'frame');
    expect(frames.map((r) => (r as { data: Uint8Array }).data)).toEqual([new Uint8Array([2, 2]), new Uint8Array([3])]);
  });

  it('keeps plain frames in columns and the others as records, and loads them back in order, after a cut too', async () => {
    const db = new StoreDb();
    const session = new TabSession(3);
    const binary = { ...text(1, ''), type: 'binary' as const, data: new Uint8Array([5, 6]), size: 2 };
    const { added } = session.accept(DOC, 0, 0, [
      create(1),
      create(2),
      text(1, 'one'),
      { ...text(2, 'sent'), dir: 'sent', origin: 'devtools' },
      { ...text(1, 'held'), intercept: { rule: 'slow', action: 'delayed' } },
      binary,
      { ...text(2, 'ünï'), truncated: true, size: 100 },
      { ...binary, origin: 'simulated', dir: 'received' },
    ]);
    await db.write([{ meta: session.meta(), records: added }]);
    const raw = await request<IDBDatabase>(indexedDB.open(DB_NAME));
    const [row] = await request<StoredRow[]>(raw.transaction('frames').objectStore('frames').getAll());
    raw.close();
    expect(row!.records).toHaveLength(1); // the intercepted one
    expect(row!.columns.flags).toHaveLength(5);
    let [loaded] = await new StoreDb().loadAll();
    expect(loaded).toEqual({ meta: session.meta(), records: session.records, skipped: 0 });

    // The budget's cut goes through the row: what is left still finds its texts and bytes.
    const keptFrom = added[4]!.seq;
    await db.write([{ meta: { ...session.meta(), framesKeptFrom: keptFrom }, records: [], dropFramesBelow: keptFrom }]);
    [loaded] = await new StoreDb().loadAll();
    const frames = loaded!.records.filter((r) => r.kind === 'frame');
    expect(frames).toEqual(added.slice(4));
  });

  it('cuts rows of texts before what they write inline reaches 64 KiB (IndexedDB would wrap it in a Blob)', async () => {
    const db = new StoreDb();
    const session = new TabSession(3);
    const texts = Array.from({ length: 600 }, (_, i) => text(1, String(i).padStart(100, 'x')));
    const { added } = session.accept(DOC, 0, 0, [create(1), ...texts]);
    await db.write([{ meta: session.meta(), records: added }]);
    const raw = await request<IDBDatabase>(indexedDB.open(DB_NAME));
    const rows = await request<StoredRow[]>(raw.transaction('frames').objectStore('frames').getAll());
    raw.close();
    expect(rows.length).toBeGreaterThan(2);
    for (const row of rows)
      expect(row.columns.numbers.byteLength + row.columns.texts.length * 2).toBeLessThan(64 * 1024);
    const [loaded] = await new StoreDb().loadAll();
    expect(loaded!.records).toEqual(session.records);
  });

  it('skips and counts the frames of damaged columns, and a text whose place is outside its row', async () => {
    const db = new StoreDb();
    const session = await storedSession(db);
    const columns = (numbers: number[], texts: string) => ({
      numbers: new Float64Array(numbers),
      flags: new Uint8Array(numbers.length / 8),
      conns: ['1.1'],
      texts,
    });
    await rawPut('frames', {
      tabId: 3,
      seq: 11,
      first: 11,
      records: [],
      columns: columns([11, 1, 2, 2, 0, 0, 1, 2], 'ab'),
    });
    await rawPut('frames', { tabId: 3, seq: 12, first: 12, records: [], columns: { ...columns([], ''), flags: 'x' } });
    await rawPut('frames', {
      tabId: 3,
      seq: 13,
      first: 13,
      records: [],
      columns: columns([13, 1, 2, 1, 0, 0, 0, 1], 'c'),
    });
    const [loaded] = await new StoreDb().loadAll();
    expect(loaded!.skipped).toBe(2);
    expect(loaded!.records.slice(session.records.length)).toEqual([
      {
        kind: 'frame',
        sid: 1,
        t: 2,
        dir: 'received',
        size: 1,
        truncated: false,
        type: 'text',
        data: 'c',
        seq: 13,
        conn: '1.1',
        frameId: 0,
      },
    ]);
  });

  it('skips and counts a stored frame whose bytes are not in its row', async () => {
    const db = new StoreDb();
    const session = await storedSession(db);
    const frame = { ...text(1, ''), type: 'binary', size: 4, seq: 11, conn: '1.1', frameId: 0 };
    await rawPut('frames', { tabId: 3, seq: 11, first: 11, records: [{ ...frame, data: { at: 2, length: 4 } }] });
    const [loaded] = await new StoreDb().loadAll();
    expect(loaded!.skipped).toBe(1);
    expect(loaded!.records).toEqual(session.records);
  });

  it('skips a tab whose stored meta is damaged', async () => {
    const db = new StoreDb();
    await storedSession(db);
    await rawPut('events', { tabId: 4, seq: 0, record: { ...create(1), seq: 0, conn: '1.1', frameId: 0 } });
    const raw = await request<IDBDatabase>(indexedDB.open(DB_NAME));
    const tx = raw.transaction('tabs', 'readwrite');
    tx.objectStore('tabs').put({ tabId: 4, epoch: 7 });
    await new Promise((resolve) => (tx.oncomplete = resolve));
    raw.close();
    expect((await new StoreDb().loadAll()).map((tab) => tab.meta.tabId)).toEqual([3]);
  });

  it('deletes the lifecycle records of connections the budget dropped whole', async () => {
    const db = new StoreDb();
    const session = new TabSession(3);
    const close = { kind: 'close', sid: 1, t: 3, code: 1000, reason: '', wasClean: true, by: 'server' };
    const { added } = session.accept(DOC, 0, 0, [create(1), text(1, 'x'.repeat(500)), close, create(2)]);
    await db.write([{ meta: session.meta(), records: added }]);
    const cut = session.enforceBudget({ ...DEFAULT_SETTINGS, maxBytesPerTab: 300 });
    expect(cut?.droppedConnections).toEqual(['1.1']);
    await db.write([
      { meta: session.meta(), records: [], dropFramesBelow: cut!.keptFrom, dropEvents: cut!.droppedEvents },
    ]);
    const [loaded] = await db.loadAll();
    expect(loaded!.records).toEqual(session.records);
    expect(loaded!.records.map((r) => r.conn)).toEqual(['1.2']);
  });

  it('lets another context delete the database, fails the next write as broken, then reopens', async () => {
    const db = new StoreDb();
    await storedSession(db);
    // The deletion is blocked until our connection closes: StoreDb closes it on versionchange.
    await request(indexedDB.deleteDatabase(DB_NAME));
    const next = new TabSession(3);
    const { added } = next.accept(DOC, 0, 0, [create(1)]);
    const failed = await db.write([{ meta: next.meta(), records: added }]).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(StorageFault);
    expect(failed).toMatchObject({ code: 'broken' });
    await db.write([{ meta: next.meta(), records: added, replace: true }]);
    const [loaded] = await db.loadAll();
    expect(loaded!.records).toEqual(added);
  });

  it('is unavailable while the database cannot be opened (a newer version exists), and opens once it can', async () => {
    const newer = await request<IDBDatabase>(indexedDB.open(DB_NAME, 99));
    newer.close();
    const db = new StoreDb();
    const failed = await db.loadAll().catch((e: unknown) => e);
    expect(failed).toMatchObject({ code: 'unavailable' });
    expect((failed as StorageFault).detail).toMatch(/^VersionError/);
    await request(indexedDB.deleteDatabase(DB_NAME));
    expect(await db.loadAll()).toEqual([]);
  });
});
