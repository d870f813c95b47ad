/**
 * The one client of the session service, over any Transport (transport.ts).
 *
 *   holder ──subscribe/read/command──▶ SessionClient ──ClientRequest──▶ transport ──▶ service endpoint
 *   holder ◀──handlers / promises────── SessionClient ◀──ClientEvent─── transport ◀──
 *
 * Every event is validated here. Requests carry ids and settle with their
 * answer, a ClientError with the service's code, or our own 'timeout'. When
 * the link drops the client reconnects and resubscribes from the last record
 * it passed on; requests in flight then fail with 'not-connected' (a command
 * may or may not have run: the holder decides whether to repeat it), and
 * requests made while reconnecting wait for the new link (or their timeout).
 */
import { PROTOCOL_VERSION } from '../protocol/version';
import { CLIENT_GRACE_MS, COMMAND_TIMEOUT_MS } from '../protocol/limits';
import { parseClientEvent, type ClientEvent, type ClientRequest, type ResumePoint } from '../protocol/messages';
import type { SessionRecord } from '../protocol/schema';
import type { ServiceErrorCode } from '../protocol/errors';
import type { Transport, TransportLink } from './transport';
import {
  ClientError,
  type ClientOptions,
  type LinkState,
  type SessionClient,
  type Slice,
  type Subscription,
  type SubscriptionHandlers,
} from './types';

const RECONNECT_DELAY_MS = 250;

type Answer = Extract<ClientEvent, { id: number }>;
/** A request of the kinds that get an answer, without its id (the client numbers them). */
type Ask = ClientRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

interface Pending {
  settle(answer: Answer): void;
  fail(error: ClientError): void;
}

