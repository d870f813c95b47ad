/**
 * The hub: relay ports bring records in, panel ports take sessions out.
 * Everything is keyed by the tab taken from the port's sender, never from a
 * message, and every message is validated before it touches a session.
 *
 * Sessions live in memory (the hot path) and in IndexedDB (WriteQueue), so a
 * worker that stops and restarts reloads them before handling anything else
 * (`ready`): messages wait for it, in arrival order.
 */
import { readBatch } from '../protocol/batch';
import type { CaptureControl } from '../protocol/schema';
import type { Runtime } from 'webextension-polyfill';
import { PROTOCOL_VERSION } from '../protocol/version';
import {
  parsePanelRequest,
  parseRelayMessage,
  type PanelEvent,
  type PanelRequest,
  type RelayControl,
} from '../protocol/messages';
import type { Settings } from '../protocol/settings';
import { TabSession } from './tab-session';
import type { StoreDb } from './store-db';
import { WriteQueue } from './write-queue';
import type { HeldPort } from './held-port';
import { CommandRouter } from './commands';
import type { Rule } from '../protocol/actions';

/** Records per message when a panel gets a whole session: keeps each message small. */
const SNAPSHOT_PAGE = 5000;
const STATUS_THROTTLE_MS = 250;

export interface HubDeps {
  extensionOrigin: string;
  db: StoreDb;
  settings: Settings;
  /** Tabs that exist now: stored sessions of other tabs are deleted at start. */
  liveTabs: number[];
  saveSettings(settings: Settings): Promise<void>;
  /**
   * Asks relays of a tab to connect again (all of them, or one document's):
   * after a worker restart a relay reconnects only when it has records to send.
   */
  wake(tabId: number, frameId?: number, docId?: string): void;
}

export class SessionHub {
  private readonly sessions = new Map<number, TabSession>();
  private readonly relays = new Map<number, Set<Runtime.Port>>();
  /** Each document's relay port, per tab: commands go to the one document that owns the socket. */
  private readonly relayDocs = new Map<number, Map<string, Runtime.Port>>();
  /** Documents whose relay this worker saw disconnect (navigated away, closed) and not say hello again. */
  private readonly goneDocs = new Set<string>();
  private readonly router: CommandRouter;
  private readonly panels = new Map<number, Set<Runtime.Port>>();
  private readonly statusDue = new Set<number>();
  private statusTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly writes: WriteQueue;
  private settings: Settings;

  private constructor(private readonly deps: HubDeps) {
    this.writes = new WriteQueue(deps.db);
    this.settings = deps.settings;
    this.router = new CommandRouter({
      relayOf: (tabId, docId) => this.relayDocs.get(tabId)?.get(docId),
      wake: (tabId, frameId, docId) => deps.wake(tabId, frameId, docId),
      isGone: (_tabId, docId) => this.goneDocs.has(docId),
      toPanel: (port, event) => this.post(port, event),
      toRelay: (port, control) => this.control(port, control),
    });
  }

  static async start(deps: HubDeps): Promise<SessionHub> {
    const hub = new SessionHub(deps);
    const live = new Set(deps.liveTabs);
    for (const { meta, records } of await deps.db.loadAll()) {
      if (live.has(meta.tabId)) hub.sessions.set(meta.tabId, TabSession.restore(meta, records));
      else void hub.writes.forget(meta.tabId);
    }
    return hub;
  }

  session(tabId: number): TabSession {
    let session = this.sessions.get(tabId);
    if (!session) {
      session = new TabSession(tabId);
      this.sessions.set(tabId, session);
    }
    return session;
  }

  dropTab(tabId: number): Promise<void> {
    this.sessions.delete(tabId);
    return this.writes.forget(tabId);
  }

  applySettings(settings: Settings): void {
    const newLimit = settings.maxPayloadBytes !== this.settings.maxPayloadBytes;
    this.settings = settings;
    for (const session of this.sessions.values()) {
      if (newLimit)
        for (const relay of this.relays.get(session.tabId) ?? []) this.control(relay, this.capture(session));
      const cut = session.enforceBudget(settings);
      if (cut !== null) this.writes.add(session, [], cut);
      this.queueStatus(session.tabId);
    }
  }

