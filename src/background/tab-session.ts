/**
 * One tab's capture, as pure logic (no storage, no ports) so ordering, dedup,
 * budgets and trust rules are unit-testable:
 *
 * - Relays number their records per document; `accept` stores each number once,
 *   in order, and refuses to skip ahead (a gap means the relay will resend).
 * - Every candidate is validated; records for sockets whose `create` was not
 *   accepted are refused. Refusals are counted, never thrown.
 * - Budgets drop the oldest frames (never lifecycle records) and count what was
 *   dropped, per connection.
 */
import { parseRecordKeepingSockets, type SessionRecord, type WireRecord } from '../protocol/schema';
import type { Navigation, TabStatus } from '../protocol/messages';
import type { Settings } from '../protocol/settings';
import type { CaptureSource } from '../protocol/fields';
import type { PausedFrame, RelayPaused, Rule } from '../protocol/actions';

export interface DocumentState {
  /** Tab-local document number, the first half of connection ids. */
  doc: number;
  /** The relay's record number we expect next from this document. */
  next: number;
  /** The frame the document lives in (from the relay port's sender), to wake its relay. */
  frameId?: number;
}

/** What survives a worker restart besides the records themselves. */
export interface TabMeta {
  tabId: number;
  epoch: string;
  nextSeq: number;
  documents: [string, DocumentState][];
  topDocument?: string;
  paused: boolean;
  framesKeptFrom: number;
  droppedFrames: number;
  droppedByConnection: Record<string, number>;
  navigations: Navigation[];
  /** Intercept rules; absent in sessions stored before protocol 3. */
  rules?: Rule[];
}

export interface AcceptResult {
  added: SessionRecord[];
  /** The document's next expected number: everything below it is stored or consumed. */
  next: number;
  rejected: number;
}

/** Budgets are enforced down to this share of the limit, so eviction runs rarely and in bulk. */
const EVICT_TO = 0.9;

let epochCounter = 0;
const newEpoch = () => `${Date.now().toString(36)}-${(epochCounter++).toString(36)}`;

export class TabSession {
  records: SessionRecord[] = [];
  epoch = newEpoch();
  nextSeq = 0;
  documents = new Map<string, DocumentState>();
  topDocument: string | undefined;
  private capturePaused = false;
  framesKeptFrom = 0;
  droppedFrames = 0;
  droppedByConnection: Record<string, number> = {};
  navigations: Navigation[] = [];
  private refused = 0;
  /** Events this tab's hooks failed to record (reported by the relays). */
  private hookFailures = 0;
  /** Intercept rules of this tab, pushed to every relay of the tab; they outlive page sessions. */
  private tabRules: Rule[] = [];
  /**
   * Frames paused at a breakpoint, by `<conn>#<pause>`. Not stored: the hook
   * holds the frame, and its relay announces it again after a worker restart.
   */
  private pauses = new Map<string, PausedFrame & { docId: string }>();
  private known = new Set<string>();
  private frames = 0;
  private bytes = 0;

  constructor(readonly tabId: number) {}

  static restore(meta: TabMeta, records: SessionRecord[]): TabSession {
    const session = new TabSession(meta.tabId);
    Object.assign(session, {
      epoch: meta.epoch,
      nextSeq: meta.nextSeq,
      documents: new Map(meta.documents),
      topDocument: meta.topDocument,
      capturePaused: meta.paused,
      framesKeptFrom: meta.framesKeptFrom,
      droppedFrames: meta.droppedFrames,
      droppedByConnection: meta.droppedByConnection,
      navigations: meta.navigations,
      tabRules: meta.rules ?? [],
    });
    session.records = records;
    session.recount();
    return session;
  }

  meta(): TabMeta {
    return {
      tabId: this.tabId,
      epoch: this.epoch,
      nextSeq: this.nextSeq,
      documents: [...this.documents].map(([id, state]): [string, DocumentState] => [id, { ...state }]),
      topDocument: this.topDocument,
      paused: this.paused,
      framesKeptFrom: this.framesKeptFrom,
      droppedFrames: this.droppedFrames,
      droppedByConnection: { ...this.droppedByConnection },
      navigations: [...this.navigations],
      rules: [...this.rules],
    };
  }

