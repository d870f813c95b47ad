/**
 * The session service: capture sources bring records in, clients take
 * sessions out, and it knows neither transport.
 *
 *   sources/relay-port.ts ──openDocument / ingest──▶ SessionService ◀──connectClient / requests── endpoints/*
 *        (acks, controls back through CaptureChannel)   │  one TabSession per tab (private)
 *   sources/web-request.ts ──observeHandshake────────▶ │
 *                                                        └── WriteQueue → IndexedDB (survives worker restarts)
 *
 * A source opens a document (tab, frame and document id it vouches for, and
 * the channel back to that document's hook) and ingests records into it; the
 * service validates and files them, stores them, acknowledges them once
 * stored, and tells every client subscribed to the tab. Clients subscribe to
 * a tab (snapshot, then live; or only what they missed since {epoch, after}),
 * read slices, list tabs, and run commands, each with a typed result or an
 * error code. Nothing outside assigns a TabSession's fields.
 */
import type { Settings } from '../protocol/settings';
import type { CaptureSource } from '../protocol/fields';
import type { CaptureControl, DeepCaptureState, ResumePoint, TabStatus, TabSummary } from '../protocol/messages';
import type { HandshakeRecord, SessionRecord, WireRecord } from '../protocol/schema';
import { serviceError, type ServiceError } from '../protocol/errors';
import type { Command, PausedFrame, RelayPaused, Rule, CommandError } from '../protocol/actions';
import { fittingCount } from '../protocol/chunks';
import { DEBUGGER_DOC_PREFIX, TabSession } from './tab-session';
import type { RecordStore } from './store-db';
import { WriteQueue } from './write-queue';
import { CommandRouter, type CommandChannel, type CommandOutcome } from './commands';

const STATUS_THROTTLE_MS = 250;

export interface ServiceDeps {
  db: RecordStore;
  settings: Settings;
  /** Tabs that exist now: stored sessions of other tabs are deleted at start. */
  liveTabs: number[];
  saveSettings(settings: Settings): Promise<void>;
  /**
   * Asks a tab's sources to connect again (all of its documents, or one):
   * after a worker restart a relay reconnects only when it has records to send.
   */
  wake(tabId: number, frameId?: number, docId?: string): void;
  /** Deep capture (Chrome's debugger); absent where the browser has none (Firefox). */
  deepCapture?: DeepCaptureControl;
}

/** Turns a tab's deep capture on or off (sources/deep-capture.ts); rejects with the browser's words. */
export interface DeepCaptureControl {
  start(tabId: number): Promise<void>;
  stop(tabId: number): Promise<void>;
}

/** The debugger source's document of one tab, for one attach. */
export interface DebuggerDocument {
  /** Hook-shaped records, and handshakes of sockets webRequest files under no tab (shared and service workers). */
  ingest(records: readonly (WireRecord | HandshakeRecord)[]): void;
  /** Bytes (or text characters) of each payload to keep (settings). */
  payloadLimit(): number;
  close(): void;
}

/** A source's way back to one document's hook. */
export interface CaptureChannel extends CommandChannel {
  capture(control: CaptureControl): void;
  rules(rules: Rule[]): void;
}

/** What a source vouches for about a document (taken from the browser, never from the page). */
export interface DocumentInfo {
  source: CaptureSource;
  tabId: number;
  frameId: number;
  docId: string;
  url: string;
}

/** One document of a source, open in the service. */
export interface CaptureDocument {
  /** Records numbered from `first`; `stored(next)` runs once everything below `next` is in the database. */
  ingest(first: number, candidates: readonly unknown[], stored: (next: number) => void): void;
  /** A message from the document that failed validation. */
  rejected(): void;
  /** Events the document's recorder failed to record (contained there, counted here). */
  hookErrors(count: number): void;
  /** The hook's answer to a command. */
  result(id: number, error?: CommandError, detail?: string): void;
  paused(paused: RelayPaused): void;
  pauseEnd(sid: number, pause: number): void;
  /** The source lost the document (navigated away, closed). */
  closed(): void;
}

