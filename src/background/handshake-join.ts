/**
 * Which socket of the hook a handshake the browser reported belongs to. Pure
 * bookkeeping for one tab (TabSession owns one); no storage, no timers.
 *
 *   webRequest handshake ──claim──▶ the oldest hook socket of that frame and URL still without one
 *                         └─wait──▶ held until such a socket's create arrives (takeWaiting),
 *                                   or JOIN_WAIT_MS pass (expired: listed as a socket of its own)
 *
 * The two arrive in either order: the hook's create crosses the page, the
 * relay and a port in batches, the handshake comes straight from the browser
 * and may end first on a fast server. Sockets of one frame to one URL are
 * matched in order, which is the order the browser starts their handshakes;
 * times only bound how far apart a pair may be, since the page's clock and
 * the browser's are read in different processes.
 *
 * Under deep capture a worker's socket also comes from the debugger: Chrome
 * files a dedicated worker's handshake under a frame of its page, so a
 * handshake no hook socket claims goes to the oldest worker socket of the
 * same URL (any frame), and is never listed as a socket of its own.
 */
import type { Handshake } from '../protocol/handshake';
import { RELAY_MAX_HOLD_MS } from '../protocol/limits';

/**
 * How long a handshake waits for the hook's socket before it is listed as a
 * socket of its own: twice what a relay may hold a flood's records (the create
 * among them), so a socket that opens into a flood still finds its handshake.
 */
export const JOIN_WAIT_MS = 2 * RELAY_MAX_HOLD_MS;
/** A socket created this much after its handshake began is not its socket (clocks of two processes). */
const CLOCK_SLACK_MS = 1000;
/**
 * A handshake may start this long after `new WebSocket` (browsers queue
 * handshakes to one host); an older socket without a handshake is no
 * candidate (its handshake was never reported).
 */
const MAX_HANDSHAKE_DELAY_MS = 60_000;

export interface HookSocket {
  conn: string;
  sid: number;
  frameId: number;
  url: string;
  t: number;
}

export interface WaitingHandshake {
  frameId: number;
  handshake: Handshake;
  /** When it began to wait, by the worker's clock. */
  since: number;
}

/** One key per frame and socket URL, as both sides write it (ws for http, no fragment). */
export function socketKey(frameId: number, url: string): string {
  const hash = url.indexOf('#');
  const bare = hash < 0 ? url : url.slice(0, hash);
  return `${frameId} ${bare.replace(/^http(s?):/i, (_, s: string) => `ws${s.toLowerCase()}:`)}`;
}

const belongs = (socket: HookSocket, handshake: Handshake) =>
  socket.t <= handshake.t + CLOCK_SLACK_MS && socket.t >= handshake.t - MAX_HANDSHAKE_DELAY_MS;

/** The oldest socket under `key` that this handshake belongs to, taken. */
function take(map: Map<string, HookSocket[]>, key: string, handshake: Handshake): HookSocket | undefined {
  const list = map.get(key);
  if (!list) return undefined;
  // Sockets too old for this handshake are too old for any later one too.
  while (list.length > 0 && list[0]!.t < handshake.t - MAX_HANDSHAKE_DELAY_MS) list.shift();
  const at = list.findIndex((socket) => belongs(socket, handshake));
  const socket = at < 0 ? undefined : list.splice(at, 1)[0];
  if (list.length === 0) map.delete(key);
  return socket;
}

export class HandshakeJoin {
  /** Hook sockets without a handshake, oldest first, by socketKey. */
  private unjoined = new Map<string, HookSocket[]>();
  private waiting: WaitingHandshake[] = [];
  /** Worker sockets (debugger) without a handshake, oldest first, by socketKey(0, url). */
  private workers = new Map<string, HookSocket[]>();

  /** Starts over from a session's sockets (restore, clear, a new page); waiting handshakes stay. */
  reset(): void {
    this.unjoined.clear();
    this.workers.clear();
  }

  /** A worker's socket, from the debugger: it takes a handshake of its URL that no hook socket claims. */
  workerCreated(socket: HookSocket): void {
    const key = socketKey(0, socket.url);
    const list = this.workers.get(key);
    if (list) list.push(socket);
    else this.workers.set(key, [socket]);
  }

  /** The worker socket of the handshake's URL that is to take it, taken (claim found no hook socket). */
  claimWorker(handshake: Handshake): HookSocket | undefined {
    return take(this.workers, socketKey(0, handshake.url), handshake);
  }

  /** The oldest waiting handshake of this worker socket's URL, from any frame, taken. */
  takeWaitingForWorker(socket: HookSocket): WaitingHandshake | undefined {
    const key = socketKey(0, socket.url);
    const at = this.waiting.findIndex(
      (item) => socketKey(0, item.handshake.url) === key && belongs(socket, item.handshake),
    );
    return at < 0 ? undefined : this.waiting.splice(at, 1)[0];
  }

  socketCreated(socket: HookSocket): void {
    const key = socketKey(socket.frameId, socket.url);
    const list = this.unjoined.get(key);
    if (list) list.push(socket);
    else this.unjoined.set(key, [socket]);
  }

  /** The socket has its handshake, or is gone: no handshake is to join it. */
  socketDone(conn: string): void {
    for (const map of [this.unjoined, this.workers])
      for (const [key, list] of map) {
        const at = list.findIndex((socket) => socket.conn === conn);
        if (at < 0) continue;
        list.splice(at, 1);
        if (list.length === 0) map.delete(key);
        return;
      }
  }

  /** The hook's socket this handshake belongs to, taken; undefined when none is known yet. */
  claim(frameId: number, handshake: Handshake): HookSocket | undefined {
    return take(this.unjoined, socketKey(frameId, handshake.url), handshake);
  }

  wait(frameId: number, handshake: Handshake, now: number): void {
    this.waiting.push({ frameId, handshake, since: now });
  }

  /** The oldest waiting handshake that belongs to this new socket of the hook, taken. */
  takeWaiting(socket: HookSocket): WaitingHandshake | undefined {
    const key = socketKey(socket.frameId, socket.url);
    const at = this.waiting.findIndex(
      (item) => socketKey(item.frameId, item.handshake.url) === key && belongs(socket, item.handshake),
    );
    return at < 0 ? undefined : this.waiting.splice(at, 1)[0];
  }

  /** Handshakes that waited JOIN_WAIT_MS or more, taken. */
  expired(now: number): WaitingHandshake[] {
    const done = this.waiting.filter((item) => now - item.since >= JOIN_WAIT_MS);
    this.waiting = this.waiting.filter((item) => now - item.since < JOIN_WAIT_MS);
    return done;
  }

  /** When the next waiting handshake expires, or undefined when none waits. */
  nextExpiry(): number | undefined {
    if (this.waiting.length === 0) return undefined;
    return Math.min(...this.waiting.map((item) => item.since)) + JOIN_WAIT_MS;
  }

  /** What waits, for the tab's stored meta (a worker that stops must not lose them). */
  get held(): WaitingHandshake[] {
    return this.waiting.map((item) => ({ ...item }));
  }

  hold(items: readonly WaitingHandshake[]): void {
    this.waiting = items.map((item) => ({ ...item }));
  }
}
