/**
 * The third capture source, Chrome only and opt-in per tab: the sockets of a
 * tab's workers (dedicated, shared, service, and workers they start), which
 * no page hook reaches, from Chrome's debugger.
 *
 *   panel ──deep-capture {tabId, on}──▶ SessionService ──start/stop──▶ DeepCapture
 *   chrome.debugger.attach(tab) ── Target.setAutoAttach {waitForDebuggerOnStart, flatten} (again in every child)
 *     └ worker session: Network.enable, then Runtime.runIfWaitingForDebugger
 *   shared workers of the tab's origin: attached by targetId, found by polling getTargets (a page
 *     does not auto-attach them, and Target.setDiscoverTargets is not allowed to extensions)
 *   Network.webSocket* ──CdpSockets──▶ records of a document of its own (`debugger:<id>`) ──▶ TabSession
 *   chrome.debugger.onDetach (banner's Cancel, tab closed) ──▶ open sockets closed 'detached', state 'ended'
 *
 * The tab's own documents get no Network domain: their sockets come from the
 * hook, which alone sees Blob payloads and close codes, so none is listed twice.
 * Every command has a timeout: a service worker being started can hold one.
 */
import type { WorkerInfo } from '../../protocol/schema';
import type { DeepCaptureState } from '../../protocol/messages';
import { CdpSockets, type CdpParams, type CdpRecord } from './cdp-sockets';
import { BATCH_MS, batchedIngest } from './batched-ingest';

export interface Debuggee {
  tabId?: number;
  targetId?: string;
  sessionId?: string;
}

/** chrome.debugger.getTargets' view: 'other' for a dedicated worker, 'worker' for shared and service workers. */
export interface DebuggerTarget {
  id: string;
  type: string;
  title: string;
  url: string;
  attached: boolean;
  tabId?: number;
}

/** The part of `chrome.debugger` this source uses (tests hand in fakes). */
export interface DebuggerApi {
  attach(target: Debuggee, version: string): Promise<void>;
  detach(target: Debuggee): Promise<void>;
  sendCommand(target: Debuggee, method: string, params?: object): Promise<unknown>;
  getTargets(): Promise<DebuggerTarget[]>;
  onEvent: { addListener(listener: (source: Debuggee, method: string, params?: object) => void): void };
  onDetach: { addListener(listener: (source: Debuggee, reason: string) => void): void };
}

/** Where deep capture puts what it sees (the service, through a document of its own per attach). */
export interface DeepCaptureSink {
  state(tabId: number, state: DeepCaptureState): void;
  /** Opens the tab's debugger document; its records are filed as the `debugger` source's. */
  open(tabId: number): { ingest(records: CdpRecord[]): void; payloadLimit(): number; close(): void };
}

const COMMAND_TIMEOUT_MS = 3000;
/**
 * How long a worker waiting to start is held for its set-up's answers at most (see `attached`).
 * Measured against a service worker that opens a socket on its first line, in 40 to 50 starts
 * each: 0 and 100 ms missed that socket once or twice, 300 ms and 1 s never (nor 300 ms with
 * both cores busy).
 */
const START_GRACE_MS = 300;
/** How often new shared workers are looked for. One that opens a socket sooner than this after it starts is missed. */
const SHARED_WORKER_POLL_MS = 100;
/** CDP's target types of workers ('worker' is a dedicated one); anything else is a frame or a page. */
const WORKER_TYPES: Record<string, WorkerInfo['type']> = {
  worker: 'dedicated',
  shared_worker: 'shared',
  service_worker: 'service',
};

interface TabCapture {
  tabId: number;
  /** The tab's page's origin: shared workers of that origin are the tab's. */
  origin: string;
  nextSid: number;
  /** Sessions of workers by `<debuggee key> <sessionId>`. */
  sockets: Map<string, CdpSockets>;
  /** Root debuggees besides the tab: shared workers attached by targetId. */
  extraTargets: Set<string>;
  document: ReturnType<DeepCaptureSink['open']>;
  stopping: boolean;
  poll?: ReturnType<typeof setInterval>;
}

export class DeepCapture {
  private readonly tabs = new Map<number, TabCapture>();
  /** Which tab a worker attached by targetId serves. */
  private readonly targetTabs = new Map<string, number>();
  /** Done once sessions a stopped worker left attached are let go; starts wait for it. */
  private readonly ready: Promise<void>;

  constructor(
    private readonly api: DebuggerApi,
    private readonly sink: DeepCaptureSink,
    private readonly timeoutMs = COMMAND_TIMEOUT_MS,
    private readonly pollMs = SHARED_WORKER_POLL_MS,
    private readonly batchMs = BATCH_MS,
    private readonly startGraceMs = START_GRACE_MS,
  ) {
    // Registered once, at construction (the worker's top level).
    api.onEvent.addListener((source, method, params) => this.onEvent(source, method, (params ?? {}) as CdpParams));
    api.onDetach.addListener((source, reason) => this.onDetach(source, reason));
    this.ready = this.releaseLeftovers();
  }

