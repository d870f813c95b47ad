/**
 * Converts a page's arguments the way the native WebIDL bindings would, before
 * the native call, so that every page callback (a URL's toString, a protocols
 * iterator, a close code's valueOf) runs once and in native order, and the
 * native only ever sees primitives or objects of our own. Then anything the
 * native throws is its own error, whose stack we may re-capture (stack.ts).
 *
 * We only run ToPrimitive; the native does the last step itself (a Symbol or a
 * BigInt it cannot take, a failed conversion replayed by an object of ours), so
 * every error keeps the native's own message ("Failed to construct …").
 */
import { bindings } from '../lib/platform';
import { utf8Length } from '../lib/utf8';
import { bare, isObjectLike, natives, ownArray, ownIterable } from './natives';

export interface ConstructorCall {
  args: unknown[];
  /** The requested protocols as the native sees them (for the record). */
  protocols: string[];
}

/** `new WebSocket(url, protocols)`: url first, then `(DOMString or sequence<DOMString>) protocols`. */
export function constructorArguments(args: unknown[]): ConstructorCall {
  if (args.length === 0) return { args, protocols: [] };
  const url = isObjectLike(args[0]) ? toPrimitive(args[0], 'string') : args[0];
  // The native throws at the url before it reads the protocols.
  if (!isText(url) || args.length === 1 || args[1] === undefined) return { args: [url], protocols: [] };
  const value = args[1];
  if (!isObjectLike(value)) return { args: [url, value], protocols: isText(value) ? [natives.String(value)] : [] };
  const sequence = protocolSequence(value);
  // Gecko would read an array of ours through the page's Array.prototype[Symbol.iterator].
  const passed =
    !bindings.arraysByIndex && natives.isArray(sequence.passed)
      ? ownIterable(sequence.passed as unknown[])
      : sequence.passed;
  return { args: [url, passed], protocols: sequence.strings };
}

interface Sequence {
  /** What the native gets: an array of ours (Blink reads arrays without calling @@iterator), a string, or a replay. */
  passed: unknown;
  strings: string[];
}

function protocolSequence(value: object): Sequence {
  const strings = ownArray<string>();
  // Blink reads a real array by index; anything else (and, in Gecko, arrays too) through @@iterator.
  if (bindings.arraysByIndex && natives.isArray(value)) {
    const items = value as unknown[];
    for (let i = 0; i < items.length; i++) {
      const item = asText(items[i]);
      if (!isText(item)) return handOver(strings, item);
      strings[strings.length] = natives.String(item);
    }
    return { passed: strings, strings };
  }
  const method: unknown = (value as Record<symbol, unknown>)[natives.iteratorSymbol];
  if (method === undefined || method === null) {
    const text = toPrimitive(value, 'string');
    return { passed: text, strings: isText(text) ? [natives.String(text)] : [] };
  }
  // Not callable, or a malformed iterator: the native's own TypeError says it best.
  if (typeof method !== 'function') return { passed: value, strings: [] };
  const iterator: unknown = natives.apply(method, value, []);
  if (!isObjectLike(iterator)) return { passed: value, strings: [] };
  const next = (iterator as { next?: unknown }).next;
  if (typeof next !== 'function') return { passed: value, strings: [] };
  for (;;) {
    const result: unknown = natives.apply(next, iterator, []);
    if (!isObjectLike(result)) return { passed: replay(strings, result), strings: [] };
    // Blink reads `value` before `done`, even on the last step; Gecko reads `done` first.
    const raw = bindings.valueBeforeDone ? (result as IteratorResult<unknown>).value : undefined;
    if ((result as IteratorResult<unknown>).done) return { passed: strings, strings };
    const item = asText(bindings.valueBeforeDone ? raw : (result as IteratorResult<unknown>).value);
    if (!isText(item)) return handOver(strings, item);
    strings[strings.length] = natives.String(item);
  }
}

/** The strings so far and a value the native cannot take: it converts them in order and throws its own error there. */
function handOver(strings: string[], stop: unknown): Sequence {
  (strings as unknown[])[strings.length] = stop;
  return { passed: strings, strings: [] };
}

