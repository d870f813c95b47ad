/**
 * Coalesces the service's storage writes into one IndexedDB transaction every few
 * milliseconds (or sooner under a flood), and runs the acknowledgements that
 * depended on them only once the transaction has committed.
 *
 * When a write fails nothing is acknowledged: the records stay in the tab's
 * session (memory) and in the relays (unacknowledged), the fault shows in every
 * tab's status, and writing is retried with backoff. A failed write may have
 * left the database partly written or gone (deleted under us), so a retry
 * writes every session whole. If storage keeps failing for GIVE_UP_MS, or the
 * database never opened, the queue goes memory-only: acknowledgements are
 * given without storing (so pages do not hold records without end), the status
 * says the records are in memory only, and writing is still retried; the first
 * write that commits brings everything back to normal.
 */
import type { SessionRecord } from '../protocol/schema';
import type { StorageFault } from '../protocol/messages';
import type { RecordStore, StoredTab, TabWrite } from './store-db';
import { storageFault, type StorageFault as Fault } from './storage-fault';
import type { BudgetCut, TabSession } from './tab-session';

const FLUSH_DELAY_MS = 25;
const FLUSH_AT_RECORDS = 5000;
export const RETRY_FIRST_MS = 250;
export const RETRY_MAX_MS = 10_000;
/** Failing this long, the queue stops holding acknowledgements back (see above). */
export const GIVE_UP_MS = 20_000;

export interface WriteQueueDeps {
  db: RecordStore;
  /** Every live session: what a retry writes whole. */
  sessions(): Iterable<TabSession>;
  /** Storage started or stopped failing (or went memory-only): statuses are due. */
  onHealthChange(): void;
  now?(): number;
}

export class WriteQueue {
  private pending = new Map<number, TabWrite>();
  /** Runs after the next commit; one per key, the latest wins (one ack per relay port per write). */
  private afterFlush = new Map<unknown, () => void>();
  private pendingRecords = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private writing = false;
  private chain: Promise<void> = Promise.resolve();
  /** Records added per tab and not yet in a committed write. */
  private unstored = new Map<number, number>();
  private fault: { fault: Fault; since: number } | null = null;
  private memoryOnly = false;
  /** The next write rewrites every session whole (after a failure). */
  private rewriteAll = false;
  private attempts = 0;
  private disposed = false;
  private readonly now: () => number;

  constructor(private readonly deps: WriteQueueDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** The stored sessions; a database that cannot be read makes the queue memory-only from the start. */
  async load(): Promise<StoredTab[]> {
    try {
      return await this.deps.db.loadAll();
    } catch (error) {
      this.failed(storageFault(error, true), true);
      return [];
    }
  }

  /** The tab's storage fault while there is one, for its status. */
  health(tabId: number): StorageFault | undefined {
    if (!this.fault) return undefined;
    const { code, detail } = this.fault.fault;
    return { code, detail, unstored: this.unstored.get(tabId) ?? 0, memoryOnly: this.memoryOnly };
  }

  /**
   * Queue new records (and a budget cut) of a session; `then` runs once they are
   * stored. A later `then` with the same `key` replaces an earlier one of the same write.
   */
  add(
    session: TabSession,
    records: SessionRecord[],
    cut: BudgetCut | null,
    then?: () => void,
    key: unknown = then,
  ): void {
    if (records.length > 0) this.unstored.set(session.tabId, (this.unstored.get(session.tabId) ?? 0) + records.length);
    if (this.memoryOnly) then?.();
    else if (then) this.afterFlush.set(key, then);
    if (this.rewriteAll) return this.schedule(); // the retry writes the sessions whole
    const write = this.entry(session);
    write.records.push(...records);
    if (cut !== null) {
      write.dropFramesBelow = Math.max(write.dropFramesBelow ?? 0, cut.keptFrom);
      write.dropEvents = [...(write.dropEvents ?? []), ...cut.droppedEvents];
      // Records queued (this batch's included) but already evicted must not be written after the deletes.
      const gone = new Set(cut.droppedConnections);
      write.records = write.records.filter((r) => (r.kind !== 'frame' || r.seq >= cut.keptFrom) && !gone.has(r.conn));
    }
    this.pendingRecords += records.length;
    this.schedule();
  }

  /** Queue a rewrite of the whole session (cleared, or a new page session). */
  replace(session: TabSession): void {
    this.unstored.set(session.tabId, session.records.length);
    if (!this.rewriteAll)
      this.pending.set(session.tabId, { meta: session.meta(), records: [...session.records], replace: true });
    this.schedule();
  }

  /** Queue the session's meta only (pause switched, navigation marker). */
  touch(session: TabSession): void {
    if (!this.rewriteAll) this.entry(session);
    this.schedule();
  }

  /** Stops flushing and retrying: the owner is gone (a test's stopped worker); queued writes are dropped. */
  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.disposed = true;
  }