export function createClient(transport: Transport, options: ClientOptions = {}): SessionClient {
  const timeoutMs = options.timeoutMs ?? COMMAND_TIMEOUT_MS + CLIENT_GRACE_MS;
  const reconnectDelayMs = options.reconnectDelayMs ?? RECONNECT_DELAY_MS;
  const listeners = new Set<(state: LinkState) => void>();
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let state: LinkState = 'connecting';
  let link: TransportLink | null = null;
  let current: SubscriptionImpl | null = null;
  let closed = false;
  /** Requests made while no link was open, sent once one is. */
  let waiting: ClientRequest[] = [];

  const setState = (next: LinkState) => {
    if (state === next) return;
    state = next;
    for (const listener of listeners) listener(next);
  };

  const failPending = (code: ServiceErrorCode, message: string) => {
    const failed = [...pending.values()];
    pending.clear();
    for (const request of failed) request.fail(new ClientError(code, message));
  };

  const connect = () => {
    const opened = transport.open(
      (raw) => {
        if (link !== opened) return;
        receive(raw);
      },
      () => {
        if (link !== opened) return;
        link = null;
        failPending('not-connected', 'the link to the extension dropped');
        if (closed) return;
        setState('reconnecting');
        setTimeout(() => {
          if (closed) return;
          connect();
          current?.send();
        }, reconnectDelayMs);
      },
    );
    link = opened;
    const queued = waiting;
    waiting = [];
    // A request that timed out meanwhile stays unsent: its holder was told it failed.
    for (const request of queued) if ('id' in request && pending.has(request.id)) send(request);
  };

  const receive = (raw: unknown) => {
    const parsed = parseClientEvent(raw);
    if (!parsed.ok) {
      current?.handlers.error?.({ code: 'bad-request', message: `unexpected message: ${parsed.error}` });
      return;
    }
    const event = parsed.value;
    setState('live');
    if ('id' in event) {
      const request = pending.get(event.id);
      pending.delete(event.id);
      request?.settle(event);
      return;
    }
    current?.take(event);
  };

  const send = (request: ClientRequest): boolean => {
    if (!link) return false;
    try {
      link.send(request);
      return true;
    } catch {
      return false;
    }
  };

  /** Sends a request and resolves with its answer (an error answer rejects). */
  const ask = (request: Ask): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new ClientError('timeout', `no answer from the extension within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      pending.set(id, {
        settle(answer) {
          clearTimeout(timer);
          if (answer.type === 'result' && answer.error)
            reject(new ClientError(answer.error.code, answer.error.message));
          else resolve(answer);
        },
        fail(error) {
          clearTimeout(timer);
          reject(error);
        },
      });
      const full = { ...request, id } as ClientRequest;
      if (!link && !closed) waiting.push(full);
      else if (!send(full)) {
        pending.delete(id);
        clearTimeout(timer);
        reject(new ClientError('not-connected', 'not connected to the extension'));
      }
    });

  const done = async (request: Ask): Promise<void> => {
    await ask(request);
  };

  class SubscriptionImpl implements Subscription {
    private epoch: string | undefined;
    private lastSeq = -1;

    constructor(
      readonly tabId: number,
      readonly handlers: SubscriptionHandlers,
      resume: ResumePoint | undefined,
    ) {
      if (resume) {
        this.epoch = resume.epoch;
        this.lastSeq = resume.after;
      }
    }

    get resumePoint(): ResumePoint | undefined {
      return this.epoch === undefined ? undefined : { epoch: this.epoch, after: this.lastSeq };
    }

    send(): void {
      send({ type: 'subscribe', v: PROTOCOL_VERSION, tabId: this.tabId, resume: this.resumePoint });
    }

    restart(): void {
      this.epoch = undefined;
      this.lastSeq = -1;
      this.send();
    }

    close(): void {
      if (current === this) current = null;
    }

    take(event: Exclude<ClientEvent, Answer>): void {
      switch (event.type) {
        case 'reset':
          if (event.tabId !== this.tabId) return;
          this.epoch = event.epoch;
          this.lastSeq = -1;
          this.handlers.reset?.(event.epoch);
          return;
        case 'records':
          if (event.tabId !== this.tabId || event.epoch !== this.epoch) return;
          this.deliver(event.records, event.epoch);
          return;
        case 'status':
          if (event.status.tabId === this.tabId) this.handlers.status?.(event.status);
          return;
        case 'pauses':
          if (event.tabId === this.tabId) this.handlers.pauses?.(event.pauses);
          return;
        case 'error':
          this.handlers.error?.(event.error);
          // A message we never got leaves a gap: ask again from the last record we passed on.
          if (event.error.code === 'undeliverable') this.send();
          return;
      }
    }

    /** Passes records on once each: a resend after a resubscription may overlap what we hold. */
    private deliver(records: SessionRecord[], epoch: string): void {
      const first = records.findIndex((record) => record.seq > this.lastSeq);
      if (first < 0) return;
      const fresh = first === 0 ? records : records.slice(first);
      this.lastSeq = fresh.at(-1)!.seq;
      this.handlers.records?.(fresh, epoch);
    }
  }

  const read = async (tabId: number, options: { after: number; limit?: number }): Promise<Slice> => {
    const answer = await ask({ type: 'read', tabId, after: options.after, limit: options.limit });
    if (answer.type !== 'slice') throw new ClientError('bad-request', `a read was answered with ${answer.type}`);
    return { epoch: answer.epoch, records: answer.records, more: answer.more };
  };

  connect();

  return {
    get state() {
      return state;
    },
    onState(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    subscribe(tabId, handlers, resume) {
      const subscription = new SubscriptionImpl(tabId, handlers, resume);
      current = subscription;
      subscription.send();
      return subscription;
    },
    read,
    async readAll(tabId) {
      for (;;) {
        const records: SessionRecord[] = [];
        let slice = await read(tabId, { after: -1 });
        const epoch = slice.epoch;
        records.push(...slice.records);
        while (slice.more && slice.epoch === epoch) {
          slice = await read(tabId, { after: records.at(-1)?.seq ?? -1 });
          if (slice.epoch === epoch) records.push(...slice.records);
        }
        if (slice.epoch === epoch) return { epoch, records, more: false };
      }
    },
    async tabs() {
      const answer = await ask({ type: 'tabs' });
      if (answer.type !== 'tabs') throw new ClientError('bad-request', `tabs was answered with ${answer.type}`);
      return answer.tabs;
    },
    command: (tabId, conn, command) => done({ type: 'command', tabId, conn, command }),
    setRules: (tabId, rules) => done({ type: 'set-rules', tabId, rules }),
    setPaused: (tabId, paused) => done({ type: 'pause', tabId, paused }),
    clear: (tabId) => done({ type: 'clear', tabId }),
    setPreserveLog: (value) => done({ type: 'preserve-log', value }),
    setAllHandshakeHeaders: (value) => done({ type: 'all-handshake-headers', value }),
    setDeepCapture: (tabId, on) => done({ type: 'deep-capture', tabId, on }),
    close() {
      closed = true;
      current = null;
      waiting = [];
      const was = link;
      link = null;
      failPending('not-connected', 'the client was closed');
      was?.close();
      setState('closed');
    },
  };
}