/** An iterable of our own that yields `items`, then `last` as the raw next() result, for the native to reject. */
function replay(items: string[], last: unknown): object {
  let index = 0;
  const next = () => (index < items.length ? bare({ done: false, value: items[index++] }) : last);
  const iterator = bare({ next });
  return bare({ [natives.iteratorSymbol]: () => iterator });
}

/** `close(optional [Clamp] unsigned short code, optional USVString reason)`. */
export function closeArguments(args: unknown[]): unknown[] {
  if (args.length === 0) return args;
  const code = isObjectLike(args[0]) ? toPrimitive(args[0], 'number') : args[0];
  // A code the native cannot convert stops it before the reason is read.
  if (args.length === 1 || typeof code === 'symbol' || typeof code === 'bigint' || isObjectLike(code)) return [code];
  return [code, asText(args[1])];
}

/**
 * Whether the native close() would throw on these converted arguments (a code
 * it cannot convert or refuses, a reason it cannot convert or over 123 UTF-8
 * bytes): then it must throw its own error, from the page's realm.
 */
export function closeWouldThrow(converted: unknown[]): boolean {
  if (converted.length === 0) return false;
  const code = converted[0];
  if (typeof code === 'symbol' || typeof code === 'bigint' || isObjectLike(code)) return true;
  if (code !== undefined) {
    const clamped = clampedCode(code)!;
    if (clamped !== 1000 && (clamped < 3000 || clamped > 4999)) return true;
  }
  if (converted.length < 2 || converted[1] === undefined) return false;
  const reason = converted[1];
  if (!isText(reason)) return true;
  return utf8Length(natives.String(reason), natives.charCodeAtOf) > 123;
}

/** The code close() used, after WebIDL's [Clamp] to unsigned short (ties to even); undefined if none. */
export function clampedCode(code: unknown): number | undefined {
  if (code === undefined) return undefined;
  const n = +(code as number);
  if (n !== n) return 0; // NaN
  if (n <= 0) return 0;
  if (n >= 65535) return 65535;
  const floor = natives.floor(n);
  const fraction = n - floor;
  return fraction > 0.5 || (fraction === 0.5 && floor % 2 === 1) ? floor + 1 : floor;
}

/** send()'s overloads: Blob, ArrayBuffer and views pass as they are; anything else goes to its string primitive. */
export function sendArgument(data: unknown, isBinary: (value: unknown) => boolean): unknown {
  return isObjectLike(data) && !isBinary(data) ? toPrimitive(data, 'string') : data;
}

/** A primitive the native turns into a string without throwing. */
export function isText(value: unknown): boolean {
  return !isObjectLike(value) && typeof value !== 'symbol';
}

const asText = (value: unknown) => (isObjectLike(value) ? toPrimitive(value, 'string') : value);

/**
 * ECMAScript ToPrimitive, calling the page's @@toPrimitive, toString and valueOf
 * exactly as the bindings would. When it fails, returns an object of ours that
 * fails the same way, for the native to throw its own TypeError on (no page
 * code runs twice).
 */
function toPrimitive(value: object, hint: 'string' | 'number'): unknown {
  const exotic: unknown = (value as Record<symbol, unknown>)[natives.toPrimitiveSymbol];
  if (exotic !== undefined && exotic !== null) {
    if (typeof exotic !== 'function') return bare({ [natives.toPrimitiveSymbol]: exotic });
    const result: unknown = natives.apply(exotic, value, [hint]);
    return isObjectLike(result) ? bare({ [natives.toPrimitiveSymbol]: () => bare({}) }) : result;
  }
  const names = hint === 'string' ? ['toString', 'valueOf'] : ['valueOf', 'toString'];
  for (let i = 0; i < 2; i++) {
    const method: unknown = (value as Record<string, unknown>)[names[i]!];
    if (typeof method === 'function') {
      const result: unknown = natives.apply(method, value, []);
      if (!isObjectLike(result)) return result;
    }
  }
  return bare({}); // neither method gave a primitive: "Cannot convert object to primitive value"
}