  status(settings: Settings, rejectedTotal = this.refused): TabStatus {
    return {
      tabId: this.tabId,
      epoch: this.epoch,
      paused: this.paused,
      preserveLog: settings.preserveLog,
      framesKeptFrom: this.framesKeptFrom,
      droppedFrames: this.droppedFrames,
      droppedByConnection: { ...this.droppedByConnection },
      rejected: rejectedTotal,
      hookErrors: this.hookFailures,
      navigations: [...this.navigations],
      settings,
      rules: [...this.rules],
    };
  }

  /** Whether frames are refused (lifecycle records are still kept, so sockets stay known). */
  get paused(): boolean {
    return this.capturePaused;
  }

  setPaused(paused: boolean): void {
    this.capturePaused = paused;
  }

  get rules(): Rule[] {
    return this.tabRules;
  }

  setRules(rules: Rule[]): void {
    this.tabRules = rules;
  }

  /** Messages or records refused by validation since the worker started. */
  get rejected(): number {
    return this.refused;
  }

  /** Counts a message refused before it reached `accept` (malformed, or before hello). */
  countRejected(): void {
    this.refused++;
  }

  /** Events a hook of this tab failed to record, as its relay reports them. */
  get hookErrors(): number {
    return this.hookFailures;
  }

  countHookErrors(count: number): void {
    this.hookFailures += count;
  }

  get frameCount(): number {
    return this.frames;
  }

  get byteCount(): number {
    return this.bytes;
  }

  document(docId: string): DocumentState {
    let state = this.documents.get(docId);
    if (!state) {
      state = { doc: this.documents.size + 1, next: 0 };
      this.documents.set(docId, state);
    }
    return state;
  }

  /**
   * Takes a relay batch numbered from `first`. Numbers already stored are
   * skipped (a resend after a worker restart); a batch that starts beyond the
   * next expected number is refused whole, since the relay resends from its
   * oldest unacknowledged record. Records are marked with the `source` that
   * made them, so a second source seeing the same socket can be merged.
   */
  accept(
    docId: string,
    frameId: number,
    first: number,
    candidates: readonly unknown[],
    source: CaptureSource = 'hook',
  ): AcceptResult {
    const state = this.document(docId);
    state.frameId = frameId;
    const added: SessionRecord[] = [];
    let rejected = 0;
    if (first > state.next) return { added, next: state.next, rejected };
    for (let i = state.next - first; i < candidates.length; i++) {
      state.next++;
      const parsed = parseRecordKeepingSockets(candidates[i]);
      if (!parsed.ok) {
        rejected++;
        continue;
      }
      const stored = this.file(state.doc, frameId, parsed.value, source);
      if (stored === 'refused') rejected++;
      else if (stored) added.push(stored);
    }
    this.refused += rejected;
    return { added, next: state.next, rejected };
  }

  /** Stores one validated record; null when it is deliberately not kept (capture paused). */
  private file(
    doc: number,
    frameId: number,
    record: WireRecord,
    source: CaptureSource,
  ): SessionRecord | null | 'refused' {
    const conn = `${doc}.${record.sid}`;
    if (record.kind === 'create') {
      if (this.known.has(conn)) return 'refused';
      this.known.add(conn);
    } else if (!this.known.has(conn)) {
      return 'refused';
    }
    if (record.kind === 'frame' && this.paused) return null;
    const stored = { ...record, seq: this.nextSeq++, conn, frameId, source } as SessionRecord;
    this.records.push(stored);
    if (stored.kind === 'frame') {
      this.frames++;
      this.bytes += keptBytes(stored);
    }
    return stored;
  }

  /**
   * Drops the oldest frames while over budget. Returns the seq below which
   * frames are now gone, or null when nothing was dropped.
   */
  enforceBudget(settings: Settings): number | null {
    if (this.frames <= settings.maxFramesPerTab && this.bytes <= settings.maxBytesPerTab) return null;
    const frameTarget = Math.floor(settings.maxFramesPerTab * EVICT_TO);
    const byteTarget = Math.floor(settings.maxBytesPerTab * EVICT_TO);
    let cut = -1;
    const kept: SessionRecord[] = [];
    for (const record of this.records) {
      if (record.kind === 'frame' && (this.frames > frameTarget || this.bytes > byteTarget)) {
        this.frames--;
        this.bytes -= keptBytes(record);
        this.droppedFrames++;
        this.droppedByConnection[record.conn] = (this.droppedByConnection[record.conn] ?? 0) + 1;
        cut = record.seq;
        continue;
      }
      kept.push(record);
    }
    this.records = kept;
    this.framesKeptFrom = cut + 1;
    return this.framesKeptFrom;
  }