/** What the service tells one subscribed client. Endpoints turn it into messages. */
export interface ClientSink {
  reset(tabId: number, epoch: string): void;
  /** Records in seq order; possibly many (a snapshot): the endpoint cuts them into messages. */
  records(tabId: number, epoch: string, records: SessionRecord[]): void;
  status(status: TabStatus): void;
  pauses(tabId: number, pauses: PausedFrame[]): void;
}

export interface ClientHandle {
  /** Follows a tab (the previous one is left): a snapshot, or what was missed since `resume`, then live. */
  subscribe(tabId: number, resume?: ResumePoint): void;
  /** Runs a command on a socket; commands of a closed client are dropped. */
  command(tabId: number, conn: string, command: Command): Promise<CommandOutcome>;
  close(): void;
}

export interface SliceRequest {
  after: number;
  limit: number;
  /** The slice stops before this many bytes (estimated, protocol/chunks.ts), with at least one record. */
  maxBytes: number;
}

export class SessionService {
  private readonly sessions = new Map<number, TabSession>();
  /** Each tab's open documents: commands and controls go to the one document that owns a socket. */
  private readonly documents = new Map<number, Map<string, CaptureChannel>>();
  /** Documents whose source this worker saw close (navigated away, closed) and not open again. */
  private readonly goneDocs = new Set<string>();
  private readonly router: CommandRouter;
  private readonly clients = new Map<number, Set<ClientSink>>();
  private readonly statusDue = new Set<number>();
  private statusTimer: ReturnType<typeof setTimeout> | undefined;
  /** Due when the first handshake waiting for its hook socket is to be listed on its own. */
  private handshakeTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly writes: WriteQueue;
  private settings: Settings;
  /** Deep capture of each tab that has had it: not stored (the debugger does not survive the worker either). */
  private readonly deep = new Map<number, DeepCaptureState>();

  private constructor(private readonly deps: ServiceDeps) {
    this.writes = new WriteQueue({
      db: deps.db,
      sessions: () => this.sessions.values(),
      // Storage failing or recovering shows in every watched tab's status.
      onHealthChange: () => [...this.clients.keys()].forEach((tabId) => this.queueStatus(tabId)),
    });
    this.settings = deps.settings;
    this.router = new CommandRouter({
      channelOf: (tabId, docId) => this.documents.get(tabId)?.get(docId),
      wake: (tabId, frameId, docId) => deps.wake(tabId, frameId, docId),
      isGone: (_tabId, docId) => this.goneDocs.has(docId),
    });
  }

  static async start(deps: ServiceDeps): Promise<SessionService> {
    const service = new SessionService(deps);
    const live = new Set(deps.liveTabs);
    for (const { meta, records, skipped } of await service.writes.load()) {
      if (live.has(meta.tabId)) service.sessions.set(meta.tabId, TabSession.restore(meta, records, skipped));
      else void service.writes.forget(meta.tabId);
    }
    service.scheduleHandshakes();
    return service;
  }

  private session(tabId: number): TabSession {
    let session = this.sessions.get(tabId);
    if (!session) {
      session = new TabSession(tabId);
      this.sessions.set(tabId, session);
    }
    return session;
  }

  dropTab(tabId: number): Promise<void> {
    this.sessions.delete(tabId);
    this.deep.delete(tabId);
    return this.writes.forget(tabId);
  }

  applySettings(settings: Settings): void {
    const newLimit = settings.maxPayloadBytes !== this.settings.maxPayloadBytes;
    this.settings = settings;
    for (const session of this.sessions.values()) {
      if (newLimit) this.toDocuments(session.tabId, (channel) => channel.capture(this.capture(session)));
      const cut = session.enforceBudget(settings);
      if (cut !== null) this.writes.add(session, [], cut);
      this.queueStatus(session.tabId);
    }
  }

  /** Stops the service's timers (storage retries, status throttle): for a test's worker that stops. */
  dispose(): void {
    this.writes.dispose();
    clearTimeout(this.statusTimer);
    this.statusTimer = undefined;
    clearTimeout(this.handshakeTimer);
    this.handshakeTimer = undefined;
  }

  // ---- sources ------------------------------------------------------------------

