/**
 * Test fixtures for the service: a store that keeps nothing, one that keeps
 * what committed writes leave and fails on demand (FakeStore), a service over
 * a store with one page document, and wire records.
 */
import type { SessionRecord } from '../protocol/schema';
import type { StorageFault } from './storage-fault';
import type { RecordStore, StoredTab, TabWrite } from './store-db';
import type { TabMeta } from './tab-session';
import { SessionService, type CaptureChannel, type CaptureDocument } from './session-service';
import { DEFAULT_SETTINGS, type Settings } from '../protocol/settings';
import type { Command } from '../protocol/actions';

export const DOC = 'aaaaaaaa-0000-4000-8000-00000000000a';
export const TAB = 7;

/** An IndexedDB stand-in: writes succeed at once and are forgotten. */
export function fakeStore(): RecordStore {
  return {
    loadAll: () => Promise.resolve([]),
    write: () => Promise.resolve(),
    deleteTab: () => Promise.resolve(),
  };
}

export const createRecord = (sid: number) => ({
  kind: 'create',
  sid,
  t: 1,
  url: `wss://x.test/${sid}`,
  protocols: [],
  stack: '',
  frameUrl: 'https://x.test/',
});

export const textFrame = (sid: number, data: string) => ({
  kind: 'frame',
  sid,
  t: 2,
  dir: 'received',
  type: 'text',
  data,
  size: data.length,
  truncated: false,
});

export interface ServiceWorld {
  service: SessionService;
  document: CaptureDocument;
  /** Settings the service saved, in order. */
  saved: Settings[];
  /** Commands the document's hook was sent. */
  commands: { id: number; sid: number; command: Command }[];
  /** Ingests wire records as the relay would, numbered on from the last. */
  feed(...records: unknown[]): void;
}

export async function serviceWorld(db: RecordStore = fakeStore()): Promise<ServiceWorld> {
  const saved: Settings[] = [];
  const service = await SessionService.start({
    db,
    settings: DEFAULT_SETTINGS,
    liveTabs: [TAB],
    saveSettings: (settings) => {
      saved.push(settings);
      return Promise.resolve();
    },
    wake: () => {},
  });
  const commands: ServiceWorld['commands'] = [];
  const channel: CaptureChannel = {
    capture: () => {},
    rules: () => {},
    command: (id, sid, command) => void commands.push({ id, sid, command }),
  };
  const document = service.openDocument({ source: 'hook', tabId: TAB, frameId: 0, docId: DOC, url: '' }, channel);
  let next = 0;
  return {
    service,
    document,
    saved,
    commands,
    feed(...records) {
      document.ingest(next, records, () => {});
      next += records.length;
    },
  };
}

/** A RecordStore that keeps what committed writes leave, as IndexedDB would (whole sessions replaced, budget cuts deleted), and fails on demand. */
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
