/**
 * Wraps the page's WebSocket so that every connection is recorded from its
 * constructor call on, while the page sees the native behaviour: the same
 * constructor semantics (Proxy construct trap with the caller's new.target), the
 * same prototype, the same exceptions, and no extra properties on sockets. Our
 * event listeners are added at construction, so they run before any page
 * listener and record frames in wire order.
 */
import type { HookRecord } from '../protocol/schema';
import { call, natives } from './natives';
import { disguise, replaceValue } from './disguise';
import { blobPayload, dataPayload, isBlob, textPayload, type Payload } from './payload';
import type { Outbox } from './outbox';

const OPEN = 1;
const CONNECTING = 0;

interface Tracked {
  sid: number;
  /** Set while a Blob payload is being read: later records of this socket wait behind it. */
  chain: Promise<void> | null;
  closedByPage: boolean;
}

export function installHook(outbox: Outbox): void {
  const NativeWebSocket = natives.WebSocket;
  const proto = NativeWebSocket.prototype;
  const sockets = new natives.WeakMap<WebSocket, Tracked>();
  let nextSid = 1;

  const now = () => natives.timeOrigin + natives.now();

  /** Emits a record now, or after the socket's pending Blob reads so order is wire order. */
  const emit = (tracked: Tracked, make: () => HookRecord | Promise<HookRecord>) => {
    if (!tracked.chain) {
      const record = make();
      if (!(record instanceof natives.Promise)) return outbox.push(record, sizeOf(record));
    }
    const previous = tracked.chain ?? natives.Promise.resolve();
    const next = call(natives.promiseThen, previous, make) as Promise<HookRecord>;
    const done = call(natives.promiseThen, next, (record: HookRecord) => {
      outbox.push(record, sizeOf(record));
      if (tracked.chain === done) tracked.chain = null;
    }) as Promise<void>;
    tracked.chain = done;
  };

  const frame = (tracked: Tracked, t: number, dir: 'sent' | 'received', payload: Payload): HookRecord =>
    ({ kind: 'frame', sid: tracked.sid, t, dir, ...payload }) as HookRecord;

  const recordData = (tracked: Tracked, dir: 'sent' | 'received', data: unknown) => {
    const t = now();
    if (isBlob(data)) {
      const reading = blobPayload(data);
      emit(
        tracked,
        () => call(natives.promiseThen, reading, (p: Payload) => frame(tracked, t, dir, p)) as Promise<HookRecord>,
      );
      return;
    }
    const payload = dataPayload(data as string | ArrayBuffer | ArrayBufferView) ?? textPayload(natives.String(data));
    emit(tracked, () => frame(tracked, t, dir, payload));
  };

  const track = (socket: WebSocket, protocols: string[]) => {
    const tracked: Tracked = { sid: nextSid++, chain: null, closedByPage: false };
    sockets.set(socket, tracked);
    const sid = tracked.sid;
    outbox.push(
      {
        kind: 'create',
        sid,
        t: now(),
        url: call(natives.socketUrl, socket),
        protocols,
        stack: pageStack(),
        frameUrl: call(natives.locationHref, natives.location),
      },
      0,
    );
    const listen = (type: string, listener: (event: Event) => void) =>
      call(natives.addEventListener, socket, type, listener);
    listen('open', () => {
      const t = now();
      const protocol = call(natives.socketProtocol, socket);
      const extensions = call(natives.socketExtensions, socket);
      emit(tracked, () => ({ kind: 'open', sid, t, protocol, extensions }));
    });
    listen('message', (event) => recordData(tracked, 'received', call(natives.messageEventData, event)));
    listen('error', () => {
      const t = now();
      emit(tracked, () => ({ kind: 'error', sid, t }));
    });
    listen('close', (event) => {
      const t = now();
      const code = call(natives.closeEventCode, event);
      const reason = call(natives.closeEventReason, event);
      const wasClean = call(natives.closeEventWasClean, event);
      const by = tracked.closedByPage ? 'page' : wasClean ? 'server' : 'network';
      emit(tracked, () => ({ kind: 'close', sid, t, code, reason, wasClean, by }));
    });
  };

  const WebSocketProxy = new natives.Proxy(NativeWebSocket, {
    construct(target, args: unknown[], newTarget: NewableFunction) {
      // Read a protocols iterable once ourselves and hand the native constructor
      // the array: iterating a page's iterable twice would be observable.
      const protocols = requestedProtocols(args[1]);
      if (typeof args[1] === 'object' && args[1] !== null)
        args = [args[0], protocols, ...call(natives.arraySlice, args, 2)];
      const socket = natives.construct(target, args, newTarget) as WebSocket;
      track(socket, protocols);
      return socket;
    },
  });

  const sendProxy = new natives.Proxy(proto.send, {
    apply(target, self: WebSocket, args: unknown[]) {
      const tracked = sockets.get(self);
      if (!tracked || args.length === 0) return natives.apply(target, self, args);
      let data = args[0];
      // Convert once, as send() itself would, so a page's toString runs exactly once.
      if (typeof data !== 'string' && typeof data !== 'symbol' && !natives.isView(data) && !isBinaryObject(data)) {
        data = natives.String(data);
        args = [data];
      }
      const wasOpen = call(natives.socketReadyState, self) === OPEN;
      const result = natives.apply(target, self, args);
      if (wasOpen) recordData(tracked, 'sent', data);
      return result;
    },
  });

  const closeProxy = new natives.Proxy(proto.close, {
    apply(target, self: WebSocket, args: unknown[]) {
      const tracked = sockets.get(self);
      if (!tracked) return natives.apply(target, self, args);
      // Convert code and reason once, as close() itself would, and pass the primitives on.
      const code = args[0] === undefined ? undefined : natives.Number(args[0]);
      const reason = args[1] === undefined ? undefined : natives.String(args[1]);
      if (args.length > 0) args = [code, ...(args.length > 1 ? [reason] : []), ...call(natives.arraySlice, args, 2)];
      const state = call(natives.socketReadyState, self);
      const result = natives.apply(target, self, args);
      if (state === OPEN || state === CONNECTING) {
        tracked.closedByPage = true;
        const t = now();
        const record: HookRecord = { kind: 'closing', sid: tracked.sid, t };
        if (code !== undefined) record.code = natives.round(code);
        if (reason !== undefined) record.reason = reason;
        emit(tracked, () => record);
      }
      return result;
    },
  });

  disguise(WebSocketProxy, NativeWebSocket);
  disguise(sendProxy, proto.send);
  disguise(closeProxy, proto.close);
  replaceValue(proto, 'send', sendProxy);
  replaceValue(proto, 'close', closeProxy);
  replaceValue(proto, 'constructor', WebSocketProxy);
  replaceValue(globalThis, 'WebSocket', WebSocketProxy);
}

