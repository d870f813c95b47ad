/**
 * What carries a client's messages to the session service and back: an
 * extension port (the panel), a bridge through an extension page driven over
 * CDP (Node: the CLI, the e2e harness), or memory (unit tests). The client
 * validates what arrives; a transport only carries it.
 */
import type { ClientRequest } from '../protocol/messages';

export interface Transport {
  /**
   * Opens a link. `onEvent` gets each message the service sends, unvalidated;
   * `onClose` is called once when the link drops (the worker stopped, the
   * page went away), never after `close()`.
   */
  open(onEvent: (raw: unknown) => void, onClose: () => void): TransportLink;
}

export interface TransportLink {
  /** Sends a request; throws when the link is already gone. */
  send(request: ClientRequest): void;
  close(): void;
}