  /** A message a source could not file under any document (malformed before its hello): counted. */
  rejectFrom(tabId: number): void {
    this.session(tabId).countRejected();
    this.queueStatus(tabId);
  }

  /**
   * A source opened a document (a relay said hello). A new top-level document
   * may start a new page session. The document gets its capture controls and
   * the tab's rules, and commands that waited for it.
   */
  openDocument(info: DocumentInfo, channel: CaptureChannel): CaptureDocument {
    const { tabId, frameId, docId } = info;
    const session = this.session(tabId);
    if (frameId === 0 && info.source === 'hook') this.startPage(session, docId, info.url);
    channel.capture(this.capture(session));
    channel.rules(session.rules);
    let docs = this.documents.get(tabId);
    if (!docs) this.documents.set(tabId, (docs = new Map()));
    docs.set(docId, channel);
    this.goneDocs.delete(docId);
    this.router.channelReady(tabId, docId, channel);
    return {
      ingest: (first, candidates, stored) => {
        const result = session.accept(docId, frameId, first, candidates, info.source);
        const cut = session.enforceBudget(this.settings);
        const next = result.next;
        // Keyed by channel: one acknowledgement per document per committed write, however many batches it sent.
        this.writes.add(session, result.added, cut, () => stored(next), channel);
        if (result.added.length > 0)
          for (const sink of this.clients.get(tabId) ?? []) sink.records(tabId, session.epoch, result.added);
        if (cut !== null || result.rejected > 0) this.queueStatus(tabId);
      },
      rejected: () => this.rejectFrom(tabId),
      hookErrors: (count) => {
        session.countHookErrors(count);
        this.queueStatus(tabId);
      },
      result: (id, error, detail) => this.router.result(channel, id, error, detail),
      paused: (paused) => {
        session.addPause(docId, paused);
        this.sendPauses(session);
      },
      pauseEnd: (sid, pause) => {
        if (session.endPause(docId, sid, pause)) this.sendPauses(session);
      },
      closed: () => {
        this.router.channelGone(channel);
        const docs = this.documents.get(tabId);
        if (docs?.get(docId) === channel) {
          docs.delete(docId);
          this.goneDocs.add(docId);
        }
        if (this.sessions.get(tabId)?.dropPausesOf(docId)) this.sendPauses(session);
      },
    };
  }

  /**
   * The browser reported a socket's handshake (webRequest) in a tab's frame.
   * It joins the hook's socket, now or when that arrives; until then it waits
   * in the tab's meta (stored, so a stopped worker keeps it).
   */
  observeHandshake(tabId: number, frameId: number, candidate: unknown): void {
    const session = this.session(tabId);
    const { added, rejected } = session.observeHandshake(frameId, candidate, Date.now());
    if (added.length > 0) this.filed(session, added);
    else this.writes.touch(session);
    if (rejected > 0) this.queueStatus(tabId);
    this.scheduleHandshakes();
  }

  /**
   * Deep capture on or off for a tab, as a client asked. Its state reaches
   * the tab's clients in the status (setDeepCaptureState).
   */
  async setDeepCapture(tabId: number, on: boolean): Promise<ServiceError | undefined> {
    const control = this.deps.deepCapture;
    if (!control) return serviceError('unsupported', 'this browser has no debugger API for extensions');
    try {
      await (on ? control.start(tabId) : control.stop(tabId));
      return undefined;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // Chrome says "Cannot access ..." or "Another debugger is already attached ..." when it refuses.
      return serviceError(/permission|cannot access|not allowed/i.test(message) ? 'permission' : 'failed', message);
    }
  }

  /** What deep capture of a tab is doing now (told by the debugger source, including ends nobody asked for). */
  setDeepCaptureState(tabId: number, state: DeepCaptureState): void {
    // A closed tab's end ('target_closed') comes after its session was dropped: nothing to tell.
    if (!this.sessions.has(tabId) && state.state !== 'starting' && state.state !== 'on') {
      this.deep.delete(tabId);
      return;
    }
    this.deep.set(tabId, state);
    this.queueStatus(tabId, true);
  }

