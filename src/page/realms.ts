/**
 * State shared by the hooks of all the same-origin windows that can reach each
 * other, so that objects crossing between them behave as they do natively:
 *
 * - `wrappers`: pages print a function with another frame's toString (a fresh
 *   about:blank iframe is the usual trick to get an untouched one); that hook
 *   must know our wrappers too, or `WebSocket` would print as the Proxy it is,
 *   `function () { [native code] }`.
 * - `sockets`: a socket made with one frame's WebSocket may be driven with
 *   another frame's `send` or `close`; its frames are still recorded, by the
 *   hook that made it.
 *
 * A new window's hook asks its parent, then its opener, with a synchronous event
 * dispatched on that window: the hook there listens first (capture, added at its
 * document_start before any page script) and stops it, so no page listener ever
 * sees it. Cross-origin relatives refuse the dispatch; then we start our own.
 */
import { REALMS_EVENT } from '../protocol/version';
import { bare, call, natives } from './natives';

export interface SharedRealms {
  /** Wrapper → the native it stands for. */
  wrappers: WeakMap<object, object>;
  /** Socket → what its hook tracks about it. */
  sockets: WeakMap<object, unknown>;
}

export function joinRealms(): SharedRealms {
  const shared = askRelative(natives.windowParent) ??
    askRelative(natives.windowOpener) ?? { wrappers: new natives.WeakMap(), sockets: new natives.WeakMap() };
  const answer = (event: Event) => {
    call(natives.stopImmediatePropagation, event);
    const holder = call(natives.customEventDetail, event) as { shared: SharedRealms | null } | null;
    if (holder && typeof holder === 'object') holder.shared = shared;
  };
  call(natives.addEventListener, natives.window, REALMS_EVENT, answer, true);
  return shared;
}

function askRelative(getRelative: (this: unknown) => Window | null): SharedRealms | null {
  try {
    const relative = call(getRelative, natives.window);
    if (!relative || relative === (natives.window as unknown)) return null;
    const holder = bare({ shared: null as SharedRealms | null });
    call(natives.dispatchEvent, relative, new natives.CustomEvent(REALMS_EVENT, bare({ detail: holder })));
    return holder.shared;
  } catch {
    return null; // cross-origin, or already closed
  }
}
