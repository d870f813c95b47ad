/**
 * IndexedDB persistence of tab sessions, so nothing is lost when the service
 * worker stops. Frames are stored in rows of up to FRAMES_PER_ROW keyed by
 * [tabId, seq of the row's last frame] (one put per row, not per frame: puts
 * were half the worker's time under a flood), so budget eviction deletes one
 * key range and trims the row it cuts through. Lifecycle records (few, and what
 * keeps connections intact) have their own store and are never evicted. Each
 * flush is one transaction that also writes the tabs' meta (relay numbers
 * included), so records and dedup state can never disagree.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { SessionRecord } from '../protocol/schema';
import type { TabMeta } from './tab-session';

interface EventRow {
  tabId: number;
  seq: number;
  record: SessionRecord;
}

/** Consecutive frames of one tab; `seq` is the last one's (the key), `first` the first one's. */
interface FrameRow {
  tabId: number;
  seq: number;
  first: number;
  records: SessionRecord[];
}

interface LensDB extends DBSchema {
  frames: { key: [number, number]; value: FrameRow };
  events: { key: [number, number]; value: EventRow };
  tabs: { key: number; value: TabMeta };
}

const FRAMES_PER_ROW = 500;

/** What one flush writes for one tab. */
export interface TabWrite {
  meta: TabMeta;
  records: SessionRecord[];
  /** Delete frames with seq below this (budget eviction). */
  dropFramesBelow?: number;
  /** Delete everything of the tab before writing (clear, new page session). */
  replace?: boolean;
}

const DB_NAME = 'websocket-lens';
const all = (tabId: number) => IDBKeyRange.bound([tabId, -Infinity], [tabId, Infinity]);

export class StoreDb {
  private constructor(private readonly db: IDBPDatabase<LensDB>) {}

  static async open(): Promise<StoreDb> {
    const db = await openDB<LensDB>(DB_NAME, 2, {
      upgrade(database, oldVersion) {
        // Version 1 kept one row per frame; its sessions are not carried over.
        if (oldVersion > 0) for (const name of [...database.objectStoreNames]) database.deleteObjectStore(name);
        database.createObjectStore('frames', { keyPath: ['tabId', 'seq'] });
        database.createObjectStore('events', { keyPath: ['tabId', 'seq'] });
        database.createObjectStore('tabs', { keyPath: 'tabId' });
      },
    });
    return new StoreDb(db);
  }

  async loadAll(): Promise<{ meta: TabMeta; records: SessionRecord[] }[]> {
    const tx = this.db.transaction(['tabs', 'frames', 'events'], 'readonly');
    const metas = await tx.objectStore('tabs').getAll();
    const loaded = [];
    for (const meta of metas) {
      const [frames, events] = await Promise.all([
        tx.objectStore('frames').getAll(all(meta.tabId)),
        tx.objectStore('events').getAll(all(meta.tabId)),
      ]);
      const kept = frames.flatMap((row) => row.records).filter((r) => r.seq >= meta.framesKeptFrom);
      loaded.push({
        meta,
        records: mergeBySeq(
          kept,
          events.map((row) => row.record),
        ),
      });
    }
    await tx.done;
    return loaded;
  }

  async write(writes: TabWrite[]): Promise<void> {
    const tx = this.db.transaction(['tabs', 'frames', 'events'], 'readwrite');
    const frames = tx.objectStore('frames');
    const events = tx.objectStore('events');
    for (const { meta, records, dropFramesBelow, replace } of writes) {
      const tabId = meta.tabId;
      if (replace) {
        void frames.delete(all(tabId));
        void events.delete(all(tabId));
      }
      if (dropFramesBelow !== undefined) {
        void frames.delete(IDBKeyRange.bound([tabId, -Infinity], [tabId, dropFramesBelow], false, true));
        // The row the cut goes through keeps only its frames at or above the cut.
        const cursor = await frames.openCursor(IDBKeyRange.bound([tabId, dropFramesBelow], [tabId, Infinity]));
        if (cursor && cursor.value.first < dropFramesBelow) {
          const rest = cursor.value.records.filter((r) => r.seq >= dropFramesBelow);
          void cursor.update({ ...cursor.value, first: rest[0]?.seq ?? cursor.value.seq, records: rest });
        }
      }
      const frameRecords: SessionRecord[] = [];
      for (const record of records) {
        if (record.kind === 'frame') frameRecords.push(record);
        else void events.put({ tabId, seq: record.seq, record });
      }
      for (let i = 0; i < frameRecords.length; i += FRAMES_PER_ROW) {
        const row = frameRecords.slice(i, i + FRAMES_PER_ROW);
        void frames.put({ tabId, seq: row.at(-1)!.seq, first: row[0]!.seq, records: row });
      }
      void tx.objectStore('tabs').put(meta);
    }
    await tx.done;
  }

  async deleteTab(tabId: number): Promise<void> {
    const tx = this.db.transaction(['tabs', 'frames', 'events'], 'readwrite');
    void tx.objectStore('frames').delete(all(tabId));
    void tx.objectStore('events').delete(all(tabId));
    void tx.objectStore('tabs').delete(tabId);
    await tx.done;
  }
}

function mergeBySeq(a: SessionRecord[], b: SessionRecord[]): SessionRecord[] {
  const merged: SessionRecord[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i]!.seq < b[j]!.seq)) merged.push(a[i++]!);
    else merged.push(b[j++]!);
  }
  return merged;
}
