/**
 * The extension port as a transport: what an extension page (the panel)
 * uses. `connect` opens a port named PANEL_PORT (chrome.runtime or the
 * polyfill's browser.runtime: both fit PortLike).
 */
import type { Transport } from '../transport';

export interface PortLike {
  postMessage(message: unknown): void;
  disconnect(): void;
  onMessage: { addListener(listener: (message: unknown) => void): void };
  onDisconnect: { addListener(listener: () => void): void };
}

export function extensionPortTransport(connect: () => PortLike): Transport {
  return {
    open(onEvent, onClose) {
      const port = connect();
      let open = true;
      port.onMessage.addListener(onEvent);
      port.onDisconnect.addListener(() => {
        if (!open) return;
        open = false;
        onClose();
      });
      return {
        send(request) {
          if (!open) throw new Error('the port is closed');
          port.postMessage(request);
        },
        close() {
          open = false;
          port.disconnect();
        },
      };
    },
  };
}
