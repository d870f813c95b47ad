/**
 * The public face of the one client of the session service (src/client/):
 * what the panel, the CLI, the e2e harness and any later host use. It hides
 * the panel-port protocol; requests are promises that settle with a result or
 * reject with a ClientError carrying the service's code.
 */
import type { ServiceError, ServiceErrorCode } from '../protocol/errors';
import type { ResumePoint, TabStatus, TabSummary } from '../protocol/messages';
import type { SessionRecord } from '../protocol/schema';
import type { Command, PausedFrame, Rule } from '../protocol/actions';

export type LinkState = 'connecting' | 'live' | 'reconnecting' | 'closed';

/** A request that failed, with the service's code (the panel words it, see lib/error-text.ts). */
export class ClientError extends Error implements ServiceError {
  constructor(
    readonly code: ServiceErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ClientError';
  }
}

/** What a subscription tells its holder, in the order the service sends it. */
export interface SubscriptionHandlers {
  /** Drop everything held of the tab: a new epoch starts (records follow). */
  reset?(epoch: string): void;
  /** Records in seq order, of the current epoch. */
  records?(records: SessionRecord[], epoch: string): void;
  status?(status: TabStatus): void;
  pauses?(pauses: PausedFrame[]): void;
  /** Something the service could not do or deliver (the client resubscribes on its own where it can). */
  error?(error: ServiceError): void;
}

export interface Subscription {
  readonly tabId: number;
  /** Where a resubscription picks up: the epoch and the last seq received; undefined before the first reset. */
  readonly resumePoint: ResumePoint | undefined;
  /** Ask for the whole session again (a reset, then every record). */
  restart(): void;
  /** Stop following the tab. */
  close(): void;
}

export interface Slice {
  epoch: string;
  records: SessionRecord[];
  /** Records after these were left for another read (the limit, or a message's worth of bytes). */
  more: boolean;
}

export interface ReadOptions {
  /** Records with seq > after (-1: from the start). */
  after: number;
  limit?: number;
}

export interface SessionClient {
  readonly state: LinkState;
  /** Called on every state change; returns an unsubscribe function. */
  onState(listener: (state: LinkState) => void): () => void;
  /**
   * Follows one tab: snapshot, then live. After a dropped link the client
   * reconnects and resumes from the last record it passed on, so the holder
   * gets exactly what it missed. One subscription per client: a new one
   * replaces the old.
   */
  subscribe(tabId: number, handlers: SubscriptionHandlers, resume?: ResumePoint): Subscription;
  /** One slice of a tab's records. */
  read(tabId: number, options: ReadOptions): Promise<Slice>;
  /** Every record of a tab, read slice by slice (one epoch: starts over if the session is reset meanwhile). */
  readAll(tabId: number): Promise<Slice>;
  /** Tabs with a session, with their connection counts. */
  tabs(): Promise<TabSummary[]>;
  /** Acts on one socket of a tab; rejects with ClientError ('unknown-socket', 'closed', 'timeout', ...). */
  command(tabId: number, conn: string, command: Command): Promise<void>;
  setRules(tabId: number, rules: Rule[]): Promise<void>;
  setPaused(tabId: number, paused: boolean): Promise<void>;
  clear(tabId: number): Promise<void>;
  setPreserveLog(value: boolean): Promise<void>;
  /** Chrome: every handshake header (Cookie, Origin…) from now on, even with no client connected (settings.ts). */
  setAllHandshakeHeaders(value: boolean): Promise<void>;
  /** Deep capture of the tab's workers (Chrome's debugger) on or off; rejects with 'unsupported' or 'permission'. */
  setDeepCapture(tabId: number, on: boolean): Promise<void>;
  /** Closes the link for good: pending requests reject with 'not-connected'. */
  close(): void;
}

export interface ClientOptions {
  /** How long a request waits for its answer (the service answers commands within COMMAND_TIMEOUT_MS). */
  timeoutMs?: number;
  /** Delay before reconnecting a dropped link. */
  reconnectDelayMs?: number;
}