  /** What a tab's hooks are to capture: frames or not, and how much of each payload. */
  private capture(session: TabSession): CaptureControl {
    return { type: 'capture', paused: session.paused, maxPayloadBytes: this.settings.maxPayloadBytes };
  }

  acceptRelay({ port, release }: HeldPort): void {
    const tabId = port.sender?.tab?.id;
    const frameId = port.sender?.frameId;
    if (tabId === undefined || frameId === undefined) return port.disconnect();
    let docId: string | undefined;
    this.portsOf(this.relays, tabId).add(port);

    const onMessage = (raw: unknown) => {
      const parsed = parseRelayMessage(raw);
      const session = this.session(tabId);
      if (!parsed.ok) {
        session.rejected++;
        return this.queueStatus(tabId);
      }
      const message = parsed.value;
      if (message.type === 'hello') {
        if (message.v !== PROTOCOL_VERSION) return port.disconnect();
        docId = message.docId;
        if (frameId === 0) this.startPage(session, docId, port.sender?.url ?? '');
        this.control(port, this.capture(session));
        this.control(port, { type: 'rules', rules: session.rules });
        let docs = this.relayDocs.get(tabId);
        if (!docs) this.relayDocs.set(tabId, (docs = new Map()));
        docs.set(docId, port);
        this.goneDocs.delete(docId);
        this.router.relayReady(tabId, docId, port);
        return;
      }
      if (!docId) {
        session.rejected++;
        return this.queueStatus(tabId);
      }
      if (message.type === 'result') return this.router.result(port, message.id, message.error, message.detail);
      if (message.type === 'paused') {
        session.addPause(docId, message.paused);
        return this.sendPauses(session);
      }
      if (message.type === 'hook-errors') {
        session.hookErrors += message.count;
        return this.queueStatus(tabId);
      }
      if (message.type === 'pause-end') {
        if (session.endPause(docId, message.sid, message.pause)) this.sendPauses(session);
        return;
      }
      const batch = readBatch(message.batch);
      if (!batch.ok) {
        session.rejected++;
        return this.queueStatus(tabId);
      }
      const result = session.accept(docId, frameId, message.first, batch.records);
      const cut = session.enforceBudget(this.settings);
      const next = result.next;
      // Keyed by port: one acknowledgement per relay per committed write, however many batches it sent.
      this.writes.add(session, result.added, cut, () => this.control(port, { type: 'ack', next }), port);
      if (result.added.length > 0)
        this.broadcast(tabId, { type: 'records', tabId, epoch: session.epoch, records: result.added });
      if (cut !== null || result.rejected > 0) this.queueStatus(tabId);
    };
    release(onMessage, () => {
      this.relays.get(tabId)?.delete(port);
      this.router.relayGone(port);
      if (!docId) return;
      const docs = this.relayDocs.get(tabId);
      if (docs?.get(docId) === port) {
        docs.delete(docId);
        this.goneDocs.add(docId);
      }
      const session = this.sessions.get(tabId);
      if (session?.dropPausesOf(docId)) this.sendPauses(session);
    });
  }

  acceptPanel({ port, release }: HeldPort): void {
    // Only our own extension pages: the DevTools panel, or the panel opened as a tab.
    if (!port.sender?.url?.startsWith(this.deps.extensionOrigin)) return port.disconnect();
    let subscribed: number | undefined;
    const onMessage = (raw: unknown) => {
      const parsed = parsePanelRequest(raw);
      if (!parsed.ok) return this.post(port, { type: 'error', message: `Bad request: ${parsed.error}` });
      const request = parsed.value;
      if (request.type === 'subscribe') {
        if (request.v !== PROTOCOL_VERSION) {
          const message = `The panel speaks protocol ${request.v}, the extension ${PROTOCOL_VERSION}: close and reopen DevTools.`;
          return this.post(port, { type: 'error', message });
        }
        if (subscribed !== undefined) this.panels.get(subscribed)?.delete(port);
        subscribed = request.tabId;
        this.portsOf(this.panels, subscribed).add(port);
        return this.sendSession(port, this.session(subscribed), request.resume);
      }
      // Commands name their tab; they act on that tab's sockets only.
      if (request.type === 'command') return this.router.run(port, request, this.sessions.get(request.tabId));
      if (request.type === 'set-rules') return this.setRules(this.session(request.tabId), request.rules);
      this.command(request);
    };
    release(onMessage, () => {
      if (subscribed !== undefined) this.panels.get(subscribed)?.delete(port);
      this.router.panelGone(port);
    });
  }

