/**
 * Bumped whenever a message shape in this folder changes incompatibly. The relay
 * and the panel send it in their hello; the background refuses a mismatch instead
 * of misreading records (a stale content script can outlive an extension update).
 * 7: session records may be `handshake` records, from the `webrequest` source.
 * 8: rules may be fault rules (a relay from before would refuse them); frames may carry their marks.
 * 9: records from the `debugger` source (deep capture): a worker socket's `create`
 *    names its `worker`; `close` may be `by: 'unknown' | 'detached'`; the
 *    `deep-capture` request and the status's `deepCapture`.
 * 10: rules may be connection faults (drop-every, refuse, delay-open) or debugger
 *    rules, and carry `startedAt` (a relay from before would refuse them).
 * 11: the `replay` command (a hook from before would not know it); a `create` may carry `replayOf`.
 */
export const PROTOCOL_VERSION = 11;

/** Port names: the background tells relays from panels by them. */
export const RELAY_PORT = 'wsl-relay';
export const PANEL_PORT = 'wsl-panel';

declare const __WSL_EVENT_PREFIX__: string | undefined;

/**
 * Prefix of the DOM event names the page hook and the relay use at
 * document_start. It is random per build (vite.config.ts), so a page cannot
 * take the names from our public source to answer or dispatch them; 'wsl' only
 * where no build defined it (unit tests).
 */
const EVENT_PREFIX = typeof __WSL_EVENT_PREFIX__ === 'string' ? __WSL_EVENT_PREFIX__ : 'wsl';

/**
 * DOM event names for the one-time handshake between the MAIN-world hook and the
 * ISOLATED-world relay at document_start (see docs/ARCHITECTURE.md). Both listeners are
 * removed once the port has crossed, before any page script can run.
 */
export const CHANNEL_EVENT = `${EVENT_PREFIX}:channel`;
export const HOOK_READY_EVENT = `${EVENT_PREFIX}:hook-ready`;
/**
 * On the relay's private node (sent after the port), synchronously: the relay acknowledges
 * each record batch it takes from the port, and the hook hands over what the relay has not
 * taken when its document goes away for good (a posted message would wait in a queue that a
 * removed iframe or a closed tab never runs). See src/page/unacked.ts.
 */
export const BATCH_ACK_EVENT = `${EVENT_PREFIX}:batch-ack`;
export const LAST_BATCHES_EVENT = `${EVENT_PREFIX}:last-batches`;
/** Hooks of same-origin related windows find each other with this (src/page/realms.ts). */
export const REALMS_EVENT = `${EVENT_PREFIX}:realms`;
