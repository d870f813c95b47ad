/**
 * Wraps the page's WebSocket so that every connection is recorded from its
 * constructor call on, while the page sees the native behaviour: the same
 * constructor semantics (Proxy construct trap with the caller's new.target), the
 * same prototype, the same exceptions (stacks included, see stack.ts), the same
 * argument conversions in the same order (arguments.ts), and no extra properties
 * on sockets. Our event listeners are added at construction, so they run before
 * any page listener and record frames in wire order.
 *
 * DevTools acts on sockets through the same listeners and traps: commands find
 * a socket by its sid in a registry private to this closure (commands.ts), and
 * intercept rules, breakpoints and simulated messages go through per-socket
 * gates (intercept.ts) that the usual path skips while no rule is set.
 *
 * Nothing here may throw into the page or call anything a page can replace:
 * recording runs in try/catch, and built-ins come from natives.ts.
 */
import type { HookRecord } from '../protocol/schema';
import {
  MAX_EXTENSIONS_CHARS,
  MAX_PROTOCOL_CHARS,
  MAX_REASON_CHARS,
  MAX_STACK_CHARS,
  MAX_URL_CHARS,
} from '../protocol/limits';
import { putCut, putProtocols } from './fields';
import { bare, call, isObjectLike, natives, ownArray, setOwn } from './natives';
import { installToString, replaceValue } from './disguise';
import { joinRealms } from './realms';
import { clampedCode, closeArguments, closeWouldThrow, constructorArguments, sendArgument } from './arguments';
import { hideFrames, callerStack } from './stack';
import {
  dataPayload,
  isArrayBuffer,
  isBlob,
  keepsWhole,
  packBinary,
  readBlob,
  recordApart,
  textPayload,
  type Payload,
} from './payload';
import { openFrameOrder } from './order';
import type { Outbox } from './outbox';
import { openGate } from './gate';
import { openIntercept } from './intercept';
import { runCommand, simulateClose } from './commands';
import { closeEvent, dispatchLater, errorEvent, openEvent } from './synthetic';
import { later } from './later';
import { breakIntoDebugger } from './debugger';
import type { FrameMarks, Tracked } from './tracked';

const CONNECTING = 0;
const OPEN = 1;

type Trap<T extends unknown[], R> = (...args: T) => R;

