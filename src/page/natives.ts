/**
 * Every built-in the hook uses, taken once at document_start before any page
 * script runs. A page that later replaces Reflect.apply, Blob.prototype.slice or
 * performance.now must not be able to change (or see) what the hook does: the
 * hook calls these through `call`, never through a property lookup on a page
 * object, and uses no `instanceof` (a page can define Symbol.hasInstance).
 */

const { apply, construct, defineProperty, getOwnPropertyDescriptor, has, setPrototypeOf } = Reflect;

function getter<T>(owner: object, name: string): (this: unknown) => T {
  const descriptor = getOwnPropertyDescriptor(owner, name);
  if (!descriptor?.get) throw new Error(`WebSocket Lens: no getter ${name}`);
  return descriptor.get as (this: unknown) => T;
}

const typedArrayProto = Object.getPrototypeOf(Uint8Array.prototype) as object;

/**
 * `fn` as a plain function taking its receiver first, with no argument array
 * made per call (unlike `call` below): for the few built-ins the hook calls
 * per character or per frame. Bound now, so nothing a page changes later reaches it.
 */
function uncurry<A extends unknown[], R>(fn: (...args: A) => R): (self: unknown, ...args: A) => R {
  return Function.prototype.bind.call(Function.prototype.call, fn) as (self: unknown, ...args: A) => R;
}

export const natives = {
  apply,
  construct,
  defineProperty,
  getOwnPropertyDescriptor,
  has,
  setPrototypeOf,
  WebSocket: globalThis.WebSocket,
  Proxy: globalThis.Proxy,
  WeakMap: globalThis.WeakMap,
  weakMapGet: WeakMap.prototype.get,
  weakMapSet: WeakMap.prototype.set,
  Map: globalThis.Map,
  mapGet: Map.prototype.get,
  mapSet: Map.prototype.set,
  mapDelete: Map.prototype.delete,
  mapForEach: Map.prototype.forEach,
  Error: globalThis.Error,
  DOMException: globalThis.DOMException,
  captureStackTrace: Error.captureStackTrace,
  Event: globalThis.Event,
  CustomEvent: globalThis.CustomEvent,
  MessageEvent: globalThis.MessageEvent,
  CloseEvent: globalThis.CloseEvent,
  Blob: globalThis.Blob,
  RegExp: globalThis.RegExp,
  regExpExec: RegExp.prototype.exec,
  regExpReplace: RegExp.prototype[Symbol.replace],
  URL: globalThis.URL,
  urlOrigin: getter<string>(URL.prototype, 'origin'),
  bind: Function.prototype.bind,
  setTimeout: globalThis.setTimeout.bind(globalThis),
  // scheduler.postTask hands out no ids, unlike setTimeout (whose ids a page could see jump).
  postTask: (globalThis as { scheduler?: { postTask?: unknown } }).scheduler?.postTask as
    ((this: unknown, callback: () => void, options: { delay: number }) => Promise<void>) | undefined,
  scheduler: (globalThis as { scheduler?: unknown }).scheduler,
  customEventDetail: getter<unknown>(CustomEvent.prototype, 'detail'),
  ArrayBuffer: globalThis.ArrayBuffer,
  Uint8Array: globalThis.Uint8Array,
  Float64Array: globalThis.Float64Array,
  hasOwn: Object.hasOwn,
  /** %TypedArray%.prototype.set: Uint8Array's is the one every typed array inherits. */
  uint8ArraySet: Uint8Array.prototype.set,
  FileReader: globalThis.FileReader,
  readAsArrayBuffer: FileReader.prototype.readAsArrayBuffer,
  fileReaderResult: getter<unknown>(FileReader.prototype, 'result'),
  String: globalThis.String,
  isArray: Array.isArray,
  isView: ArrayBuffer.isView,
  iteratorSymbol: Symbol.iterator,
  toPrimitiveSymbol: Symbol.toPrimitive,
  queueMicrotask: globalThis.queueMicrotask.bind(globalThis),
  now: performance.now.bind(performance),
  timeOrigin: performance.timeOrigin,
  functionToString: Function.prototype.toString,
  stringSlice: String.prototype.slice,
  stringIndexOf: String.prototype.indexOf,
  /** charCodeAt(text, index), per character: see uncurry. */
  charCodeAtOf: uncurry(String.prototype.charCodeAt) as (text: string, index: number) => number,
  arrayPush: Array.prototype.push,
  floor: Math.floor,
  blobSlice: Blob.prototype.slice,
  blobSize: getter<number>(Blob.prototype, 'size'),
  typedArrayBuffer: getter<ArrayBufferLike>(typedArrayProto, 'buffer'),
  typedArrayByteOffset: getter<number>(typedArrayProto, 'byteOffset'),
  typedArrayByteLength: getter<number>(typedArrayProto, 'byteLength'),
  dataViewBuffer: getter<ArrayBufferLike>(DataView.prototype, 'buffer'),
  dataViewByteOffset: getter<number>(DataView.prototype, 'byteOffset'),
  dataViewByteLength: getter<number>(DataView.prototype, 'byteLength'),
  arrayBufferByteLength: getter<number>(ArrayBuffer.prototype, 'byteLength'),
  addEventListener: EventTarget.prototype.addEventListener,
  removeEventListener: EventTarget.prototype.removeEventListener,
  dispatchEvent: EventTarget.prototype.dispatchEvent,
  stopImmediatePropagation: Event.prototype.stopImmediatePropagation,
  preventDefault: Event.prototype.preventDefault,
  // isTrusted is an own, unforgeable property of each event, with one getter per interface.
  eventIsTrusted: getter<boolean>(new Event('x'), 'isTrusted'),
  messageEventIsTrusted: getter<boolean>(new MessageEvent('x'), 'isTrusted'),
  closeEventIsTrusted: getter<boolean>(new CloseEvent('x'), 'isTrusted'),
  messageEventData: getter<unknown>(MessageEvent.prototype, 'data'),
  /** The same two getters as plain functions of the event: a received frame calls them, with no argument array. */
  messageEventDataOf: uncurry(getter<unknown>(MessageEvent.prototype, 'data')) as (event: Event) => unknown,
  messageEventIsTrustedOf: uncurry(getter<boolean>(new MessageEvent('x'), 'isTrusted')) as (event: Event) => boolean,
  messageEventPorts: getter<readonly MessagePort[]>(MessageEvent.prototype, 'ports'),
  focusEventRelatedTarget: getter<EventTarget | null>(FocusEvent.prototype, 'relatedTarget'),
  pageTransitionPersisted: getter<boolean>(PageTransitionEvent.prototype, 'persisted'),
  closeEventCode: getter<number>(CloseEvent.prototype, 'code'),
  closeEventReason: getter<string>(CloseEvent.prototype, 'reason'),
  closeEventWasClean: getter<boolean>(CloseEvent.prototype, 'wasClean'),
  portPostMessage: MessagePort.prototype.postMessage,
  portStart: MessagePort.prototype.start,
  socketSend: WebSocket.prototype.send,
  socketClose: WebSocket.prototype.close,
  socketReadyState: getter<number>(WebSocket.prototype, 'readyState'),
  socketBinaryType: getter<BinaryType>(WebSocket.prototype, 'binaryType'),
  socketUrl: getter<string>(WebSocket.prototype, 'url'),
  socketProtocol: getter<string>(WebSocket.prototype, 'protocol'),
  socketExtensions: getter<string>(WebSocket.prototype, 'extensions'),
  // href, parent and opener are own properties of Location and Window objects, not prototype accessors.
  locationHref: getter<string>(globalThis.location, 'href'),
  windowParent: getter<Window | null>(globalThis, 'parent'),
  windowOpener: getter<Window | null>(globalThis, 'opener'),
  location: globalThis.location,
  document: globalThis.document,
  window: globalThis,
};

