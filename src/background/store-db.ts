/**
 * IndexedDB persistence of tab sessions, so nothing is lost when the service
 * worker stops. Frames are stored in rows of up to FRAMES_PER_ROW (or
 * ROW_BYTES of payload) keyed by [tabId, seq of the row's last frame] (one put
 * per row, not per frame: puts were half the worker's time under a flood),
 * with their binary payloads in one Blob per row (stored-rows.ts), so budget
 * eviction deletes one key range and trims the row it cuts through (its Blob
 * goes with the row's last frame). Lifecycle records (few, and what
 * keeps connections intact) have their own store and are never evicted. Each
 * flush is one transaction that also writes the tabs' meta (relay numbers
 * included), so records and dedup state can never disagree.
 *
 * Failures are StorageFaults (storage-fault.ts). The connection is closed
 * when another context deletes or upgrades the database (so that can go on);
 * the next write then fails once as `broken` (what was stored may be gone, so
 * the WriteQueue writes every session again) and reopens on the one after.
 * Rows are validated on load (stored-rows.ts).
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { recordsAfterCut } from '../lib/session';
import type { SessionRecord } from '../protocol/schema';
import type { TabMeta } from './tab-session';
import { StorageFault, storageFault } from './storage-fault';
import {
  mergeBySeq,
  packFrames,
  rowBytes,
  rowFrom,
  shareChunkBlob,
  unpackFrames,
  validMeta,
  validRecords,
  type FrameColumns,
} from './stored-rows';

interface EventRow {
  tabId: number;
  seq: number;
  record: SessionRecord;
}

/**
 * Consecutive frames of one tab; `seq` is the last one's (the key), `first` the
 * first one's; plain frames in `columns`, binary payloads in `bytes` (packFrames).
 */
interface FrameRow {
  tabId: number;
  seq: number;
  first: number;
  records: { seq: number }[];
  columns?: FrameColumns;
  bytes?: Blob;
}

interface LensDB extends DBSchema {
  frames: { key: [number, number]; value: FrameRow };
  events: { key: [number, number]; value: EventRow };
  tabs: { key: number; value: TabMeta };
}

const FRAMES_PER_ROW = 500;
/** A row's payload bytes stop growing past this, so trimming a row keeps little that was dropped. */
const ROW_BYTES = 8 * 1024 * 1024;
/**
 * What a row writes inline (its columns and texts) stays under this: Blink puts
 * an IndexedDB value over 64 KiB into a Blob of its own, and under a text flood
 * that cost the worker a third of its time (500 frames of 64 B a row, against 200).
 */
const ROW_INLINE_BYTES = 56 * 1024;
/** A frame's columns, written inline (stored-rows.ts). */
const FRAME_INLINE_BYTES = 72;

/** What one flush writes for one tab. */
export interface TabWrite {
  meta: TabMeta;
  records: SessionRecord[];
  /** Delete frames with seq below this (budget eviction). */
  dropFramesBelow?: number;
  /** Delete these lifecycle records (of closed connections dropped whole by the budget). */
  dropEvents?: number[];
  /** Delete everything of the tab before writing (clear, new page session). */
  replace?: boolean;
}

const DB_NAME = 'websocket-lens';
const all = (tabId: number) => IDBKeyRange.bound([tabId, -Infinity], [tabId, Infinity]);

/** A stored tab: its meta and valid records, and how many stored records were not valid. */
export interface StoredTab {
  meta: TabMeta;
  records: SessionRecord[];
  skipped: number;
}

/** What the WriteQueue and the service need of a store (a fake one in tests). */
export interface RecordStore {
  loadAll(): Promise<StoredTab[]>;
  write(writes: TabWrite[]): Promise<void>;
  deleteTab(tabId: number): Promise<void>;
}

/** An open that neither succeeds nor fails (blocked by another connection) counts as unavailable after this. */
const OPEN_TIMEOUT_MS = 5000;

export class StoreDb implements RecordStore {
  private db: IDBPDatabase<LensDB> | null = null;
  private opening: Promise<IDBPDatabase<LensDB>> | null = null;
  /** The connection was closed under us since the last operation. */
  private lost = false;

  private connection(): Promise<IDBPDatabase<LensDB>> {
    if (this.lost) {
      this.lost = false;
      const detail = 'The database was closed under the extension (deleted or upgraded elsewhere)';
      return Promise.reject(new StorageFault('broken', detail));
    }
    if (this.db) return Promise.resolve(this.db);
    return (this.opening ??= this.open().finally(() => (this.opening = null)));
  }