  /**
   * Clears the session as the panel's Clear button does: frames, closed
   * connections and markers go; sockets still alive stay listed (with their
   * create/open records) and keep recording. A new epoch tells panels to start over.
   */
  clear(): void {
    const alive = new Set<string>();
    for (const record of this.records) {
      if (record.kind === 'create') alive.add(record.conn);
      else if (record.kind === 'close') alive.delete(record.conn);
    }
    this.startOver(this.records.filter((r) => alive.has(r.conn) && (r.kind === 'create' || r.kind === 'open')));
  }

  /**
   * A new top-level document. Without Preserve log the session starts over
   * (records of the previous page's sockets are refused from now on); with it,
   * a navigation marker is kept. Returns false for the same document
   * reconnecting (after a worker restart), which changes nothing.
   */
  startPage(docId: string, url: string, t: number, preserveLog: boolean): boolean {
    if (this.topDocument === docId) return false;
    const first = this.topDocument === undefined && this.records.length === 0;
    this.topDocument = docId;
    if (first) return true;
    if (preserveLog) {
      this.navigations.push({ seq: this.nextSeq++, t, url });
      return true;
    }
    this.startOver([]);
    return true;
  }

  /** Keeps only `records` (known sockets follow from their create records), in a new epoch. */
  private startOver(records: SessionRecord[]): void {
    this.records = records;
    this.droppedFrames = 0;
    this.droppedByConnection = {};
    this.navigations = [];
    this.framesKeptFrom = this.nextSeq;
    this.epoch = newEpoch();
    this.recount();
  }

  /** Whether a connection's create record was accepted (in this page session, and not cleared away). */
  knows(conn: string): boolean {
    return this.known.has(conn);
  }

  /** The relay's document id and frame behind a connection id `<doc>.<sid>`. */
  ownerOf(conn: string): { docId: string; frameId?: number; sid: number } | undefined {
    const [doc, sid] = conn.split('.').map(Number);
    for (const [docId, state] of this.documents)
      if (state.doc === doc) return { docId, frameId: state.frameId, sid: sid! };
    return undefined;
  }

  /** A hook paused a frame (or its relay repeats that after reconnecting). */
  addPause(docId: string, paused: RelayPaused): void {
    const { sid, ...rest } = paused;
    const conn = `${this.document(docId).doc}.${sid}`;
    if (this.known.has(conn)) this.pauses.set(`${conn}#${paused.pause}`, { conn, ...rest, docId });
  }

  /** Returns whether the pause was known. */
  endPause(docId: string, sid: number, pause: number): boolean {
    return this.pauses.delete(`${this.document(docId).doc}.${sid}#${pause}`);
  }

  /** A document's relay went away: its paused frames went with it. Returns whether there were any. */
  dropPausesOf(docId: string): boolean {
    let dropped = false;
    for (const [key, paused] of this.pauses) {
      if (paused.docId !== docId) continue;
      this.pauses.delete(key);
      dropped = true;
    }
    return dropped;
  }

  pausedFrames(): PausedFrame[] {
    return [...this.pauses.values()].map(({ docId: _docId, ...paused }) => paused);
  }

  /** Records a panel that holds everything up to `after` in `epoch` is missing. */
  since(epoch: string, after: number): SessionRecord[] | null {
    if (epoch !== this.epoch) return null;
    // Records are in seq order: binary search the first one after `after`.
    let lo = 0;
    let hi = this.records.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.records[mid]!.seq <= after) lo = mid + 1;
      else hi = mid;
    }
    return this.records.slice(lo);
  }

  private recount(): void {
    this.known = new Set(this.records.filter((r) => r.kind === 'create').map((r) => r.conn));
    this.frames = 0;
    this.bytes = 0;
    for (const record of this.records) {
      if (record.kind !== 'frame') continue;
      this.frames++;
      this.bytes += keptBytes(record);
    }
  }
}

/** Memory a stored frame's payload takes, roughly: text chars, or bytes behind the base64. */
function keptBytes(record: Extract<SessionRecord, { kind: 'frame' }>): number {
  return record.type === 'text' ? record.data.length : Math.floor((record.data.length * 3) / 4);
}