function isBinaryObject(value: unknown): boolean {
  return isBlob(value) || (typeof value === 'object' && value !== null && dataPayloadIsBuffer(value));
}

function dataPayloadIsBuffer(value: object): boolean {
  try {
    call(natives.arrayBufferByteLength, value);
    return true;
  } catch {
    return false;
  }
}

/** The protocols argument as the native constructor will convert it. */
function requestedProtocols(value: unknown): string[] {
  if (value === undefined) return [];
  if (typeof value !== 'object' || value === null) return [natives.String(value)];
  // Symbols pass through unconverted so the native constructor throws its own TypeError.
  const toString = (p: unknown) => (typeof p === 'symbol' ? p : natives.String(p));
  return natives.apply(natives.arrayFrom, Array, [value, toString]) as string[];
}

/** The page's stack at the constructor call, without our own frames. */
function pageStack(): string {
  const stack = new natives.Error().stack ?? '';
  const lines = call(natives.stringSplit, stack, '\n') as string[];
  // Line 0 is "Error"; then pageStack, track and the construct trap.
  return call(natives.arrayJoin, call(natives.arraySlice, lines, 4), '\n') as string;
}

function sizeOf(record: HookRecord): number {
  if (record.kind !== 'frame') return 64;
  return record.type === 'text' ? record.data.length * 2 : record.data.byteLength;
}
