import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseClientEvent } from '../protocol/messages';
import { DEFAULT_SETTINGS } from '../protocol/settings';
import { StorageFault } from './storage-fault';
import { DOC, FakeStore, createRecord, textFrame } from './testing';
import { TabSession } from './tab-session';
import { GIVE_UP_MS, RETRY_FIRST_MS, WriteQueue } from './write-queue';

const create = createRecord(1);
const text = (data: string) => textFrame(1, data);

let store: FakeStore;
let session: TabSession;
let queue: WriteQueue;
let healthChanges: number;

beforeEach(() => {
  vi.useFakeTimers();
  store = new FakeStore();
  session = new TabSession(5);
  healthChanges = 0;
  queue = new WriteQueue({
    db: store,
    sessions: () => [session],
    onHealthChange: () => void healthChanges++,
    now: () => Date.now(),
  });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Records a relay batch as the service does: accept, then queue with an ack keyed by the port. */
function relayBatch(records: unknown[], acks: number[], port: unknown = acks): void {
  const result = session.accept(DOC, 0, session.document(DOC).next, records);
  const next = result.next;
  queue.add(session, result.added, null, () => acks.push(next), port);
}

/** The tab's status as a panel would get it, validated. */
function statusNow() {
  const parsed = parseClientEvent({ type: 'status', status: session.status(DEFAULT_SETTINGS, queue.health(5)) });
  if (!parsed.ok || parsed.value.type !== 'status') throw new Error(`not a valid status: ${JSON.stringify(parsed)}`);
  return parsed.value.status;
}

describe('WriteQueue', () => {
  it('acknowledges only after the write commits', async () => {
    const acks: number[] = [];
    relayBatch([create, text('a')], acks);
    expect(acks).toEqual([]);
    await vi.advanceTimersByTimeAsync(30);
    expect(acks).toEqual([2]);
    expect(store.rows.get(5)?.size).toBe(2);
    expect(statusNow().storage).toBeUndefined();
  });

  it('never acknowledges a failed write, retries with backoff, shows the fault, and recovers', async () => {
    const acks: number[] = [];
    store.failing = new StorageFault('quota', 'QuotaExceededError: the quota has been exceeded');
    relayBatch([create, text('a')], acks);
    await vi.advanceTimersByTimeAsync(30);
    expect(store.attempts).toBe(1);
    expect(acks).toEqual([]);
    expect(healthChanges).toBeGreaterThan(0);
    expect(statusNow().storage).toEqual({
      code: 'quota',
      detail: 'QuotaExceededError: the quota has been exceeded',
      unstored: 2,
      memoryOnly: false,
    });

    // More records while failing: nothing is written until the retry, nothing acknowledged.
    relayBatch([text('b')], acks);
    await vi.advanceTimersByTimeAsync(30);
    expect(store.attempts).toBe(1);
    await vi.advanceTimersByTimeAsync(RETRY_FIRST_MS);
    expect(store.attempts).toBe(2);
    expect(acks).toEqual([]);
    expect(statusNow().storage?.unstored).toBe(3);
    // Backoff: each retry waits twice as long as the one before.
    await vi.advanceTimersByTimeAsync(RETRY_FIRST_MS * 6);
    expect(store.attempts).toBe(4);
    const gaps = store.tried.slice(1).map((t, i) => t - store.tried[i]!);
    expect(gaps).toEqual([RETRY_FIRST_MS, RETRY_FIRST_MS * 2, RETRY_FIRST_MS * 4]);
    expect(acks).toEqual([]);

    // Storage works again: the retry writes the session whole, then acknowledges, and the fault is gone.
    store.failing = null;
    const before = healthChanges;
    await vi.advanceTimersByTimeAsync(RETRY_FIRST_MS * 8);
    expect(acks).toEqual([3]);
    expect(store.committed).toHaveLength(1);
    expect(store.committed[0]).toMatchObject([{ replace: true }]);
    expect([...store.rows.get(5)!.keys()]).toEqual([0, 1, 2]);
    expect(statusNow().storage).toBeUndefined();
    expect(healthChanges).toBe(before + 1);

    // And back to ordinary writes.
    relayBatch([text('c')], acks);
    await vi.advanceTimersByTimeAsync(30);
    expect(acks).toEqual([3, 4]);
    expect(store.committed[1]).toMatchObject([{ records: [{ seq: 3 }] }]);
  });

  it('acknowledges each relay port once per write, with the latest number', async () => {
    const one: number[] = [];
    const two: number[] = [];
    store.failing = new StorageFault('broken', 'InvalidStateError: closing');
    relayBatch([create], one, 'port 1');
    relayBatch([text('a')], one, 'port 1');
    relayBatch([text('b')], two, 'port 2');
    await vi.advanceTimersByTimeAsync(30 + RETRY_FIRST_MS * 3);
    expect([one, two]).toEqual([[], []]);
    store.failing = null;
    await vi.advanceTimersByTimeAsync(RETRY_FIRST_MS * 8);
    expect([one, two]).toEqual([[2], [3]]);
  });

  it('stops holding acknowledgements back after failing for GIVE_UP_MS, and says the records are in memory only', async () => {
    const acks: number[] = [];
    store.failing = new StorageFault('broken', 'UnknownError: internal error');
    relayBatch([create, text('a')], acks);
    await vi.advanceTimersByTimeAsync(GIVE_UP_MS - 1000);
    expect(acks).toEqual([]);
    expect(statusNow().storage?.memoryOnly).toBe(false);
    await vi.advanceTimersByTimeAsync(11_000);
    expect(acks).toEqual([2]);
    expect(statusNow().storage).toMatchObject({ code: 'broken', memoryOnly: true, unstored: 2 });
    // Memory-only: new records are acknowledged at once, and still counted as unstored.
    relayBatch([text('b')], acks);
    expect(acks).toEqual([2, 3]);
    expect(statusNow().storage?.unstored).toBe(3);
    // Writing is still retried; the first commit stores everything and ends the fault.
    store.failing = null;
    await vi.advanceTimersByTimeAsync(10_000);
    expect([...store.rows.get(5)!.keys()]).toEqual([0, 1, 2]);
    expect(statusNow().storage).toBeUndefined();
  });

  it('goes memory-only at once when the database cannot be read at start, and keeps trying to open it', async () => {
    store.failing = new StorageFault('unavailable', 'VersionError: the requested version is less than the existing');
    expect(await queue.load()).toEqual([]);
    expect(statusNow().storage).toMatchObject({ code: 'unavailable', memoryOnly: true });
    const acks: number[] = [];
    relayBatch([create], acks);
    expect(acks).toEqual([1]);
    store.failing = null;
    await vi.advanceTimersByTimeAsync(RETRY_FIRST_MS);
    expect(store.rows.get(5)?.size).toBe(1);
    expect(statusNow().storage).toBeUndefined();
  });

  it('does not write records a budget cut dropped while they waited', async () => {
    relayBatch([create, text('a'), text('b'), text('c')], []);
    const cut = session.enforceBudget({ ...DEFAULT_SETTINGS, maxFramesPerTab: 2 });
    queue.add(session, [], cut);
    await vi.advanceTimersByTimeAsync(30);
    expect([...store.rows.get(5)!.keys()]).toEqual([0, 3]);
    expect(store.committed[0]?.[0]?.dropFramesBelow).toBe(3);
  });

  it('stores what memory keeps when a batch closes a connection that the cut after it drops whole', async () => {
    const long = 'wss://example.test/' + 'p'.repeat(4000);
    const closeOf = (sid: number) => ({ kind: 'close', sid, t: 4, code: 1000, reason: '', wasClean: true, by: 'page' });
    const settings = { ...DEFAULT_SETTINGS, maxBytesPerTab: 64 * 1024 };
    // Sockets open in one batch and close in the next, beside the next sockets' creates (many sockets at once).
    const group = (first: number) => Array.from({ length: 10 }, (_, i) => first + i);
    for (let first = 1; first <= 210; first += 10) {
      const batch = [
        ...(first <= 200 ? group(first).map((n) => ({ ...create, sid: n, url: long })) : []),
        ...(first > 1 ? group(first - 10).map(closeOf) : []),
      ];
      const result = session.accept(DOC, 0, session.document(DOC).next, batch);
      queue.add(session, result.added, session.enforceBudget(settings));
      await vi.advanceTimersByTimeAsync(30);
    }
    expect(session.droppedConnections).toBeGreaterThan(150);
    expect([...store.rows.get(5)!.keys()].sort((a, b) => a - b)).toEqual(session.records.map((r) => r.seq));
  });
});
