/**
 * How the hooks of same-origin related windows cooperate, so that objects
 * crossing between them behave as they do natively:
 *
 * - a page prints a function with another frame's toString (a fresh
 *   about:blank iframe is the usual trick to get an untouched one): that hook
 *   must print our wrappers as the natives they stand for;
 * - a socket made with one frame's WebSocket may be driven with another frame's
 *   `send` or `close`: its frames are still recorded, by the hook that made it.
 *
 * Hooks share no tables. Each one offers the others a `RealmMember`: four
 * functions that do nothing a page cannot already do with the WebSocket API
 * and Function.prototype.toString (send or close a socket the way that hook's
 * own `send`/`close` would, print a function, take note of another member).
 * So the join event's name need not be secret: a page that dispatches it gets
 * members it can only use as it uses WebSocket, and a member it forges itself
 * can only be asked to send or close the page's own sockets, which it then
 * does (or does not do) as the page's own code.
 *
 * A new window's hook asks its parent, then its opener, with a synchronous
 * event dispatched on that window; the hook there listens first (capture,
 * added at document_start before any page script), stops it, tells the members
 * it knows about the newcomer and answers with itself and those members.
 */
import { REALMS_EVENT } from '../protocol/version';
import { bare, call, isObjectLike, natives, ownArray } from './natives';

export interface RealmMember {
  /** Sends `data` on `socket` as this hook's `send` would, if this hook made the socket; false otherwise. */
  send(socket: unknown, data: unknown): boolean;
  /** Closes `socket` with already converted arguments, if this hook made it; false otherwise. */
  close(socket: unknown, args: unknown[]): boolean;
  /** The native source text `fn` prints as, if `fn` is one of this hook's wrappers. */
  print(fn: unknown): string | undefined;
  /** Takes note of another hook. */
  meet(member: unknown): void;
}

/** The other hooks this one knows; none of them is trusted with more than a page could do. */
export interface Realms {
  /** Asks each known member to send on a socket this hook did not make; false if none did. */
  send(socket: unknown, data: unknown): boolean;
  close(socket: unknown, args: unknown[]): boolean;
  print(fn: unknown): string | undefined;
}

/**
 * Makes this hook a member (`own`: what it offers, see RealmMember), joins the
 * members its parent and opener know, and answers windows that join later.
 */
export function joinRealms(own: Omit<RealmMember, 'meet'>): Realms {
  /** Prototype-less, written by index: no page setter on Array.prototype sees a member. */
  const members = ownArray<RealmMember>();

  const add = (member: unknown) => {
    try {
      if (!isMember(member) || member === self) return;
      for (let i = 0; i < members.length; i++) if (members[i] === member) return;
      members[members.length] = member;
    } catch {
      // A would-be member a page made up, with getters that throw.
    }
  };
  const self: RealmMember = bare({ send: own.send, close: own.close, print: own.print, meet: add });

  /** Each member in turn until one gives an answer that `done` accepts; a member that throws is skipped. */
  const ask = <T>(question: (member: RealmMember) => T, done: (answer: T) => boolean): T | undefined => {
    for (let i = 0; i < members.length; i++) {
      try {
        const answer = question(members[i]!);
        if (done(answer)) return answer;
      } catch {
        // A member whose window is gone, or one a page made up.
      }
    }
    return undefined;
  };

  const answer = (event: Event) => {
    call(natives.stopImmediatePropagation, event);
    try {
      const holder = call(natives.customEventDetail, event) as { member?: unknown; members?: unknown } | null;
      if (!isObjectLike(holder)) return;
      const newcomer = holder.member;
      if (!isMember(newcomer)) return;
      const known = ownArray<unknown>();
      known[0] = self;
      for (let i = 0; i < members.length; i++) {
        known[known.length] = members[i];
        try {
          members[i]!.meet(newcomer);
        } catch {
          // as above
        }
      }
      add(newcomer);
      holder.members = known;
    } catch {
      // A holder a page made up.
    }
  };

  const fromParent = askRelative(natives.windowParent, self);
  for (let i = 0; i < fromParent.length; i++) add(fromParent[i]);
  const fromOpener = askRelative(natives.windowOpener, self);
  for (let i = 0; i < fromOpener.length; i++) add(fromOpener[i]);
  call(natives.addEventListener, natives.window, REALMS_EVENT, answer, true);

  return {
    send: (socket, data) =>
      ask(
        (m) => m.send(socket, data),
        (sent) => sent === true,
      ) === true,
    close: (socket, args) =>
      ask(
        (m) => m.close(socket, args),
        (closed) => closed === true,
      ) === true,
    print: (fn) =>
      ask(
        (m) => m.print(fn),
        (text) => typeof text === 'string',
      ),
  };
}

/** The members a relative window's hook knows, itself first; none if it is cross-origin, closed or unhooked. */
function askRelative(getRelative: (this: unknown) => Window | null, self: RealmMember): unknown[] {
  const none = ownArray<unknown>();
  try {
    const relative = call(getRelative, natives.window);
    if (!relative || relative === (natives.window as unknown)) return none;
    const holder = bare({ member: self as unknown, members: null as unknown });
    call(natives.dispatchEvent, relative, new natives.CustomEvent(REALMS_EVENT, bare({ detail: holder })));
    const members = holder.members;
    if (!natives.isArray(members)) return none;
    // Read by index into an array of ours: the answer comes from another realm (or a page).
    const copy = ownArray<unknown>();
    const length = (members as unknown[]).length;
    for (let i = 0; i < length && i < 1024; i++) copy[i] = (members as unknown[])[i];
    return copy;
  } catch {
    return none; // cross-origin, or already closed
  }
}

function isMember(value: unknown): value is RealmMember {
  if (!isObjectLike(value)) return false;
  const member = value as Partial<RealmMember>;
  return (
    typeof member.send === 'function' &&
    typeof member.close === 'function' &&
    typeof member.print === 'function' &&
    typeof member.meet === 'function'
  );
}
