/**
 * One tab's capture, as pure logic (no storage, no ports) so ordering, dedup,
 * budgets and trust rules are unit-testable:
 *
 * - Relays number their records per document; `accept` stores each number once,
 *   in order, and refuses to skip ahead (a gap means the relay will resend).
 * - Every candidate is validated; records for sockets whose `create` was not
 *   accepted are refused. Refusals are counted, never thrown.
 * - Budgets bound everything kept: the oldest frames go first, and a closed
 *   connection goes whole (create to close) once the cut passes its close;
 *   what was dropped is counted. Lifecycle records of open connections stay.
 * - A new page session ends the previous page's open sockets (with Preserve
 *   log): they get a `close` record `by: 'navigation'`.
 * - Handshakes the browser reports (webRequest) join the hook's socket of the
 *   same frame and URL (handshake-join.ts); one whose socket the hook never
 *   reports is listed as a read-only socket of its own.
 */
import { isPlainWireFrame } from '../protocol/plain-frames';
import {
  parseRecordKeepingSockets,
  parseWith,
  type HandshakeRecord,
  type SessionRecord,
  type WireRecord,
} from '../protocol/schema';
import { HandshakeRecordSchema, HandshakeSchema, headerValue, type Handshake } from '../protocol/handshake';
import { MAX_PROTOCOL_CHARS, MAX_PROTOCOLS } from '../protocol/limits';
import { HandshakeJoin, type WaitingHandshake } from './handshake-join';
import type { Navigation, StorageFault, TabStatus } from '../protocol/messages';
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
  /** Absent in sessions stored before closed connections were dropped whole. */
  droppedConnections?: number;
  droppedByConnection: Record<string, number>;
  navigations: Navigation[];
  /** Intercept rules; absent in sessions stored before protocol 3. */
  rules?: Rule[];
  /** Handshakes waiting for their hook socket; absent in sessions stored before protocol 7. */
  handshakes?: WaitingHandshake[];
}

export interface AcceptResult {
  added: SessionRecord[];
  /** The document's next expected number: everything below it is stored or consumed. */
  next: number;
  rejected: number;
}

/** What one budget enforcement dropped, for the write queue to delete from storage. */
export interface BudgetCut {
  /** Frames below this seq are gone, and connections closed below it. */
  keptFrom: number;
  /** Connections dropped whole, and the seqs of their lifecycle records. */
  droppedConnections: string[];
  droppedEvents: number[];
}

/**
 * Memory a lifecycle record takes against the byte budget, roughly: its strings
 * and this much for the object itself.
 */
const LIFECYCLE_OVERHEAD_BYTES = 100;

/** The close code the browser sends when a page goes away ("going away"). */
const GOING_AWAY = 1001;

/**
 * The document that files sockets known only from their handshake (never a
 * relay's: theirs are UUIDs). Its state's `next` counts those sockets' sids.
 */