  /**
   * A document of the debugger source for one attach: records numbered here
   * (the debugger resends nothing), filed as the `debugger` source's. Its
   * sockets take no commands (TabSession.isReadOnly).
   */
  openDebuggerDocument(tabId: number): DebuggerDocument {
    let limit = this.settings.maxPayloadBytes;
    const channel: CaptureChannel = {
      capture: (control) => void (limit = control.maxPayloadBytes),
      rules: () => {},
      command: () => {},
    };
    const docId = `${DEBUGGER_DOC_PREFIX}${crypto.randomUUID()}`;
    const document = this.openDocument({ source: 'debugger', tabId, frameId: 0, docId, url: '' }, channel);
    const session = this.sessions.get(tabId);
    let next = 0;
    return {
      ingest: (records) => {
        // The tab closed (its session dropped): the closes its end makes must not bring it back.
        if (this.sessions.get(tabId) !== session) return;
        document.ingest(next, records, () => {});
        next += records.length;
      },
      payloadLimit: () => limit,
      close: () => document.closed(),
    };
  }

  /** Stores and broadcasts records a session filed outside a document's ingest. */
  private filed(session: TabSession, added: SessionRecord[]): void {
    this.writes.add(session, added, session.enforceBudget(this.settings));
    for (const sink of this.clients.get(session.tabId) ?? []) sink.records(session.tabId, session.epoch, added);
  }

  private scheduleHandshakes(): void {
    clearTimeout(this.handshakeTimer);
    this.handshakeTimer = undefined;
    const due = Math.min(...[...this.sessions.values()].map((s) => s.handshakeDue ?? Infinity));
    if (due === Infinity) return;
    this.handshakeTimer = setTimeout(() => this.expireHandshakes(), Math.max(0, due - Date.now()));
  }

  /** Handshakes whose hook socket never came are listed as read-only sockets of their own. */
  private expireHandshakes(): void {
    const now = Date.now();
    for (const session of this.sessions.values()) {
      const added = session.expireHandshakes(now);
      if (added.length > 0) this.filed(session, added);
    }
    this.scheduleHandshakes();
  }

  /** What a tab's hooks are to capture: frames or not, and how much of each payload. */
  private capture(session: TabSession): CaptureControl {
    return { type: 'capture', paused: session.paused, maxPayloadBytes: this.settings.maxPayloadBytes };
  }

  private toDocuments(tabId: number, send: (channel: CaptureChannel) => void): void {
    for (const channel of this.documents.get(tabId)?.values() ?? []) {
      try {
        send(channel);
      } catch {
        // The document is gone; its records are stored, and it says hello again if it comes back.
      }
    }
  }

  /** A document of a top frame opened: a new document may start a new page session. */
  private startPage(session: TabSession, docId: string, url: string): void {
    const epoch = session.epoch;
    const navigations = session.navigations.length;
    const ended = session.startPage(docId, url, Date.now(), this.settings.preserveLog);
    if (!ended) return;
    if (session.epoch !== epoch) {
      this.writes.replace(session);
      this.sendSessionToAll(session);
    } else {
      // The previous page's sockets still open ended with it (Preserve log).
      this.writes.add(session, ended, null);
      if (ended.length > 0)
        for (const sink of this.clients.get(session.tabId) ?? []) sink.records(session.tabId, epoch, ended);
      if (session.navigations.length !== navigations) this.queueStatus(session.tabId, true);
    }
  }

  // ---- clients ------------------------------------------------------------------

  connectClient(sink: ClientSink): ClientHandle {
    let subscribed: number | undefined;
    const leave = () => {
      if (subscribed !== undefined) this.clients.get(subscribed)?.delete(sink);
    };
    return {
      subscribe: (tabId, resume) => {
        leave();
        subscribed = tabId;
        let set = this.clients.get(tabId);
        if (!set) this.clients.set(tabId, (set = new Set()));
        set.add(sink);
        this.sendSession(sink, this.session(tabId), resume);
      },
      command: (tabId, conn, command) => this.router.run({ tabId, conn, command }, this.sessions.get(tabId), sink),
      close: () => {
        leave();
        this.router.ownerGone(sink);
      },
    };
  }

