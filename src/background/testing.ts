/**
 * A RecordStore for tests: keeps what committed writes leave, as IndexedDB
 * would (whole sessions replaced, budget cuts deleted), and fails on demand.
 */
import type { SessionRecord } from '../protocol/schema';
import type { StorageFault } from './storage-fault';
import type { RecordStore, StoredTab, TabWrite } from './store-db';
import type { TabMeta } from './tab-session';

export class FakeStore implements RecordStore {
  /** Every operation fails with this while set. */
  failing: StorageFault | null = null;
  attempts = 0;
  /** When each write was tried. */
  readonly tried: number[] = [];
  readonly committed: TabWrite[][] = [];
  readonly metas = new Map<number, TabMeta>();
  /** Records per tab, by seq. */
  readonly rows = new Map<number, Map<number, SessionRecord>>();
  /** Runs after a write committed, before its promise settles (to stop a worker right there). */
  afterCommit: (() => void) | null = null;

  loadAll(): Promise<StoredTab[]> {
    if (this.failing) return Promise.reject(this.failing);
    return Promise.resolve(
      [...this.metas.values()].map((meta) => ({
        meta: structuredClone(meta),
        records: [...(this.rows.get(meta.tabId)?.values() ?? [])]
          .sort((a, b) => a.seq - b.seq)
          .map((r) => structuredClone(r)),
        skipped: 0,
      })),
    );
  }

  write(writes: TabWrite[]): Promise<void> {
    this.attempts++;
    this.tried.push(Date.now());
    if (this.failing) return Promise.reject(this.failing);
    this.committed.push(writes);
    for (const { meta, records, replace, dropFramesBelow, dropEvents } of writes) {
      let rows = this.rows.get(meta.tabId);
      if (!rows || replace) this.rows.set(meta.tabId, (rows = new Map()));
      for (const seq of dropEvents ?? []) rows.delete(seq);
      if (dropFramesBelow !== undefined)
        for (const [seq, record] of rows) if (record.kind === 'frame' && seq < dropFramesBelow) rows.delete(seq);
      for (const record of records) rows.set(record.seq, structuredClone(record));
      this.metas.set(meta.tabId, structuredClone(meta));
    }
    this.afterCommit?.();
    return Promise.resolve();
  }

  deleteTab(tabId: number): Promise<void> {
    this.rows.delete(tabId);
    this.metas.delete(tabId);
    return Promise.resolve();
  }
}