export const WEBREQUEST_DOC = 'webrequest';
/** Documents of the debugger source are named with this prefix and a random id per attach. */
export const DEBUGGER_DOC_PREFIX = 'debugger:';

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
  droppedConnections = 0;
  droppedByConnection: Record<string, number> = {};
  navigations: Navigation[] = [];
  private refused = 0;
  /** Stored records that failed validation when this session was loaded. */
  private skippedRows = 0;
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
  private readonly joins = new HandshakeJoin();
  /** Connections with a close record. */
  private closed = new Set<string>();
  private frames = 0;
  private bytes = 0;
  /** Bytes of lifecycle records (lifecycleBytes), against the same byte budget as payloads. */
  private lifecycleBytes = 0;

  constructor(readonly tabId: number) {}

  static restore(meta: TabMeta, records: SessionRecord[], skippedRows = 0): TabSession {
    const session = new TabSession(meta.tabId);
    Object.assign(session, {
      epoch: meta.epoch,
      nextSeq: meta.nextSeq,
      documents: new Map(meta.documents),
      topDocument: meta.topDocument,
      capturePaused: meta.paused,
      framesKeptFrom: meta.framesKeptFrom,
      droppedFrames: meta.droppedFrames,
      droppedConnections: meta.droppedConnections ?? 0,
      droppedByConnection: meta.droppedByConnection,
      skippedRows,
      navigations: meta.navigations,
      tabRules: meta.rules ?? [],
    });
    session.joins.hold(meta.handshakes ?? []);
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
      droppedConnections: this.droppedConnections,
      droppedByConnection: { ...this.droppedByConnection },
      navigations: [...this.navigations],
      rules: [...this.rules],
      handshakes: this.joins.held,
    };
  }

  status(settings: Settings, storage?: StorageFault): TabStatus {
    return {
      tabId: this.tabId,
      epoch: this.epoch,
      paused: this.paused,
      preserveLog: settings.preserveLog,
      framesKeptFrom: this.framesKeptFrom,
      droppedFrames: this.droppedFrames,
      droppedConnections: this.droppedConnections,
      droppedByConnection: { ...this.droppedByConnection },
      rejected: this.refused,
      skippedRows: this.skippedRows,
      ...(storage ? { storage } : {}),
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

  /** What the lifecycle records weigh against the byte budget (lifecycleBytes). */
  get lifecycleByteCount(): number {
    return this.lifecycleBytes;
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
      const candidate = candidates[i];
      // Most records are plain frames: checked by hand, they stand for the schema's output.
      const parsed = isPlainWireFrame(candidate)
        ? ({ ok: true, value: candidate } as const)
        : source === 'debugger' && (candidate as { kind?: unknown } | null)?.kind === 'handshake'
          ? // The debugger's own account of a handshake webRequest files under no tab (shared and service workers).
            parseWith(HandshakeRecordSchema, candidate)
          : parseRecordKeepingSockets(candidate);
      if (!parsed.ok) {
        rejected++;
        continue;
      }
      const stored = this.file(state.doc, frameId, parsed.value, source);
      if (stored === 'refused') rejected++;
      else if (stored) added.push(stored);
      if (stored && stored !== 'refused' && stored.kind === 'create') {
        const worker = stored.source === 'debugger';
        const waiting = worker ? this.joins.takeWaitingForWorker(stored) : this.joins.takeWaiting(stored);
        if (waiting) added.push(this.fileHandshake(stored, waiting.handshake, worker ? 'worker' : 'document'));
      }
    }
    this.refused += rejected;
    return { added, next: state.next, rejected };
  }

  /** Stores one validated record; null when it is deliberately not kept (capture paused). */
  private file(
    doc: number,
    frameId: number,
    record: WireRecord | HandshakeRecord,
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
    // Only the debugger knows a socket's worker: a page cannot claim one.
    if (stored.kind === 'create' && source !== 'debugger') delete stored.worker;
    this.keep(stored);
    return stored;
  }

  private keep(record: SessionRecord): void {
    this.records.push(record);
    if (record.kind === 'frame') {
      this.frames++;
      this.bytes += keptBytes(record);
      return;
    }
    this.lifecycleBytes += lifecycleBytes(record);
    if (record.kind === 'close') this.closed.add(record.conn);
    else if (record.kind === 'create' && record.source === 'debugger') this.joins.workerCreated(record);
    else if (record.kind === 'create' && record.source !== 'webrequest') this.joins.socketCreated(record);
    else if (record.kind === 'handshake') this.joins.socketDone(record.conn);
  }

  /**
   * A handshake the browser reported (validated here, as everything a source
   * brings). It joins the hook's socket if that is known, else waits for it
   * (expireHandshakes). Returns what was filed.
   */
  observeHandshake(frameId: number, candidate: unknown, now: number): { added: SessionRecord[]; rejected: number } {
    const parsed = parseWith(HandshakeSchema, candidate);
    if (!parsed.ok) {
      this.refused++;
      return { added: [], rejected: 1 };
    }
    const socket = this.joins.claim(frameId, parsed.value);
    if (socket) return { added: [this.fileHandshake(socket, parsed.value, 'document')], rejected: 0 };
    const worker = this.joins.claimWorker(parsed.value);
    if (worker) return { added: [this.fileHandshake(worker, parsed.value, 'worker')], rejected: 0 };
    this.joins.wait(frameId, parsed.value, now);
    return { added: [], rejected: 0 };
  }

  /** When a waiting handshake is due to be listed on its own (undefined: none waits). */
  get handshakeDue(): number | undefined {
    return this.joins.nextExpiry();
  }

  /**
   * Handshakes that waited in vain for the hook's socket become read-only
   * sockets of their own: a `create` made from the request (no stack; the
   * subprotocols the request asked for) and the handshake.
   */
  expireHandshakes(now: number): SessionRecord[] {
    const added: SessionRecord[] = [];
    for (const { frameId, handshake } of this.joins.expired(now)) {
      const state = this.document(WEBREQUEST_DOC);
      const sid = ++state.next;
      const asked = (headerValue(handshake.requestHeaders, 'Sec-WebSocket-Protocol') ?? '')
        .split(',')
        .map((name) => name.trim().slice(0, MAX_PROTOCOL_CHARS))
        .filter(Boolean)
        .slice(0, MAX_PROTOCOLS);
      const create: SessionRecord = {
        kind: 'create',
        sid,
        t: handshake.t,
        url: handshake.url,
        ...(handshake.urlLength === undefined ? {} : { urlLength: handshake.urlLength }),
        protocols: asked,
        stack: '',
        frameUrl: '',
        seq: this.nextSeq++,
        conn: `${state.doc}.${sid}`,
        frameId,
        source: 'webrequest',
      };
      this.known.add(create.conn);
      this.keep(create);
      added.push(create, this.fileHandshake(create, handshake, handshake.context));
    }
    return added;
  }

  private fileHandshake(
    socket: { conn: string; sid: number; frameId: number },
    handshake: Handshake,
    context: Handshake['context'],
  ): SessionRecord {
    const { conn, sid, frameId } = socket;
    const record: SessionRecord = {
      kind: 'handshake',
      ...handshake,
      sid,
      context,
      seq: this.nextSeq++,
      conn,
      frameId,
      source: 'webrequest',
    };
    this.keep(record);
    return record;
  }

  /** Whether no hook is behind a connection (known from its handshake, or a worker's from the debugger): no commands. */
  isReadOnly(conn: string): boolean {
    const docId = this.ownerOf(conn)?.docId;
    return docId === WEBREQUEST_DOC || docId?.startsWith(DEBUGGER_DOC_PREFIX) === true;
  }

  /**
   * Drops the oldest records while over budget, in seq order: frames one by
   * one, closed connections whole when the cut passes their close. Returns what
   * went, or null when nothing did.
   */
  enforceBudget(settings: Settings): BudgetCut | null {
    const over = (frameLimit: number, byteLimit: number) =>
      this.frames > frameLimit || this.bytes + this.lifecycleBytes > byteLimit;
    if (!over(settings.maxFramesPerTab, settings.maxBytesPerTab)) return null;
    const frameTarget = Math.floor(settings.maxFramesPerTab * EVICT_TO);
    const byteTarget = Math.floor(settings.maxBytesPerTab * EVICT_TO);
    /** Lifecycle records of connections not (yet) dropped, below the cut. */
    const lifecycleBelow = new Map<string, SessionRecord[]>();
    const gone = new Set<string>();
    const droppedEvents: number[] = [];
    let cut = -1;
    for (const record of this.records) {
      if (!over(frameTarget, byteTarget)) break;
      cut = record.seq;
      if (record.kind === 'frame') {
        this.frames--;
        this.bytes -= keptBytes(record);
        this.droppedFrames++;
        this.droppedByConnection[record.conn] = (this.droppedByConnection[record.conn] ?? 0) + 1;
        continue;
      }
      const lifecycle = lifecycleBelow.get(record.conn) ?? [];
      lifecycle.push(record);
      lifecycleBelow.set(record.conn, lifecycle);
      if (record.kind !== 'close') continue;
      // The connection's every record is below the cut now: it goes whole.
      for (const step of lifecycle) {
        this.lifecycleBytes -= lifecycleBytes(step as LifecycleRecord);
        droppedEvents.push(step.seq);
      }
      lifecycleBelow.delete(record.conn);
      gone.add(record.conn);
    }
    const keptFrom = cut + 1;
    this.records = this.records.filter((r) => r.seq >= keptFrom || (r.kind !== 'frame' && !gone.has(r.conn)));
    for (const conn of gone) {
      this.joins.socketDone(conn);
      this.known.delete(conn);
      this.closed.delete(conn);
      delete this.droppedByConnection[conn];
    }
    this.droppedConnections += gone.size;
    this.framesKeptFrom = Math.max(this.framesKeptFrom, keptFrom);
    return { keptFrom: this.framesKeptFrom, droppedConnections: [...gone], droppedEvents };
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
    this.startOver(
      this.records.filter(
        (r) => alive.has(r.conn) && (r.kind === 'create' || r.kind === 'open' || r.kind === 'handshake'),
      ),
    );
  }

  /**
   * A new top-level document. Without Preserve log the session starts over
   * (records of the previous page's sockets are refused from now on); with it,
   * the previous page's sockets still open are ended (a `close` by
   * 'navigation' at `t`, returned for storing and broadcasting) and a
   * navigation marker is kept. What the old page's relay still delivers
   * afterwards (frames it held back under a flood) is kept too: it was
   * recorded before the page left. Returns false for the same document
   * reconnecting (after a worker restart), which changes nothing.
   */
  startPage(docId: string, url: string, t: number, preserveLog: boolean): SessionRecord[] | false {
    if (this.topDocument === docId) return false;
    const first = this.topDocument === undefined && this.records.length === 0;
    this.topDocument = docId;
    if (first) return [];
    if (!preserveLog) {
      this.startOver(this.aliveWorkerSockets());
      return [];
    }
    const ended = this.endOpenSockets(t);
    this.navigations.push({ seq: this.nextSeq++, t, url });
    return ended;
  }

  /** Every known socket without a close gets one, by navigation. */
  private endOpenSockets(t: number): SessionRecord[] {
    const ended: SessionRecord[] = [];
    const creates = this.records.filter((r) => r.kind === 'create');
    for (const create of creates) {
      // A worker's socket (debugger) may outlive the page (a service or shared worker's); the debugger says when it ends.
      if (this.closed.has(create.conn) || create.source === 'debugger') continue;
      const close: SessionRecord = {
        kind: 'close',
        sid: create.sid,
        t,
        code: GOING_AWAY,
        reason: '',
        wasClean: false,
        by: 'navigation',
        seq: this.nextSeq++,
        conn: create.conn,
        frameId: create.frameId,
        source: create.source,
      };
      this.keep(close);
      ended.push(close);
    }
    return ended;
  }

  /** Lifecycle records of workers' sockets (debugger) still open: a new page session keeps them, as Clear does. */
  private aliveWorkerSockets(): SessionRecord[] {
    const alive = new Set<string>();
    for (const record of this.records) {
      if (record.kind === 'create' && record.source === 'debugger') alive.add(record.conn);
      else if (record.kind === 'close') alive.delete(record.conn);
    }
    return this.records.filter(
      (r) => alive.has(r.conn) && (r.kind === 'create' || r.kind === 'open' || r.kind === 'handshake'),
    );
  }

  /** Keeps only `records` (known sockets follow from their create records), in a new epoch. */
  private startOver(records: SessionRecord[]): void {
    this.records = records;
    this.droppedFrames = 0;
    this.droppedConnections = 0;
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
    this.joins.reset();
    const records = this.records;
    this.records = [];
    this.closed = new Set();
    this.frames = 0;
    this.bytes = 0;
    this.lifecycleBytes = 0;
    for (const record of records) this.keep(record);
  }
}