  /** Records of a tab with seq > `after`, bounded by count and bytes; `more` when some were left. */
  read(
    tabId: number,
    { after, limit, maxBytes }: SliceRequest,
  ): { epoch: string; records: SessionRecord[]; more: boolean } {
    const session = this.session(tabId);
    const rest = session.since(session.epoch, after) ?? [];
    const take = fittingCount(rest, maxBytes, limit);
    return { epoch: session.epoch, records: rest.slice(0, take), more: take < rest.length };
  }

  /** Tabs with a session, and how many connections and frames each holds. */
  tabs(): TabSummary[] {
    return [...this.sessions.values()].map((session) => ({
      tabId: session.tabId,
      epoch: session.epoch,
      connections: session.records.reduce((n, record) => (record.kind === 'create' ? n + 1 : n), 0),
      frames: session.frameCount,
    }));
  }

  /** New rules reach every hook of the tab: documents open now, and (woken) those that are not. */
  setRules(tabId: number, rules: Rule[]): void {
    const session = this.session(tabId);
    session.setRules(rules);
    this.writes.touch(session);
    this.toDocuments(tabId, (channel) => channel.rules(rules));
    this.deps.wake(tabId);
    this.queueStatus(tabId, true);
  }

  setPaused(tabId: number, paused: boolean): void {
    const session = this.session(tabId);
    session.setPaused(paused);
    this.writes.touch(session);
    this.toDocuments(tabId, (channel) => channel.capture(this.capture(session)));
    this.queueStatus(tabId, true);
  }

  clear(tabId: number): void {
    const session = this.session(tabId);
    session.clear();
    this.writes.replace(session);
    this.sendSessionToAll(session);
  }

  setPreserveLog(value: boolean): void {
    this.changeSettings({ preserveLog: value });
  }

  /** The background's webRequest listeners follow the saved setting (index.ts). */
  setAllHandshakeHeaders(value: boolean): void {
    this.changeSettings({ allHandshakeHeaders: value });
  }

  private changeSettings(change: Partial<Settings>): void {
    this.settings = { ...this.settings, ...change };
    void this.deps.saveSettings(this.settings);
    for (const tabId of this.clients.keys()) this.queueStatus(tabId, true);
  }

  private statusOf(session: TabSession): TabStatus {
    const status = session.status(this.settings, this.writes.health(session.tabId));
    const deep = this.deep.get(session.tabId);
    return deep ? { ...status, deepCapture: deep } : status;
  }

  private sendPauses(session: TabSession): void {
    const pauses = session.pausedFrames();
    for (const sink of this.clients.get(session.tabId) ?? []) sink.pauses(session.tabId, pauses);
  }

  private sendSession(sink: ClientSink, session: TabSession, resume?: ResumePoint): void {
    const { tabId, epoch } = session;
    const missed = resume ? session.since(resume.epoch, resume.after) : null;
    if (!missed) sink.reset(tabId, epoch);
    const records = missed ?? session.records;
    if (records.length > 0) sink.records(tabId, epoch, records);
    sink.status(this.statusOf(session));
    sink.pauses(tabId, session.pausedFrames());
  }

  private sendSessionToAll(session: TabSession): void {
    for (const sink of this.clients.get(session.tabId) ?? []) this.sendSession(sink, session);
  }

  /** Status changes (rejections under a flood especially) are sent at most every STATUS_THROTTLE_MS. */
  private queueStatus(tabId: number, now = false): void {
    this.statusDue.add(tabId);
    if (now) return this.sendStatuses();
    this.statusTimer ??= setTimeout(() => this.sendStatuses(), STATUS_THROTTLE_MS);
  }

  private sendStatuses(): void {
    clearTimeout(this.statusTimer);
    this.statusTimer = undefined;
    for (const tabId of this.statusDue) {
      const session = this.sessions.get(tabId);
      if (!session) continue;
      const status = this.statusOf(session);
      for (const sink of this.clients.get(tabId) ?? []) sink.status(status);
    }
    this.statusDue.clear();
  }
}
