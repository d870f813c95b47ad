/**
 * Makes our wrappers print like the built-ins they stand for. Pages and
 * anti-tamper libraries check `Function.prototype.toString` of WebSocket and its
 * methods for "[native code]"; a Proxy prints as `function () { [native code] }`
 * (no name), which gives the hook away. The registry of wrappers is shared with
 * the hooks of same-origin related windows are asked about functions that are
 * not ours (realms.ts), so printing across frames works too.
 */
import { bare, call, isObjectLike, natives } from './natives';
import { hideFrames } from './stack';

/** Replaces Function.prototype.toString; returns how to register a wrapper that should print as `original`. */
export function installToString(
  wrappers: WeakMap<object, object>,
  /** Asks the hooks of related windows (realms.ts) how one of their wrappers prints. */
  printElsewhere: (fn: unknown) => string | undefined,
): (wrapper: object, original: object) => void {
  const nativeToString = natives.functionToString;
  const apply = function apply(target: typeof nativeToString, self: unknown, args: unknown[]) {
    const original = isObjectLike(self) ? call(natives.weakMapGet, wrappers, self) : undefined;
    if (!original && typeof self === 'function') {
      const printed = printElsewhere(self);
      if (printed !== undefined) return printed;
    }
    try {
      return natives.apply(target, original ?? self, args);
    } catch (error) {
      throw hideFrames(error, apply); // "requires that 'this' be a Function", as if thrown natively
    }
  };
  const toStringProxy = new natives.Proxy(nativeToString, bare({ apply }));
  call(natives.weakMapSet, wrappers, toStringProxy, nativeToString);
  replaceValue(Function.prototype, 'toString', toStringProxy);
  return (wrapper, original) => call(natives.weakMapSet, wrappers, wrapper, original);
}

/** Replaces a data property's value keeping its attributes (writable, enumerable, configurable). */
export function replaceValue(owner: object, key: PropertyKey, value: unknown): void {
  const descriptor = natives.getOwnPropertyDescriptor(owner, key);
  if (!descriptor) throw new natives.Error(`WebSocket Lens: ${String(key)} not found`);
  natives.defineProperty(owner, key, { ...descriptor, value });
}
