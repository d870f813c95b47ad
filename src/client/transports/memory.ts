/**
 * An in-memory transport for tests: the client on one side, a server
 * function (a service endpoint, or a script) on the other. Messages are
 * delivered asynchronously (a microtask), as a port would, and cloned, so
 * neither side can share objects with the other. `drop()` cuts every open
 * link as a stopped worker would.
 */
import type { ClientRequest } from '../../protocol/messages';
import type { Transport } from '../transport';

/** The server side of one link. */
export interface MemoryPeer {
  /** Sends an event to the client. */
  post(event: unknown): void;
  /** Whether the link is still open. */
  readonly open: boolean;
}

export interface MemoryServer {
  /** A link opened: returns what to do with each request, and on close. */
  accept(peer: MemoryPeer): { request(request: unknown): void; closed(): void };
}

export interface MemoryTransport extends Transport {
  /** Cuts every open link (both sides see it close). */
  drop(): void;
  /** Links opened so far. */
  readonly opened: number;
  /** Requests the client sent, in order, across every link. */
  readonly sent: ClientRequest[];
}

export function memoryTransport(server: MemoryServer): MemoryTransport {
  const cutters = new Set<() => void>();
  const sent: ClientRequest[] = [];
  let opened = 0;
  return {
    get opened() {
      return opened;
    },
    sent,
    drop() {
      for (const cut of [...cutters]) cut();
    },
    open(onEvent, onClose) {
      opened++;
      let open = true;
      const peer: MemoryPeer = {
        post(event) {
          if (!open) throw new Error('the link is closed');
          const copy = structuredClone(event);
          queueMicrotask(() => open && onEvent(copy));
        },
        get open() {
          return open;
        },
      };
      const side = server.accept(peer);
      const cut = (tellClient: boolean) => {
        if (!open) return;
        open = false;
        cutters.delete(cutClient);
        side.closed();
        if (tellClient) queueMicrotask(onClose);
      };
      const cutClient = () => cut(true);
      cutters.add(cutClient);
      return {
        send(request) {
          if (!open) throw new Error('the link is closed');
          sent.push(request);
          const copy = structuredClone(request);
          queueMicrotask(() => open && side.request(copy));
        },
        close() {
          cut(false);
        },
      };
    },
  };
}