  /** New rules reach every hook of the tab: relays connected now, and (woken) those that are not. */
  private setRules(session: TabSession, rules: Rule[]): void {
    session.rules = rules;
    this.writes.touch(session);
    for (const relay of this.relays.get(session.tabId) ?? []) this.control(relay, { type: 'rules', rules });
    this.deps.wake(session.tabId);
    this.queueStatus(session.tabId, true);
  }

  private sendPauses(session: TabSession): void {
    this.broadcast(session.tabId, { type: 'pauses', tabId: session.tabId, pauses: session.pausedFrames() });
  }

  private command(request: Exclude<PanelRequest, { type: 'subscribe' | 'command' | 'set-rules' }>): void {
    if (request.type === 'preserve-log') {
      this.settings = { ...this.settings, preserveLog: request.value };
      void this.deps.saveSettings(this.settings);
      for (const tabId of this.panels.keys()) this.queueStatus(tabId);
      return;
    }
    const session = this.session(request.tabId);
    if (request.type === 'pause') {
      session.paused = request.paused;
      this.writes.touch(session);
      for (const relay of this.relays.get(session.tabId) ?? []) this.control(relay, this.capture(session));
      return this.queueStatus(session.tabId, true);
    }
    session.clear();
    this.writes.replace(session);
    this.broadcastSession(session);
  }

  /** A relay of a top frame said hello: a new document may start a new page session. */
  private startPage(session: TabSession, docId: string, url: string): void {
    const epoch = session.epoch;
    const navigations = session.navigations.length;
    if (!session.startPage(docId, url, Date.now(), this.settings.preserveLog)) return;
    if (session.epoch !== epoch) {
      this.writes.replace(session);
      this.broadcastSession(session);
    } else {
      this.writes.touch(session);
      if (session.navigations.length !== navigations) this.queueStatus(session.tabId, true);
    }
  }

  private sendSession(port: Runtime.Port, session: TabSession, resume?: { epoch: string; after: number }): void {
    const { tabId, epoch } = session;
    const missed = resume ? session.since(resume.epoch, resume.after) : null;
    if (!missed) this.post(port, { type: 'reset', tabId, epoch });
    const records = missed ?? session.records;
    for (let i = 0; i < records.length; i += SNAPSHOT_PAGE) {
      this.post(port, { type: 'records', tabId, epoch, records: records.slice(i, i + SNAPSHOT_PAGE) });
    }
    this.post(port, { type: 'status', status: session.status(this.settings) });
    this.post(port, { type: 'pauses', tabId, pauses: session.pausedFrames() });
  }

  private broadcastSession(session: TabSession): void {
    for (const port of this.panels.get(session.tabId) ?? []) this.sendSession(port, session);
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
      if (session) this.broadcast(tabId, { type: 'status', status: session.status(this.settings) });
    }
    this.statusDue.clear();
  }

  private portsOf(map: Map<number, Set<Runtime.Port>>, tabId: number): Set<Runtime.Port> {
    let set = map.get(tabId);
    if (!set) {
      set = new Set();
      map.set(tabId, set);
    }
    return set;
  }

  private broadcast(tabId: number, event: PanelEvent): void {
    for (const port of this.panels.get(tabId) ?? []) this.post(port, event);
  }

  private post(port: Runtime.Port, event: PanelEvent): void {
    try {
      port.postMessage(event);
    } catch {
      // The panel went away between our lookup and the post; its onDisconnect cleans up.
    }
  }

  private control(port: Runtime.Port, message: RelayControl): void {
    try {
      port.postMessage(message);
    } catch {
      // The frame is gone; its records are stored, and a new relay will say hello.
    }
  }
}
