/**
 * Chrome DevTools' own recording, as its Network panel does it: a CDP session
 * of its own on the page with the Network domain enabled. Chromium then builds
 * an event for every WebSocket frame and sends it over this session; here each
 * is parsed and its payload kept until the next page (as the panel keeps it),
 * so the recording's cost is paid in full, not skipped, and counted to prove it.
 *
 * With `workers` (the deep-capture bench) it records the page's dedicated
 * workers instead, as DevTools does for a worker's sockets: auto-attach on the
 * page with workers held at their start, Network enabled in each worker's
 * session, then the worker let run. The page's own session gets no Network
 * domain there: like deep capture, only workers are recorded.
 */
import { WebSocket } from 'ws';

export interface NetworkCounts {
  sockets: number;
  sent: number;
  received: number;
}

interface Event {
  id?: number;
  method?: string;
  sessionId?: string;
  params?: {
    response?: { payloadData?: string };
    sessionId?: string;
    waitingForDebugger?: boolean;
    targetInfo?: { type?: string };
  };
}

/** DevTools' NetworkManager asks for request bodies up to 64 KiB eagerly. */
const NETWORK_ENABLE = { method: 'Network.enable', params: { maxPostDataSize: 65_536 } };

export class DevToolsRecorder {
  counts: NetworkCounts = { sockets: 0, sent: 0, received: 0 };
  private kept: string[] = [];
  private answered?: () => void;
  /** Ids of the commands sent to worker sessions (the first command, id 1, is the page's). */
  private nextId = 2;

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const event = JSON.parse(String(data)) as Event;
      if (event.id === 1) this.answered?.();
      else if (event.method === 'Target.attachedToTarget') this.attached(event);
      else if (event.method === 'Network.webSocketCreated') this.counts.sockets++;
      else if (event.method === 'Network.webSocketFrameSent') this.keep('sent', event);
      else if (event.method === 'Network.webSocketFrameReceived') this.keep('received', event);
    });
    socket.on('error', () => {});
  }

  /** Attaches to the page target and enables Network with DevTools' own parameter (`workers`: in its workers). */
  static async attach(pageDebuggerUrl: string, { workers = false } = {}): Promise<DevToolsRecorder> {
    const socket = new WebSocket(pageDebuggerUrl);
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    const recorder = new DevToolsRecorder(socket);
    const enabled = new Promise<void>((resolve) => (recorder.answered = resolve));
    const first = workers
      ? { method: 'Target.setAutoAttach', params: { autoAttach: true, waitForDebuggerOnStart: true, flatten: true } }
      : NETWORK_ENABLE;
    socket.send(JSON.stringify({ id: 1, ...first }));
    await enabled;
    return recorder;
  }

  /** A new page: DevTools' panel (without Preserve log) drops what it held. */
  reset(): void {
    this.counts = { sockets: 0, sent: 0, received: 0 };
    this.kept = [];
  }

  close(): void {
    this.socket.close();
  }

  /**
   * A child of the page (only auto-attached in `workers` mode): a dedicated
   * worker gets Network before it runs; CDP runs a session's commands in
   * order, so no socket opens before Network is on.
   */
  private attached(event: Event): void {
    const sessionId = event.params?.sessionId;
    if (sessionId === undefined) return;
    const send = (command: { method: string; params?: object }) =>
      this.socket.send(JSON.stringify({ id: this.nextId++, sessionId, ...command }));
    if (event.params?.targetInfo?.type === 'worker') send(NETWORK_ENABLE);
    if (event.params?.waitingForDebugger) send({ method: 'Runtime.runIfWaitingForDebugger' });
  }

  private keep(direction: 'sent' | 'received', event: Event): void {
    this.counts[direction]++;
    this.kept.push(event.params?.response?.payloadData ?? '');
  }
}
