/**
 * The relay's link to the background, delivering every record at least once:
 * records are numbered per document and kept until the background acknowledges
 * that they are stored. When the service worker stops (idle, update, crash) the
 * port drops; we reconnect, greet it again with the same document id, and
 * resend everything unacknowledged. The background skips numbers it already
 * has, so nothing is lost, duplicated or reordered.
 *
 * Commands, rules and capture switches come back on the same port
 * (`onControl`); results and breakpoint pauses go out with `post`, unnumbered:
 * a result lost with the port makes the command time out, and paused frames
 * are announced again on every new port (`announce`).
 */
import browser from 'webextension-polyfill';
import type { Runtime } from 'webextension-polyfill';
import { PROTOCOL_VERSION, RELAY_PORT } from '../protocol/version';
import { parseRelayControl, type RelayControl, type RelayMessage } from '../protocol/messages';
import { chunksAsBlob, type HookBatch, type RelayBatch } from '../protocol/batch';
import { CHUNKS_AS_BLOBS } from '../lib/platform';

const RECONNECT_DELAY_MS = 50;

export interface BackgroundLink {
  /** Sends the hook's batch (its records numbered on from the last batch's) and keeps it until acknowledged. */
  send(batch: HookBatch): void;
  /** Posts a message that is not a record (connecting first if needed); not kept for a resend. */
  post(message: RelayMessage): void;
  /** Connects now if not connected: the background asked (it has a command or new rules for us). */
  wake(): void;
}

export function openBackgroundLink(
  docId: string,
  onControl: (control: Exclude<RelayControl, { type: 'ack' }>) => void,
  /** What to say again right after every hello (frames still paused at a breakpoint). */
  announce: () => RelayMessage[],
): BackgroundLink {
  let port: Runtime.Port | null = null;
  /** Unacknowledged batches, with the number of each one's first record (in Chrome their bytes in one Blob: kept in the browser's blob storage, not in the page). */
  let unacked: { first: number; batch: RelayBatch }[] = [];
  /** The number the next batch's first record gets. */
  let next = 0;
  /** How many of `unacked` went out on the current port. */
  let posted = 0;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;

  const connect = (): Runtime.Port => {
    const opened = browser.runtime.connect({ name: RELAY_PORT });
    opened.onMessage.addListener((raw: unknown) => {
      const parsed = parseRelayControl(raw);
      if (!parsed.ok) return;
      const message = parsed.value;
      if (message.type !== 'ack') return onControl(message);
      // A batch goes once all its records are stored; one partly stored is resent whole (the background skips the rest).
      let done = 0;
      while (done < unacked.length && unacked[done]!.first + unacked[done]!.batch.count <= message.next) done++;
      if (done === 0) return;
      unacked = unacked.slice(done);
      posted = Math.max(0, posted - done);
    });
    opened.onDisconnect.addListener(() => {
      if (port !== opened) return;
      port = null;
      posted = 0;
      // Resend soon if anything is unconfirmed: the worker may have died before storing it.
      if (unacked.length > 0) reconnectTimer ??= setTimeout(flush, RECONNECT_DELAY_MS);
    });
    const hello: RelayMessage = { type: 'hello', v: PROTOCOL_VERSION, docId };
    opened.postMessage(hello);
    for (const message of announce()) opened.postMessage(message);
    return opened;
  };

  const flush = () => {
    clearTimeout(reconnectTimer);
    reconnectTimer = undefined;
    try {
      port ??= connect();
      while (posted < unacked.length) {
        const { first, batch } = unacked[posted]!;
        const message: RelayMessage = { type: 'records', first, batch };
        port.postMessage(message);
        posted++;
      }
    } catch {
      // The port died under us: retry shortly, unless the extension itself is gone (reloaded or updated).
      port = null;
      posted = 0;
      if (browser.runtime?.id) reconnectTimer ??= setTimeout(flush, RECONNECT_DELAY_MS);
    }
  };

  // The top frame says hello at once, so the background starts a new page
  // session before any iframe of this page can report a socket.
  if (window.top === window) port = connect();

  return {
    send(batch) {
      unacked.push({ first: next, batch: CHUNKS_AS_BLOBS ? chunksAsBlob(batch) : batch });
      next += batch.count;
      flush();
    },
    post(message) {
      flush(); // connects if needed, and anything unacknowledged goes first
      try {
        port?.postMessage(message);
      } catch {
        // The port died under us: a result is lost (the command times out), a pause is announced again.
      }
    },
    wake() {
      flush();
    },
  };
}
