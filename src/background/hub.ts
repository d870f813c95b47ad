/**
 * The hub: relay ports bring records in, panel ports take snapshots and live
 * updates out, everything keyed by the tab taken from the port's sender (never
 * from a message). Every message is validated before it touches a session.
 */
import type { Runtime } from 'webextension-polyfill';
import {
  PROTOCOL_VERSION,
  parsePanelRequest,
  parseRelayMessage,
  parseWireRecord,
  type PanelEvent,
  type SessionRecord,
  type WireRecord,
} from '../protocol';
import { TabSession } from './tab-session';

export class SessionHub {
  private readonly tabs = new Map<number, TabSession>();
  private readonly panels = new Map<number, Set<Runtime.Port>>();
  /** Messages refused by validation, for diagnostics. */
  rejected = 0;

  constructor(private readonly extensionOrigin: string) {}

  session(tabId: number): TabSession {
    let session = this.tabs.get(tabId);
    if (!session) {
      session = new TabSession();
      this.tabs.set(tabId, session);
    }
    return session;
  }

  dropTab(tabId: number): void {
    this.tabs.delete(tabId);
  }

  acceptRelay(port: Runtime.Port): void {
    const tabId = port.sender?.tab?.id;
    const frameId = port.sender?.frameId;
    if (tabId === undefined || frameId === undefined) return port.disconnect();
    let docId: string | undefined;

    port.onMessage.addListener((raw: unknown) => {
      const parsed = parseRelayMessage(raw);
      if (!parsed.ok) return void this.rejected++;
      const message = parsed.value;
      if (message.type === 'hello') {
        if (message.v !== PROTOCOL_VERSION) return port.disconnect();
        docId = message.docId;
        if (frameId === 0) this.startPage(tabId, docId);
        return;
      }
      if (!docId) return void this.rejected++;
      const records: WireRecord[] = [];
      for (const candidate of message.records) {
        const record = parseWireRecord(candidate);
        if (record.ok) records.push(record.value);
        else this.rejected++;
      }
      const added = this.session(tabId).add(docId, frameId, records);
      if (added.length > 0) this.broadcast(tabId, { type: 'records', tabId, records: added });
    });
  }

  acceptPanel(port: Runtime.Port): void {
    // Only our own extension pages (the DevTools panel, or the panel opened as a tab).
    if (!port.sender?.url?.startsWith(this.extensionOrigin)) return port.disconnect();
    let subscribed: number | undefined;
    port.onMessage.addListener((raw: unknown) => {
      const parsed = parsePanelRequest(raw);
      if (!parsed.ok) return this.post(port, { type: 'error', message: `Bad request: ${parsed.error}` });
      const request = parsed.value;
      if (request.v !== PROTOCOL_VERSION) {
        return this.post(port, {
          type: 'error',
          message: `Protocol ${request.v} is not ${PROTOCOL_VERSION}: reload the panel.`,
        });
      }
      if (subscribed !== undefined) this.panels.get(subscribed)?.delete(port);
      subscribed = request.tabId;
      this.subscribers(subscribed).add(port);
      this.post(port, { type: 'snapshot', tabId: subscribed, records: this.tabs.get(subscribed)?.records ?? [] });
    });
    port.onDisconnect.addListener(() => {
      if (subscribed !== undefined) this.panels.get(subscribed)?.delete(port);
    });
  }

  /** A new top-level document starts a new page session, as DevTools' Network panel does without "Preserve log". */
  private startPage(tabId: number, docId: string): void {
    const current = this.tabs.get(tabId);
    if (current?.topDocument === docId) return; // the same document reconnecting after a worker restart
    const fresh = new TabSession();
    fresh.topDocument = docId;
    this.tabs.set(tabId, fresh);
    if (current) this.broadcast(tabId, { type: 'snapshot', tabId, records: [] as SessionRecord[] });
  }

  private subscribers(tabId: number): Set<Runtime.Port> {
    let set = this.panels.get(tabId);
    if (!set) {
      set = new Set();
      this.panels.set(tabId, set);
    }
    return set;
  }

  private broadcast(tabId: number, event: PanelEvent): void {
    for (const port of this.panels.get(tabId) ?? []) this.post(port, event);
  }

  private post(port: Runtime.Port, event: PanelEvent): void {
    try {
      port.postMessage(event);
    } catch {
      // The panel closed between our lookup and the post; its onDisconnect cleans up.
    }
  }
}
