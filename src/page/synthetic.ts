/**
 * What the page receives from us instead of from the network: messages
 * (simulated, replaced, or held back and released) and the error and close
 * events of a socket whose events wait behind them. Each is a real
 * MessageEvent, Event or CloseEvent that the browser dispatches to the
 * socket's listeners and its on… handler exactly as it does a network event,
 * with the same fields (a message's `origin` is the socket URL's origin, as
 * Blink sets it) and one difference no page-world code can remove: `isTrusted`
 * is false (docs/LIMITS.md).
 *
 * Dispatch happens in a task of its own through a bound native
 * dispatchEvent, so the page's listener runs with no frame of ours on its
 * stack, as it would for a network event.
 */
import { bare, call, natives } from './natives';
import { isArrayBuffer } from './payload';
import { copyBuffer } from './rules';
import { guarded, later } from './later';

/**
 * Dispatches `event` on `target` in a task of its own, then calls `then` in
 * the task after. `before` runs first in the dispatch's task (a socket's
 * readyState turns OPEN in the task of its open event; a debugger rule stops
 * there, one step before the page's handlers).
 */
export function dispatchLater(target: object, event: Event, then: () => void, before?: () => void): void {
  // dispatchEvent does not throw (a listener's exception is reported, not rethrown).
  if (before)
    later(() => {
      guarded(before)();
      call(natives.dispatchEvent, target, event);
    });
  else later(call(natives.bind, natives.dispatchEvent, target, event) as () => boolean);
  later(guarded(then));
}

/** A message's data as this socket would deliver it now: text as is, bytes as its binaryType says. */
export function messageData(socket: WebSocket, data: unknown): unknown {
  if (!isArrayBuffer(data)) return data;
  const copy = copyBuffer(data);
  return call(natives.socketBinaryType, socket) === 'blob' ? blobOf(copy) : copy;
}

export function messageEvent(socket: WebSocket, data: unknown): MessageEvent {
  const origin = call(natives.urlOrigin, new natives.URL(call(natives.socketUrl, socket)));
  return new natives.MessageEvent('message', bare({ data, origin }));
}

export function closeEvent(code: number, reason: string, wasClean: boolean): CloseEvent {
  return new natives.CloseEvent('close', bare({ code, reason, wasClean }));
}

export function errorEvent(): Event {
  return new natives.Event('error');
}

export function openEvent(): Event {
  return new natives.Event('open');
}

/** A Blob of one buffer. Its parts go in as an iterable of ours: an array would be read through the page's Array iterator. */
function blobOf(buffer: ArrayBuffer): Blob {
  let given = false;
  const iterator = bare({
    next: () =>
      given ? bare({ done: true, value: undefined }) : ((given = true), bare({ done: false, value: buffer })),
  });
  return new natives.Blob(bare({ [natives.iteratorSymbol]: () => iterator }) as unknown as BlobPart[]);
}