  /**
   * A worker that stopped took what it knew of deep capture with it, while
   * Chrome may keep its debugger attached (and its banner up): let go of
   * everything, so no banner stays without a capture behind it. Detaching
   * what another client debugs fails harmlessly (it is not ours).
   */
  private async releaseLeftovers(): Promise<void> {
    const targets = await this.withTimeout(this.api.getTargets()).catch(() => []);
    const ours = targets.filter((target) => target.attached);
    await Promise.all(
      ours.map((target) =>
        this.withTimeout(
          this.api.detach(target.tabId === undefined ? { targetId: target.id } : { tabId: target.tabId }),
        ).catch(() => {}),
      ),
    );
  }

  isOn(tabId: number): boolean {
    return this.tabs.has(tabId);
  }

  /** Attaches to the tab and its workers; rejects with the browser's error when attaching fails. */
  async start(tabId: number, tabUrl: string): Promise<void> {
    await this.ready;
    if (this.tabs.has(tabId)) return;
    this.sink.state(tabId, { state: 'starting' });
    const capture: TabCapture = {
      tabId,
      origin: originOf(tabUrl),
      nextSid: 0,
      sockets: new Map(),
      extraTargets: new Set(),
      document: batchedIngest(this.sink.open(tabId), this.batchMs),
      stopping: false,
    };
    this.tabs.set(tabId, capture);
    try {
      await this.command({ tabId }, 'attach');
      await this.autoAttach({ tabId });
      await this.attachSharedWorkers(capture);
      capture.poll = setInterval(() => void this.attachSharedWorkers(capture).catch(() => {}), this.pollMs);
    } catch (error) {
      this.end(capture, String(error instanceof Error ? error.message : error));
      await this.api.detach({ tabId }).catch(() => {});
      throw error;
    }
    if (this.tabs.get(tabId) === capture) this.sink.state(tabId, { state: 'on' });
  }

  /** Detaches from the tab and its workers; open worker sockets are closed 'detached'. */
  async stop(tabId: number): Promise<void> {
    const capture = this.tabs.get(tabId);
    if (!capture) return this.sink.state(tabId, { state: 'off' });
    capture.stopping = true;
    const roots: Debuggee[] = [{ tabId }, ...[...capture.extraTargets].map((targetId) => ({ targetId }))];
    this.end(capture);
    await Promise.all(roots.map((root) => this.withTimeout(this.api.detach(root)).catch(() => {})));
  }

  /** Auto-attach in a root or child session: children wait for us, so no socket opens before Network is on. */
  private autoAttach(target: Debuggee): Promise<unknown> {
    return this.command(target, 'Target.setAutoAttach', {
      autoAttach: true,
      waitForDebuggerOnStart: true,
      flatten: true,
    });
  }

  /** Shared workers of the tab's origin not attached yet (service workers come by auto-attach). */
  private async attachSharedWorkers(capture: TabCapture): Promise<void> {
    if (this.tabs.get(capture.tabId) !== capture) return;
    const targets = await this.withTimeout(this.api.getTargets());
    // The tab's origin now: it follows the tab's navigations.
    const page = targets.find((target) => target.type === 'page' && target.tabId === capture.tabId);
    if (page) capture.origin = originOf(page.url);
    for (const target of targets) {
      const shared = target.type === 'worker' && !target.title.startsWith('Service Worker');
      if (!shared || originOf(target.url) !== capture.origin) continue;
      if (this.targetTabs.has(target.id)) continue;
      await this.attachShared(capture, target.id, target.url);
    }
  }

  private async attachShared(capture: TabCapture, targetId: string, url: string): Promise<void> {
    this.targetTabs.set(targetId, capture.tabId);
    capture.extraTargets.add(targetId);
    try {
      await this.command({ targetId }, 'attach');
      await this.workerSession(capture, { targetId }, { type: 'shared', url });
    } catch {
      // Gone before we got there: its sockets are not seen.
      this.targetTabs.delete(targetId);
      capture.extraTargets.delete(targetId);
    }
  }

  /**
   * A worker's session: its sockets get their own CdpSockets; Network and auto-attach
   * (nested workers; a service worker may refuse) are both sent at once, without waiting
   * for either's answer (see `attached`).
   */
  private async workerSession(capture: TabCapture, session: Debuggee, worker: WorkerInfo): Promise<void> {
    const sockets = new CdpSockets(worker, () => ++capture.nextSid);
    sockets.payloadLimit = capture.document.payloadLimit();
    capture.sockets.set(keyOf(session), sockets);
    await Promise.all([this.command(session, 'Network.enable'), this.autoAttach(session).catch(() => {})]);
  }