  private async open(): Promise<IDBPDatabase<LensDB>> {
    const opened = openDB<LensDB>(DB_NAME, 2, {
      upgrade(database, oldVersion) {
        // Version 1 kept one row per frame; its sessions are not carried over.
        if (oldVersion > 0) for (const name of [...database.objectStoreNames]) database.deleteObjectStore(name);
        database.createObjectStore('frames', { keyPath: ['tabId', 'seq'] });
        database.createObjectStore('events', { keyPath: ['tabId', 'seq'] });
        database.createObjectStore('tabs', { keyPath: 'tabId' });
      },
      // Another context deletes or upgrades the database: let it, and reopen later.
      blocking: () => this.dropConnection(),
      terminated: () => this.dropConnection(),
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`No answer from IndexedDB in ${OPEN_TIMEOUT_MS} ms`)), OPEN_TIMEOUT_MS);
    });
    try {
      this.db = await Promise.race([opened, timeout]);
      return this.db;
    } catch (error) {
      void opened.then((late) => late.close()).catch(() => {});
      throw storageFault(error, true);
    } finally {
      clearTimeout(timer);
    }
  }

  private dropConnection(): void {
    this.db?.close();
    this.db = null;
    this.lost = true;
  }

  async loadAll(): Promise<StoredTab[]> {
    const db = await this.connection();
    try {
      const tx = db.transaction(['tabs', 'frames', 'events'], 'readonly');
      const metas = await tx.objectStore('tabs').getAll();
      const read: { meta: TabMeta; frameRows: unknown[]; eventRows: unknown[] }[] = [];
      for (const stored of metas) {
        const meta = validMeta(stored);
        if (!meta) {
          console.warn('WebSocket Lens: a stored session with a damaged header was skipped', stored);
          continue;
        }
        const [frameRows, eventRows] = await Promise.all([
          tx.objectStore('frames').getAll(all(meta.tabId)),
          tx.objectStore('events').getAll(all(meta.tabId)),
        ]);
        read.push({ meta, frameRows, eventRows });
      }
      await tx.done;
      // The rows' Blobs are read after the transaction: it would commit while we wait for them.
      const loaded: StoredTab[] = [];
      for (const { meta, frameRows, eventRows } of read) {
        const buffers = await Promise.all(frameRows.map((row) => rowBytes(row as FrameRow | undefined)));
        const frames = validRecords(unpackFrames(frameRows, buffers));
        const events = validRecords(eventRows.map((row) => (row as EventRow | undefined)?.record));
        const keptFrames = frames.records.filter((r) => r.kind === 'frame' && r.seq >= meta.framesKeptFrom);
        const records = mergeBySeq(
          keptFrames,
          events.records.filter((r) => r.kind !== 'frame'),
          (r) => r.seq,
        );
        loaded.push({
          meta,
          records: recordsAfterCut(records, meta.framesKeptFrom),
          skipped: frames.skipped + events.skipped,
        });
      }
      return loaded;
    } catch (error) {
      throw storageFault(error);
    }
  }

  async write(writes: TabWrite[]): Promise<void> {
    const db = await this.connection();
    try {
      await this.writeIn(db, writes);
    } catch (error) {
      throw storageFault(error);
    }
  }

  private async writeIn(db: IDBPDatabase<LensDB>, writes: TabWrite[]): Promise<void> {
    const tx = db.transaction(['tabs', 'frames', 'events'], 'readwrite');
    const frames = tx.objectStore('frames');
    const events = tx.objectStore('events');
    for (const { meta, records, dropFramesBelow, dropEvents, replace } of writes) {
      const tabId = meta.tabId;
      if (replace) {
        void frames.delete(all(tabId));
        void events.delete(all(tabId));
      }
      for (const seq of dropEvents ?? []) void events.delete([tabId, seq]);
      if (dropFramesBelow !== undefined) {
        void frames.delete(IDBKeyRange.bound([tabId, -Infinity], [tabId, dropFramesBelow], false, true));
        // The row the cut goes through keeps only its frames at or above the cut.
        const cursor = await frames.openCursor(IDBKeyRange.bound([tabId, dropFramesBelow], [tabId, Infinity]));
        if (cursor && cursor.value.first < dropFramesBelow) void cursor.update(rowFrom(cursor.value, dropFramesBelow));
      }
      const frameRecords: SessionRecord[] = [];
      for (const record of records) {
        if (record.kind === 'frame') frameRecords.push(record);
        else void events.put({ tabId, seq: record.seq, record });
      }
      for (const row of frameRows(frameRecords)) {
        const packed = packFrames(row);
        void frames.put({ tabId, seq: row.at(-1)!.seq, first: row[0]!.seq, ...packed });
      }
      void tx.objectStore('tabs').put(meta);
    }
    await tx.done;
  }

  async deleteTab(tabId: number): Promise<void> {
    const db = await this.connection();
    try {
      const tx = db.transaction(['tabs', 'frames', 'events'], 'readwrite');
      void tx.objectStore('frames').delete(all(tabId));
      void tx.objectStore('events').delete(all(tabId));
      void tx.objectStore('tabs').delete(tabId);
      await tx.done;
    } catch (error) {
      throw storageFault(error);
    }
  }
}

/**
 * Frames cut into rows of at most FRAMES_PER_ROW frames, ROW_INLINE_BYTES
 * written inline and, past the first, ROW_BYTES of payload; but frames of one
 * batch whose bytes came in a Blob stay together (a batch has at most
 * BATCH_MAX_RECORDS frames and about BATCH_MAX_BYTES), so its Blob goes into
 * one row only.
 */
function frameRows(frames: readonly SessionRecord[]): SessionRecord[][] {
  const rows: SessionRecord[][] = [];
  let row: SessionRecord[] = [];
  let bytes = 0;
  let inline = 0;
  for (const frame of frames) {
    const binary = frame.kind === 'frame' && frame.type === 'binary';
    const size = binary ? frame.data.byteLength : 0;
    // A text counted at two bytes a unit: Latin-1 texts are written in one, the rest in two.
    const written = FRAME_INLINE_BYTES + (frame.kind === 'frame' && !binary ? frame.data.length * 2 : 0);
    const full =
      row.length >= FRAMES_PER_ROW ||
      (row.length > 0 && (bytes + size > ROW_BYTES || inline + written > ROW_INLINE_BYTES));
    if (full && !shareChunkBlob(row.at(-1), frame)) {
      rows.push(row);
      row = [];
      bytes = 0;
      inline = 0;
    }
    row.push(frame);
    bytes += size;
    inline += written;
  }
  if (row.length > 0) rows.push(row);
  return rows;
}