export function installHook(outbox: Outbox): void {
  const NativeWebSocket = natives.WebSocket;
  const proto = NativeWebSocket.prototype;
  /** The sockets this hook made. One made in another frame is recorded by the hook there (realms.ts). */
  const sockets = new natives.WeakMap<object, Tracked>();
  /** Our wrappers → the natives they print as. */
  const wrappers = new natives.WeakMap<object, object>();
  let nextSid = 1;
  /** sid → socket of this document, for commands; an entry goes when its socket closes. */
  const registry = new natives.Map<number, Tracked>();

  const now = () => natives.timeOrigin + natives.now();
  const trackedOf = (self: unknown) => (isObjectLike(self) ? call(natives.weakMapGet, sockets, self) : undefined);
  // Cheapest checks first: a brand check that fails throws (slow), and ArrayBuffers are far more common than Blobs.
  const isBinary = (value: unknown) => natives.isView(value) || isArrayBuffer(value) || isBlob(value);
  const isSocket = (value: unknown) => {
    try {
      call(natives.socketReadyState, value);
      return true;
    } catch {
      return false;
    }
  };

  // Field by field, no spread: this runs for every frame.
  const frame = (tracked: Tracked, t: number, dir: 'sent' | 'received', payload: Payload, marks?: FrameMarks) => {
    const { type, data, size, truncated } = payload;
    const record = { kind: 'frame', sid: tracked.sid, t, dir, type, data, size, truncated } as HookRecord & FrameMarks;
    if (marks) {
      // Marks come from our own code; own keys only, so nothing on Object.prototype reads or adds one.
      if (natives.hasOwn(marks, 'origin') && marks.origin) setOwn(record, 'origin', marks.origin);
      if (natives.hasOwn(marks, 'intercept') && marks.intercept) setOwn(record, 'intercept', marks.intercept);
    }
    return record as HookRecord;
  };

  const recordData = (tracked: Tracked, dir: 'sent' | 'received', data: unknown, marks?: FrameMarks) => {
    const t = now();
    // Most frames: a text kept whole, or bytes, in order, unmarked. Straight into the batch's columns, no objects.
    if (!marks && tracked.order.idle()) {
      if (typeof data === 'string') {
        if (keepsWhole(data)) return outbox.pushText(tracked.sid, t, dir === 'sent', data);
      } else {
        const size = packBinary(data);
        if (size >= 0) return outbox.pushBinary(tracked.sid, t, dir === 'sent', size);
      }
    }
    const payload = dataPayload(data);
    if (payload) return tracked.order.emit(frame(tracked, t, dir, payload, marks));
    if (isBlob(data)) {
      const fill = tracked.order.reserve();
      readBlob(data, (read) => {
        try {
          fill(frame(tracked, t, dir, read, marks));
        } catch {
          outbox.failed();
        }
      });
      return;
    }
    tracked.order.emit(frame(tracked, t, dir, textPayload(natives.String(data)), marks));
  };

  /** Records a frame DevTools sent, simulated or let through, unless capture is paused. */
  const recordMarked = (tracked: Tracked, dir: 'sent' | 'received', data: unknown, marks?: FrameMarks) => {
    if (!outbox.framesWanted()) return;
    try {
      recordData(tracked, dir, data, marks);
    } catch {
      outbox.failed(); // counted and reported, as for the page's own frames
    }
  };

  const intercept = openIntercept(outbox, recordMarked, now);
  const commandDeps = {
    registry,
    nextSid: () => nextSid,
    intercept,
    record: recordMarked,
    emit: (tracked: Tracked, record: HookRecord) => tracked.order.emit(record),
    now,
    /** A replay's socket: made as the page makes one, its protocols handed over as the construct trap does. */
    openSocket(url: string, protocols: string[], replayOf: string): Tracked {
      const converted = constructorArguments(protocols.length ? [url, protocols] : [url]);
      const socket = natives.construct(NativeWebSocket, converted.args, NativeWebSocket) as WebSocket;
      track(socket, converted.protocols, '', replayOf);
      const tracked = call(natives.weakMapGet, sockets, socket) as Tracked;
      refuse(tracked); // under an offline or refuse rule it fails as the page's own would
      return tracked;
    },
    failed: () => outbox.failed(),
  };
  /**
   * Under an offline rule: an open socket is dropped as a lost network drops
   * it (the page sees 1006, not clean); a connecting one fails as a refused
   * connection does (the native close() before the handshake: error, then 1006).
   */
  /** A new socket under an offline or refuse rule fails as a refused connection does: error, then 1006. */
  const refuse = (tracked: Tracked) => {
    try {
      if (intercept.refuses(tracked)) call(natives.socketClose, tracked.socket);
    } catch {
      outbox.failed();
    }
  };
  const cutOff = (tracked: Tracked) => {
    try {
      if (intercept.offline(tracked) === null) return;
      const state = call(natives.socketReadyState, tracked.socket);
      if (state === CONNECTING) call(natives.socketClose, tracked.socket);
      else if (state === OPEN && !tracked.simulatedClose) simulateClose(commandDeps, tracked, 1006, '', false);
    } catch {
      outbox.failed();
    }
  };

  /** The key of the drop-every rule a socket's drop timer was set under ('' for none). */
  const dropTimers = new natives.WeakMap<Tracked, string>();
  /**
   * Under a drop-every rule: an open socket is dropped as a lost network drops
   * it (1006), the rule's time after it opened (or after the rule came). A
   * timer set under a rule since changed or removed does nothing.
   */
  const scheduleDrop = (tracked: Tracked) => {
    try {
      const rule = intercept.dropEvery(tracked);
      if (!rule || call(natives.socketReadyState, tracked.socket) !== OPEN || tracked.simulatedClose) return;
      if (call(natives.weakMapGet, dropTimers, tracked) === rule.key) return; // a timer under this rule is set
      call(natives.weakMapSet, dropTimers, tracked, rule.key);
      later(() => {
        try {
          if (call(natives.weakMapGet, dropTimers, tracked) !== rule.key) return;
          call(natives.weakMapSet, dropTimers, tracked, '');
          const current = intercept.dropEvery(tracked);
          if (!current || current.key !== rule.key) return;
          if (call(natives.socketReadyState, tracked.socket) === OPEN && !tracked.simulatedClose)
            simulateClose(commandDeps, tracked, 1006, '', false);
        } catch {
          outbox.failed();
        }
      }, rule.ms);
    } catch {
      outbox.failed();
    }
  };

  /**
   * Under a delay-open rule: the page's open event waits in the socket's
   * incoming gate (so messages, error and close wait behind it, in order),
   * and readyState reads CONNECTING until it is delivered.
   */
  const holdOpen = (tracked: Tracked, event: Event) => {
    const delay = intercept.openDelay(tracked);
    if (delay <= 0 && !tracked.in.busy()) return;
    call(natives.stopImmediatePropagation, event);
    tracked.openHeld = true;
    const deadline = now() + delay;
    tracked.in.push((done) => {
      const release = () => {
        try {
          // A socket closed meanwhile fails, as one that never opened: its page gets no open event.
          if (call(natives.socketReadyState, tracked.socket) !== OPEN) {
            tracked.openHeld = false;
            return done();
          }
          dispatchLater(tracked.socket, openEvent(), done, () => (tracked.openHeld = false));
        } catch {
          tracked.openHeld = false;
          done();
        }
      };
      const wait = deadline - now();
      if (wait > 0) later(release, wait);
      else release();
    });
  };

  /**
   * The page closed a socket a delay-open rule shows as CONNECTING: it fails
   * as a connecting socket closed by its page does (readyState CLOSING now,
   * then an error event and close 1006, not clean), not as an open one; the
   * held open event is never delivered (the socket is no longer open).
   */
  const failHeldOpen = (tracked: Tracked) => {
    try {
      tracked.openHeld = false;
      tracked.simulatedClose = { code: 1006, reason: '', wasClean: false };
      tracked.in.push((done) => {
        tracked.order.emit({ kind: 'error', sid: tracked.sid, t: now() });
        dispatchLater(tracked.socket, errorEvent(), done);
      });
    } catch {
      outbox.failed();
    }
  };

  outbox.onInbound((message) => {
    if (message.type === 'rules') {
      intercept.setRules(message.rules);
      call(natives.mapForEach, registry, cutOff);
      call(natives.mapForEach, registry, scheduleDrop);
      return;
    }
    const result = runCommand(commandDeps, message.sid, message.command);
    outbox.post({ type: 'result', id: message.id, ...result });
  });

  const isTrustedEvent = (event: Event) => call(natives.eventIsTrusted, event);
  const isTrustedClose = (event: Event) => call(natives.closeEventIsTrusted, event);

  /** Our listeners must never throw: an exception would reach the page's window.onerror. */
  const listen = (socket: object, type: string, isTrusted: (event: Event) => boolean, on: (event: Event) => void) =>
    call(natives.addEventListener, socket, type, (event: Event) => {
      try {
        // A page can dispatch its own (untrusted) events on a socket; the wire sent none.
        if (isTrusted(event)) on(event);
      } catch {
        // Contained to this event (the page's own listeners still run), and reported.
        outbox.failed();
      }
    });

  const track = (socket: WebSocket, protocols: string[], stack: string, replayOf?: string) => {
    const sid = nextSid++;
    const tracked: Tracked = {
      sid,
      socket,
      order: openFrameOrder(outbox, recordApart),
      closedByPage: false,
      closedFromDevtools: false,
      simulatedClose: null,
      openHeld: false,
      out: openGate(),
      in: openGate(),
    };
    call(natives.weakMapSet, sockets, socket, tracked);
    call(natives.mapSet, registry, sid, tracked);
    const create = { kind: 'create', sid, t: now() } as HookRecord;
    putCut(create, 'url', 'urlLength', call(natives.socketUrl, socket), MAX_URL_CHARS);
    putProtocols(create, protocols);
    putCut(create, 'stack', 'stackLength', stack, MAX_STACK_CHARS);
    putCut(create, 'frameUrl', 'frameUrlLength', call(natives.locationHref, natives.location), MAX_URL_CHARS);
    if (replayOf !== undefined) setOwn(create, 'replayOf', replayOf);
    outbox.push(create);
    listen(socket, 'open', isTrustedEvent, (event) => {
      const open = { kind: 'open', sid, t: now() } as HookRecord;
      putCut(open, 'protocol', 'protocolLength', call(natives.socketProtocol, socket), MAX_PROTOCOL_CHARS);
      putCut(open, 'extensions', 'extensionsLength', call(natives.socketExtensions, socket), MAX_EXTENSIONS_CHARS);
      tracked.order.emit(open);
      holdOpen(tracked, event);
      scheduleDrop(tracked);
    });
    listen(socket, 'message', natives.messageEventIsTrustedOf, (event) => {
      const data = natives.messageEventDataOf(event);
      // A rule or a held frame takes it: recorded when it reaches the page (or is blocked).
      if (intercept.incoming(tracked, event, data)) return;
      if (outbox.framesWanted()) recordData(tracked, 'received', data);
      // Stops in DevTools with the page's handlers next (this listener is the socket's first).
      if (intercept.breaksInto(tracked, 'received', data)) breakIntoDebugger();
    });
    listen(socket, 'error', isTrustedEvent, (event) => {
      // Under a simulated close the page sees only the simulated close event.
      if (tracked.simulatedClose) return call(natives.stopImmediatePropagation, event);
      const deliver = (done: () => void) => {
        tracked.order.emit({ kind: 'error', sid, t: now() });
        dispatchLater(socket, errorEvent(), done);
      };
      if (!intercept.holdEvent(tracked, event, deliver)) tracked.order.emit({ kind: 'error', sid, t: now() });
    });
    listen(socket, 'close', isTrustedClose, (event) => {
      call(natives.mapDelete, registry, sid);
      intercept.closed(tracked);
      const simulated = tracked.simulatedClose;
      const code = simulated ? simulated.code : call(natives.closeEventCode, event);
      const reason = simulated ? simulated.reason : call(natives.closeEventReason, event);
      const wasClean = simulated ? simulated.wasClean : call(natives.closeEventWasClean, event);
      const byPage = !simulated && (tracked.closedByPage || tracked.closedFromDevtools);
      const by = byPage ? 'page' : wasClean ? 'server' : 'network';
      const origin = simulated ? 'simulated' : tracked.closedFromDevtools ? 'devtools' : undefined;
      const emit = () => {
        const record = { kind: 'close', sid, t: now(), code, wasClean, by } as HookRecord;
        putCut(record, 'reason', 'reasonLength', reason, MAX_REASON_CHARS);
        if (origin) setOwn(record, 'origin', origin);
        tracked.order.emit(record);
      };
      const deliver = (done: () => void) => {
        emit();
        dispatchLater(socket, closeEvent(code, reason, wasClean), done);
      };
      if (intercept.holdEvent(tracked, event, deliver)) return;
      if (!simulated) return emit();
      // The real close (code 1000 from us) is replaced by the simulated one: the page sees exactly one.
      call(natives.stopImmediatePropagation, event);
      tracked.in.push(deliver);
    });
  };

  const construct: Trap<[typeof NativeWebSocket, unknown[], NewableFunction], WebSocket> = function construct(
    target,
    args,
    newTarget,
  ) {
    // Page callbacks (toString, iterators) run here, before the native, in native order.
    const converted = constructorArguments(args);
    let socket: WebSocket;
    try {
      socket = natives.construct(target, converted.args, newTarget) as WebSocket;
    } catch (error) {
      throw hideFrames(error, construct);
    }
    try {
      track(socket, converted.protocols, callerStack(construct));
    } catch {
      // Never let recording break the page's socket; counted and reported.
      outbox.failed();
    }
    const tracked = call(natives.weakMapGet, sockets, socket) as Tracked | undefined;
    if (tracked) refuse(tracked); // offline, or refused for a while: it fails as a refused connection would
    return socket;
  };

  /**
   * send() on a socket of ours, `data` converted: through a rule's gate or the
   * native `target`, then recorded as it went out. `trap` is the frame errors
   * are re-captured from.
   */
  const sendOwn = (tracked: Tracked, self: unknown, target: unknown, data: unknown, state: number, trap: AnyTrap) => {
    const wasOpen = state === OPEN;
    // The page's caller is the next frame down the stack: DevTools stops here before the frame goes.
    if (wasOpen && intercept.breaksInto(tracked, 'sent', data)) breakIntoDebugger();
    // A rule, or frames held before this one, take it: it goes out (or not) from the socket's gate.
    if (wasOpen && intercept.outgoing(tracked, data)) return;
    try {
      natives.apply(target as (data: unknown) => void, self, [data]);
    } catch (error) {
      throw hideFrames(error, trap);
    }
    if (wasOpen && outbox.framesWanted()) {
      try {
        recordData(tracked, 'sent', data);
      } catch {
        outbox.failed();
      }
    }
  };

  const send: Trap<[typeof proto.send, unknown, unknown[]], void> = function send(target, self, args) {
    // Without a socket or an argument the native throws before converting anything.
    if (args.length === 0) return passThrough(target, self, args, send);
    let state: number;
    try {
      state = call(natives.socketReadyState, self);
    } catch {
      return passThrough(target, self, args, send);
    }
    const original = args[0];
    const data = sendArgument(original, isBinary);
    // Converting an object runs page code (toString), which may have closed the socket: look again then.
    if (data !== original) state = call(natives.socketReadyState, self);
    const tracked = trackedOf(self);
    // Held by a delay-open rule, the socket is CONNECTING to the page: send() throws as the native would then.
    if (tracked && tracked.openHeld && state === OPEN) throw hideFrames(stillConnecting(), send);
    if (tracked) return sendOwn(tracked, self, target, data, state, send);
    // Another frame's socket: its hook sends and records it, unless the native here would throw (its error, not theirs).
    if (state !== CONNECTING && isSendable(data) && realms.send(self, data)) return;
    passThrough(target, self, [data], send);
  };

  const closeOwn = (tracked: Tracked, self: unknown, target: unknown, converted: unknown[], trap: AnyTrap) => {
    const state = call(natives.socketReadyState, self);
    try {
      natives.apply(target as () => void, self, converted);
    } catch (error) {
      throw hideFrames(error, trap);
    }
    if (state !== OPEN && state !== CONNECTING) return;
    tracked.closedByPage = true;
    if (tracked.openHeld) failHeldOpen(tracked);
    try {
      const record = { kind: 'closing', sid: tracked.sid, t: now() } as HookRecord;
      const code = clampedCode(converted[0]);
      if (code !== undefined) setOwn(record, 'code', code);
      if (converted.length > 1 && converted[1] !== undefined)
        putCut(record, 'reason', 'reasonLength', natives.String(converted[1]), MAX_REASON_CHARS);
      tracked.order.emit(record);
    } catch {
      outbox.failed();
    }
  };

  const close: Trap<[typeof proto.close, unknown, unknown[]], void> = function close(target, self, args) {
    if (!isSocket(self)) return passThrough(target, self, args, close);
    const converted = closeArguments(args);
    const tracked = trackedOf(self);
    if (tracked) return closeOwn(tracked, self, target, converted, close);
    if (!closeWouldThrow(converted) && realms.close(self, converted)) return;
    passThrough(target, self, converted, close);
  };

  // What this hook offers the hooks of related windows: only what its own send, close and toString do.
  const realms = joinRealms({
    send(socket, data) {
      const tracked = trackedOf(socket);
      if (!tracked) return false;
      const converted = sendArgument(data, isBinary);
      sendOwn(tracked, socket, natives.socketSend, converted, call(natives.socketReadyState, socket), sendOwn);
      return true;
    },
    close(socket, args) {
      const tracked = trackedOf(socket);
      if (!tracked) return false;
      // Read by index into an array of ours: the arguments come from another realm.
      const copy = ownArray<unknown>();
      const length = isObjectLike(args) ? natives.floor(+args.length) : 0;
      for (let i = 0; i < length && i < 2; i++) copy[i] = args[i];
      closeOwn(tracked, socket, natives.socketClose, closeArguments(copy), closeOwn);
      return true;
    },
    print(fn) {
      const original = isObjectLike(fn) ? call(natives.weakMapGet, wrappers, fn) : undefined;
      return original ? call(natives.functionToString, original) : undefined;
    },
  });

  /** readyState: CONNECTING while a delay-open rule holds the page's open event; the native's otherwise. */
  const readyStateDescriptor = natives.getOwnPropertyDescriptor(proto, 'readyState')!;
  const nativeReadyState = readyStateDescriptor.get!;
  const readyState: Trap<[typeof nativeReadyState, unknown, unknown[]], unknown> = function readyState(
    target,
    self,
    args,
  ) {
    const tracked = trackedOf(self);
    if (tracked && tracked.openHeld) return CONNECTING;
    return passThrough(target, self, args, readyState);
  };

  const WebSocketProxy = new natives.Proxy(NativeWebSocket, bare({ construct }));
  const readyStateProxy = new natives.Proxy(nativeReadyState, bare({ apply: readyState }));
  const sendProxy = new natives.Proxy(proto.send, bare({ apply: send }));
  const closeProxy = new natives.Proxy(proto.close, bare({ apply: close }));

  const disguise = installToString(wrappers, realms.print);
  disguise(WebSocketProxy, NativeWebSocket);
  disguise(sendProxy, proto.send);
  disguise(closeProxy, proto.close);
  disguise(readyStateProxy, nativeReadyState);
  natives.defineProperty(proto, 'readyState', bare({ ...readyStateDescriptor, get: readyStateProxy }));
  replaceValue(proto, 'send', sendProxy);
  replaceValue(proto, 'close', closeProxy);
  replaceValue(proto, 'constructor', WebSocketProxy);
  replaceValue(globalThis, 'WebSocket', WebSocketProxy);
}

type AnyTrap = (...args: never[]) => unknown;

/** What Chromium throws from send() on a CONNECTING socket. */
function stillConnecting(): unknown {
  return new natives.DOMException(
    "Failed to execute 'send' on 'WebSocket': Still in CONNECTING state.",
    'InvalidStateError',
  );
}

/** What send() takes without throwing once converted: a primitive other than a Symbol, or bytes. */
function isSendable(data: unknown): boolean {
  return (
    typeof data !== 'symbol' && (!isObjectLike(data) || natives.isView(data) || isArrayBuffer(data) || isBlob(data))
  );
}

/** Calls the native as is; it throws its own error (illegal `this`, missing argument) from the page's call. */
function passThrough<R>(
  target: (...args: never[]) => R,
  self: unknown,
  args: unknown[],
  trap: Trap<never[], unknown>,
): R {
  try {
    return natives.apply(target, self, args);
  } catch (error) {
    throw hideFrames(error, trap);
  }
}
