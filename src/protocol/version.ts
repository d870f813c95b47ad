/**
 * Bumped whenever a message shape in this folder changes incompatibly. The relay
 * and the panel send it in their hello; the background refuses a mismatch instead
 * of misreading records (a stale content script can outlive an extension update).
 */
export const PROTOCOL_VERSION = 2;

/** Port names: the background tells relays from panels by them. */
export const RELAY_PORT = 'wsl-relay';
export const PANEL_PORT = 'wsl-panel';

/**
 * DOM event names for the one-time handshake between the MAIN-world hook and the
 * ISOLATED-world relay at document_start (see docs/ARCHITECTURE.md). Both listeners are
 * removed once the port has crossed, before any page script can run.
 */
export const CHANNEL_EVENT = 'wsl:channel';
export const HOOK_READY_EVENT = 'wsl:hook-ready';