/** Calls a captured built-in with an explicit receiver. */
export function call<R>(fn: (...args: never[]) => R, self: unknown, ...args: unknown[]): R {
  return apply(fn as (...a: unknown[]) => R, self, args);
}

/**
 * `fields` without a prototype: objects we hand to the engine or to Blink (Proxy
 * handlers, event init dictionaries, iterators) are read with ordinary lookups,
 * and a missing key must not reach a page's getter on Object.prototype.
 */
export function bare<T extends object>(fields: T): T {
  setPrototypeOf(fields, null);
  return fields;
}

/**
 * `items` as an iterable whose iterator, results and methods are all ours and
 * prototype-less. For sequence arguments we hand the native (a transfer list,
 * protocols): Gecko's bindings read every sequence through `@@iterator` and
 * `next`, and an array's would be the page's `Array.prototype[Symbol.iterator]`.
 */
export function ownIterable(items: readonly unknown[]): object {
  let index = 0;
  const iterator = bare({
    next: () => (index < items.length ? bare({ done: false, value: items[index++] }) : bare({ done: true })),
  });
  return bare({ [natives.iteratorSymbol]: () => iterator });
}

/** typeof object or function, and not null: a value whose conversion can run page code. */
export function isObjectLike(value: unknown): value is object {
  return (typeof value === 'object' && value !== null) || typeof value === 'function';
}

/**
 * An empty array without a prototype: written by index, it reaches no setter
 * a page put on Array.prototype (an accessor on `Array.prototype[0]` would
 * otherwise see, rewrite or swallow every item), and read back the same way.
 */
export function ownArray<T>(): T[] {
  const array: T[] = [];
  setPrototypeOf(array, null);
  return array;
}

/**
 * `object[key] = value` as an own data property, defined directly: an
 * assignment to a key the object lacks would call a setter a page put on
 * Object.prototype (which could read, rewrite or replace our record).
 */
export function setOwn<T extends object>(object: T, key: PropertyKey, value: unknown): void {
  defineProperty(object, key, bare({ value, writable: true, enumerable: true, configurable: true }));
}