  private onEvent(source: Debuggee, method: string, params: CdpParams): void {
    const capture = this.captureOf(source);
    if (!capture || capture.stopping) return;
    if (method === 'Target.attachedToTarget') return void this.attached(capture, source, params);
    if (method === 'Target.detachedFromTarget' && typeof params.sessionId === 'string') {
      // The worker ended (its page left, it stopped): its sockets ended with it.
      const key = keyOf({ ...rootOf(source), sessionId: params.sessionId });
      return this.endSessions(capture, (k) => k === key, 'unknown');
    }
    if (!method.startsWith('Network.webSocket')) return;
    const sockets = capture.sockets.get(keyOf(source));
    if (!sockets) return;
    sockets.payloadLimit = capture.document.payloadLimit();
    const records = sockets.event(method, params);
    if (records.length > 0) capture.document.ingest(records);
  }

  /** A child session: workers get Network; every child auto-attaches its own, and then runs. */
  private async attached(capture: TabCapture, parent: Debuggee, params: CdpParams): Promise<void> {
    const sessionId = typeof params.sessionId === 'string' ? params.sessionId : undefined;
    const info = (params.targetInfo ?? {}) as { type?: string; url?: string };
    if (sessionId === undefined) return;
    const child: Debuggee = { ...rootOf(parent), sessionId };
    const type = WORKER_TYPES[info.type ?? ''];
    const setUp: Promise<unknown> = type
      ? this.workerSession(capture, child, { type, url: String(info.url ?? '') })
      : this.autoAttach(child); // an out-of-process frame: its workers
    const settled = setUp.catch(() => {}); // a session that failed is one we do not hear from
    if (params.waitingForDebugger !== true) return;
    // A service worker waiting to start answers Network.enable only once it runs: waiting for
    // the answer held every start of one for the whole command timeout (3 s). Run without it,
    // at once, and the worker's first socket could open before Network reached it.
    await Promise.race([settled, sleep(this.startGraceMs)]);
    await this.command(child, 'Runtime.runIfWaitingForDebugger').catch(() => {});
  }

  private onDetach(source: Debuggee, reason: string): void {
    const capture = this.captureOf(source);
    if (!capture) return;
    if (source.targetId !== undefined) {
      // One shared worker went (or was detached): its sockets end, the tab's capture goes on.
      capture.extraTargets.delete(source.targetId);
      this.targetTabs.delete(source.targetId);
      const by = reason === 'target_closed' ? 'unknown' : 'detached';
      this.endSessions(capture, (key) => key.startsWith(`x${source.targetId} `), by);
      return;
    }
    if (capture.stopping) return;
    // The banner's Cancel ('canceled_by_user'), the tab closed ('target_closed'), DevTools took over.
    this.end(capture, reason);
    for (const targetId of capture.extraTargets) void this.api.detach({ targetId }).catch(() => {});
  }

  /** Ends a tab's capture: open sockets closed, document closed, state told. */
  private end(capture: TabCapture, reason?: string): void {
    if (this.tabs.get(capture.tabId) !== capture) return;
    this.endSessions(capture, () => true);
    this.tabs.delete(capture.tabId);
    clearInterval(capture.poll);
    for (const targetId of capture.extraTargets) this.targetTabs.delete(targetId);
    capture.document.close();
    this.sink.state(capture.tabId, reason === undefined ? { state: 'off' } : { state: 'ended', reason });
  }

  private endSessions(
    capture: TabCapture,
    which: (key: string) => boolean,
    by: 'detached' | 'unknown' = 'detached',
  ): void {
    const ended: CdpRecord[] = [];
    for (const [key, sockets] of capture.sockets) {
      if (!which(key)) continue;
      ended.push(...sockets.endAll(by));
      capture.sockets.delete(key);
    }
    if (ended.length > 0) capture.document.ingest(ended);
  }

  private captureOf(source: Debuggee): TabCapture | undefined {
    if (source.tabId !== undefined) return this.tabs.get(source.tabId);
    const tabId = source.targetId === undefined ? undefined : this.targetTabs.get(source.targetId);
    return tabId === undefined ? undefined : this.tabs.get(tabId);
  }

  /** `attach` or a CDP method, with a timeout. */
  private command(target: Debuggee, method: string, params?: object): Promise<unknown> {
    const call = method === 'attach' ? this.api.attach(target, '1.3') : this.api.sendCommand(target, method, params);
    return this.withTimeout(call, method);
  }

  private withTimeout<T>(call: Promise<T>, what = 'the debugger'): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not answer within ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    return Promise.race([call, timeout]).finally(() => clearTimeout(timer));
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function rootOf(source: Debuggee): Debuggee {
  return source.tabId !== undefined ? { tabId: source.tabId } : { targetId: source.targetId };
}

/** One key per session: its root debuggee (tab or target) and its session id. */
function keyOf(source: Debuggee): string {
  const root = source.tabId !== undefined ? `t${source.tabId}` : `x${source.targetId}`;
  return `${root} ${source.sessionId ?? ''}`;
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '';
  }
}