type LifecycleRecord = Exclude<SessionRecord, { kind: 'frame' }>;

/** Memory a lifecycle record takes, roughly: its strings and the object. */
function lifecycleBytes(record: LifecycleRecord): number {
  switch (record.kind) {
    case 'create':
      return (
        LIFECYCLE_OVERHEAD_BYTES +
        record.url.length +
        record.stack.length +
        record.frameUrl.length +
        record.protocols.reduce((n, p) => n + p.length, 0)
      );
    case 'open':
      return LIFECYCLE_OVERHEAD_BYTES + record.protocol.length + record.extensions.length;
    case 'closing':
    case 'close':
      return LIFECYCLE_OVERHEAD_BYTES + (record.reason?.length ?? 0);
    case 'handshake':
      return (
        LIFECYCLE_OVERHEAD_BYTES +
        record.url.length +
        record.statusLine.length +
        [...record.requestHeaders, ...record.responseHeaders].reduce((n, h) => n + h.name.length + h.value.length, 0)
      );
    default:
      return LIFECYCLE_OVERHEAD_BYTES;
  }
}

/** Memory a stored frame's payload takes, roughly: text chars, or its bytes. */
function keptBytes(record: Extract<SessionRecord, { kind: 'frame' }>): number {
  return record.type === 'text' ? record.data.length : record.data.byteLength;
}
