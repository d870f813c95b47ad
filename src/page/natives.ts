/**
 * Every built-in the hook uses, taken once at document_start before any page
 * script runs. A page that later replaces Reflect.apply, Blob.prototype.slice or
 * performance.now must not be able to change (or see) what the hook does.
 */

const { apply, construct, defineProperty, getOwnPropertyDescriptor } = Reflect;

function getter<T>(proto: object, name: string): (this: unknown) => T {
  const descriptor = getOwnPropertyDescriptor(proto, name);
  if (!descriptor?.get) throw new Error(`WebSocket Lens: no getter ${name}`);
  return descriptor.get as (this: unknown) => T;
}

const typedArrayProto = Object.getPrototypeOf(Uint8Array.prototype) as object;

export const natives = {
  apply,
  construct,
  defineProperty,
  getOwnPropertyDescriptor,
  WebSocket: globalThis.WebSocket,
  Proxy: globalThis.Proxy,
  WeakMap: globalThis.WeakMap,
  Error: globalThis.Error,
  Event: globalThis.Event,
  ArrayBuffer: globalThis.ArrayBuffer,
  Uint8Array: globalThis.Uint8Array,
  Blob: globalThis.Blob,
  Promise: globalThis.Promise,
  String: globalThis.String,
  isView: ArrayBuffer.isView,
  queueMicrotask: globalThis.queueMicrotask.bind(globalThis),
  now: performance.now.bind(performance),
  timeOrigin: performance.timeOrigin,
  functionToString: Function.prototype.toString,
  arrayBufferSlice: ArrayBuffer.prototype.slice,
  uint8ArraySlice: Uint8Array.prototype.slice,
  stringSlice: String.prototype.slice,
  arrayPush: Array.prototype.push,
  arrayFrom: Array.from,
  arraySlice: Array.prototype.slice,
  arrayJoin: Array.prototype.join,
  stringSplit: String.prototype.split,
  Number: globalThis.Number,
  round: Math.round,
  blobSlice: Blob.prototype.slice,
  blobArrayBuffer: Blob.prototype.arrayBuffer,
  blobSize: getter<number>(Blob.prototype, 'size'),
  promiseThen: Promise.prototype.then,
  typedArrayBuffer: getter<ArrayBufferLike>(typedArrayProto, 'buffer'),
  typedArrayByteOffset: getter<number>(typedArrayProto, 'byteOffset'),
  typedArrayByteLength: getter<number>(typedArrayProto, 'byteLength'),
  dataViewBuffer: getter<ArrayBufferLike>(DataView.prototype, 'buffer'),
  dataViewByteOffset: getter<number>(DataView.prototype, 'byteOffset'),
  dataViewByteLength: getter<number>(DataView.prototype, 'byteLength'),
  arrayBufferByteLength: getter<number>(ArrayBuffer.prototype, 'byteLength'),
  isDataView: (value: unknown): value is DataView => value instanceof DataView,
  addEventListener: EventTarget.prototype.addEventListener,
  removeEventListener: EventTarget.prototype.removeEventListener,
  dispatchEvent: EventTarget.prototype.dispatchEvent,
  stopImmediatePropagation: Event.prototype.stopImmediatePropagation,
  preventDefault: Event.prototype.preventDefault,
  messageEventData: getter<unknown>(MessageEvent.prototype, 'data'),
  messageEventPorts: getter<readonly MessagePort[]>(MessageEvent.prototype, 'ports'),
  closeEventCode: getter<number>(CloseEvent.prototype, 'code'),
  closeEventReason: getter<string>(CloseEvent.prototype, 'reason'),
  closeEventWasClean: getter<boolean>(CloseEvent.prototype, 'wasClean'),
  portPostMessage: MessagePort.prototype.postMessage,
  socketReadyState: getter<number>(WebSocket.prototype, 'readyState'),
  socketUrl: getter<string>(WebSocket.prototype, 'url'),
  socketProtocol: getter<string>(WebSocket.prototype, 'protocol'),
  socketExtensions: getter<string>(WebSocket.prototype, 'extensions'),
  // href is an own, unforgeable property of each Location object, not a prototype accessor.
  locationHref: getter<string>(globalThis.location, 'href'),
  location: globalThis.location,
  document: globalThis.document,
};

/** Calls a captured built-in with an explicit receiver. */
export function call<R>(fn: (...args: never[]) => R, self: unknown, ...args: unknown[]): R {
  return apply(fn as (...a: unknown[]) => R, self, args);
}
