/**
 * Holds a port's messages from the moment it connects until the session service is ready.
 * A woken worker gets the connection before its stored sessions are loaded,
 * and a message that reaches a port with no listener is lost: so a listener is
 * attached synchronously, and its messages are replayed in order later.
 */
import type { Runtime } from 'webextension-polyfill';

export interface HeldPort {
  port: Runtime.Port;
  /** Attaches the real handlers: replays what arrived so far, then passes messages through. */
  release(onMessage: (message: unknown) => void, onDisconnect: () => void): void;
}

export function holdPort(port: Runtime.Port): HeldPort {
  const early: unknown[] = [];
  let disconnected = false;
  const buffer = (message: unknown) => void early.push(message);
  const markGone = () => void (disconnected = true);
  port.onMessage.addListener(buffer);
  port.onDisconnect.addListener(markGone);
  return {
    port,
    release(onMessage, onDisconnect) {
      port.onMessage.removeListener(buffer);
      port.onDisconnect.removeListener(markGone);
      for (const message of early) onMessage(message);
      if (disconnected) return onDisconnect();
      port.onMessage.addListener(onMessage);
      port.onDisconnect.addListener(onDisconnect);
    },
  };
}