  forget(tabId: number): Promise<void> {
    this.pending.delete(tabId);
    this.unstored.delete(tabId);
    // A failure here leaves rows of a closed tab behind; they are deleted at the next start.
    return (this.chain = this.chain.then(() => this.deps.db.deleteTab(tabId)).catch(() => {}));
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
    if (this.fault || this.disposed) return; // the retry timer is set, or the queue is gone
    if (this.pendingRecords >= FLUSH_AT_RECORDS) return void this.flush();
    this.timer ??= setTimeout(() => void this.flush(), FLUSH_DELAY_MS);
  }

  private async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.writing) return; // the write in flight flushes again when it ends
    const writes = this.rewriteAll ? this.wholeSessions() : [...this.pending.values()];
    const callbacks = this.afterFlush;
    const written = new Map(this.unstored);
    this.pending = new Map();
    this.afterFlush = new Map();
    this.pendingRecords = 0;
    if (writes.length === 0 && callbacks.size === 0 && !this.fault) return;
    this.writing = true;
    const done = this.chain.then(() => this.deps.db.write(writes));
    this.chain = done.catch(() => {});
    try {
      await done;
    } catch (error) {
      this.writing = false;
      // Acknowledgements wait for the retry; later ones of the same key (relay port) win.
      for (const [key, callback] of callbacks) if (!this.afterFlush.has(key)) this.afterFlush.set(key, callback);
      return this.failed(storageFault(error));
    }
    this.writing = false;
    for (const [tabId, count] of written) {
      const left = (this.unstored.get(tabId) ?? 0) - count;
      if (left > 0) this.unstored.set(tabId, left);
      else this.unstored.delete(tabId);
    }
    const recovered = this.fault !== null;
    this.fault = null;
    this.memoryOnly = false;
    this.rewriteAll = false;
    this.attempts = 0;
    callbacks.forEach((callback) => callback());
    if (recovered) this.deps.onHealthChange();
    if (this.pending.size > 0 || this.afterFlush.size > 0) this.schedule();
  }

  private failed(fault: Fault, giveUpNow = false): void {
    this.fault = { fault, since: this.fault?.since ?? this.now() };
    this.rewriteAll = true;
    this.pending = new Map();
    this.pendingRecords = 0;
    const giveUp = !this.memoryOnly && (giveUpNow || this.now() - this.fault.since >= GIVE_UP_MS);
    if (giveUp) {
      this.memoryOnly = true;
      const callbacks = [...this.afterFlush.values()];
      this.afterFlush = new Map();
      callbacks.forEach((callback) => callback());
    }
    this.deps.onHealthChange();
    if (this.disposed) return;
    const delay = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** this.attempts++);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), delay);
  }

  private wholeSessions(): TabWrite[] {
    return [...this.deps.sessions()].map((session) => ({
      meta: session.meta(),
      records: [...session.records],
      replace: true,
    }));
  }
}
