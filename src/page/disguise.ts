/**
 * Makes our wrappers print like the built-ins they stand for. Pages and
 * anti-tamper libraries check `Function.prototype.toString` of WebSocket and its
 * methods for "[native code]"; a Proxy prints as `function () { [native code] }`
 * (no name), which gives the hook away.
 */
import { natives } from './natives';

const originals = new natives.WeakMap<object, object>();
let installed = false;

/** Remember that `wrapper` should print as `original`. */
export function disguise(wrapper: object, original: object): void {
  originals.set(wrapper, original);
  if (!installed) installToString();
}

function installToString(): void {
  installed = true;
  const nativeToString = natives.functionToString;
  const toStringProxy = new natives.Proxy(nativeToString, {
    apply(target, self: unknown, args: unknown[]) {
      const original =
        (typeof self === 'function' || typeof self === 'object') && self !== null ? originals.get(self) : undefined;
      return natives.apply(target, original ?? self, args);
    },
  });
  originals.set(toStringProxy, nativeToString);
  replaceValue(Function.prototype, 'toString', toStringProxy);
}

/** Replaces a data property's value keeping its attributes (writable, enumerable, configurable). */
export function replaceValue(owner: object, key: PropertyKey, value: unknown): void {
  const descriptor = natives.getOwnPropertyDescriptor(owner, key);
  if (!descriptor) throw new natives.Error(`WebSocket Lens: ${String(key)} not found`);
  natives.defineProperty(owner, key, { ...descriptor, value });
}
