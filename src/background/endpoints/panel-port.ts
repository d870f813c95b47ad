/**
 * The first endpoint: runtime.Port "wsl-panel", from our own extension pages
 * only (the DevTools panel, the panel opened as a tab, the CLI's bridge page).
 */
import type { Runtime } from 'webextension-polyfill';
import type { HeldPort } from '../held-port';
import type { SessionService } from '../session-service';
import { serveClient } from './serve-client';

export function acceptPanelPort(service: SessionService, extensionOrigin: string, { port, release }: HeldPort): void {
  if (!port.sender?.url?.startsWith(extensionOrigin)) return port.disconnect();
  const served = serveClient(service, { post: (event) => (port as Runtime.Port).postMessage(event) });
  release(served.request, served.closed);
}
