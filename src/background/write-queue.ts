/**
 * Coalesces the hub's storage writes into one IndexedDB transaction every few
 * milliseconds (or sooner under a flood), and runs the acknowledgements that
 * depended on them only once the transaction has committed.
 */
import type { SessionRecord } from '../protocol/schema';
import type { StoreDb, TabWrite } from './store-db';
import type { TabSession } from './tab-session';

const FLUSH_DELAY_MS = 25;
const FLUSH_AT_RECORDS = 5000;

export class WriteQueue {
  private pending = new Map<number, TabWrite>();
  /** Runs after the next commit; one per key, the latest wins (one ack per relay port per write). */
  private afterFlush = new Map<unknown, () => void>();
  private pendingRecords = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private chain: Promise<void> = Promise.resolve();
  /** Writes that failed (quota, a broken database): counted, and acknowledged anyway so relays don't resend forever. */
  failures = 0;

  constructor(private readonly db: StoreDb) {}

  /**
   * Queue new records (and a budget cut) of a session; `then` runs once they are
   * stored. A later `then` with the same `key` replaces an earlier one of the same write.
   */
  add(
    session: TabSession,
    records: SessionRecord[],
    dropFramesBelow: number | null,
    then?: () => void,
    key: unknown = then,
  ): void {
    const write = this.entry(session);
    if (dropFramesBelow !== null) {
      write.dropFramesBelow = Math.max(write.dropFramesBelow ?? 0, dropFramesBelow);
      // Frames queued but already evicted must not be written after the range delete.
      write.records = write.records.filter((r) => r.kind !== 'frame' || r.seq >= dropFramesBelow);
    }
    write.records.push(...records);
    this.pendingRecords += records.length;
    if (then) this.afterFlush.set(key, then);
    this.schedule();
  }

  /** Queue a rewrite of the whole session (cleared, or a new page session). */
  replace(session: TabSession): void {
    this.pending.set(session.tabId, { meta: session.meta(), records: [...session.records], replace: true });
    this.schedule();
  }

  /** Queue the session's meta only (pause switched, navigation marker). */
  touch(session: TabSession): void {
    this.entry(session);
    this.schedule();
  }

  forget(tabId: number): Promise<void> {
    this.pending.delete(tabId);
    return (this.chain = this.chain.then(() => this.db.deleteTab(tabId)).catch(() => void this.failures++));
  }

  private entry(session: TabSession): TabWrite {
    let write = this.pending.get(session.tabId);
    if (!write) {
      write = { meta: session.meta(), records: [] };
      this.pending.set(session.tabId, write);
    }
    write.meta = session.meta();
    return write;
  }

  private schedule(): void {
    if (this.pendingRecords >= FLUSH_AT_RECORDS) return this.flush();
    this.timer ??= setTimeout(() => this.flush(), FLUSH_DELAY_MS);
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const writes = [...this.pending.values()].map((w) => ({ ...w, meta: w.meta }));
    const callbacks = [...this.afterFlush.values()];
    this.pending = new Map();
    this.afterFlush = new Map();
    this.pendingRecords = 0;
    this.chain = this.chain
      .then(() => this.db.write(writes))
      .catch(() => void this.failures++)
      .then(() => callbacks.forEach((callback) => callback()));
  }
}
