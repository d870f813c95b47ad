/**
 * Chrome DevTools' own recording, as its Network panel does it: a CDP session
 * of its own on the page with the Network domain enabled. Chromium then builds
 * an event for every WebSocket frame and sends it over this session; here each
 * is parsed and its payload kept until the next page (as the panel keeps it),
 * so the recording's cost is paid in full, not skipped, and counted to prove it.
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
  params?: { response?: { payloadData?: string } };
}

export class DevToolsRecorder {
  counts: NetworkCounts = { sockets: 0, sent: 0, received: 0 };
  private kept: string[] = [];
  private answered?: () => void;

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const event = JSON.parse(String(data)) as Event;
      if (event.id === 1) this.answered?.();
      else if (event.method === 'Network.webSocketCreated') this.counts.sockets++;
      else if (event.method === 'Network.webSocketFrameSent') this.keep('sent', event);
      else if (event.method === 'Network.webSocketFrameReceived') this.keep('received', event);
    });
    socket.on('error', () => {});
  }

  /** Attaches to the page target and enables Network with DevTools' own parameter. */
  static async attach(pageDebuggerUrl: string): Promise<DevToolsRecorder> {
    const socket = new WebSocket(pageDebuggerUrl);
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    const recorder = new DevToolsRecorder(socket);
    const enabled = new Promise<void>((resolve) => (recorder.answered = resolve));
    // DevTools' NetworkManager asks for request bodies up to 64 KiB eagerly.
    socket.send(JSON.stringify({ id: 1, method: 'Network.enable', params: { maxPostDataSize: 65_536 } }));
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

  private keep(direction: 'sent' | 'received', event: Event): void {
    this.counts[direction]++;
    this.kept.push(event.params?.response?.payloadData ?? '');
  }
}
