/**
 * IndexedDB persistence of tab sessions, so nothing is lost when the service
 * worker stops. Frames and lifecycle records live in separate stores keyed by
 * [tabId, seq]: budget eviction then deletes one key range of frames, and the
 * lifecycle records (few, and what keeps connections intact) are never touched
 * by it. Each flush is one transaction that also writes the tabs' meta (relay
 * numbers included), so records and dedup state can never disagree.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { SessionRecord } from '../protocol/schema';
import type { TabMeta } from './tab-session';

interface Row {
  tabId: number;
  seq: number;
  record: SessionRecord;
}

interface LensDB extends DBSchema {
  frames: { key: [number, number]; value: Row };
  events: { key: [number, number]; value: Row };
  tabs: { key: number; value: TabMeta };
}

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
    const db = await openDB<LensDB>(DB_NAME, 1, {
      upgrade(database) {
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
      loaded.push({ meta, records: mergeBySeq(frames, events) });
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
      if (dropFramesBelow !== undefined)
        void frames.delete(IDBKeyRange.bound([tabId, -Infinity], [tabId, dropFramesBelow], false, true));
      for (const record of records)
        void (record.kind === 'frame' ? frames : events).put({ tabId, seq: record.seq, record });
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

  /** Stored row counts of a tab, for diagnostics and tests ("closing a tab frees its data"). */
  async countRows(tabId: number): Promise<number> {
    const [frames, events] = await Promise.all([
      this.db.count('frames', all(tabId)),
      this.db.count('events', all(tabId)),
    ]);
    return frames + events;
  }
}

function mergeBySeq(a: Row[], b: Row[]): SessionRecord[] {
  const merged: SessionRecord[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i]!.seq < b[j]!.seq)) merged.push(a[i++]!.record);
    else merged.push(b[j++]!.record);
  }
  return merged;
}
