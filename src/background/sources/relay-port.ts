/**
 * The first capture source: a relay's runtime.Port (one per frame). The tab
 * and frame come from the port's sender, never from a message; every message
 * is validated; records are acknowledged (`ack {next}`) only once the service
 * has stored them, so the relay resends anything a stopped worker lost.
 *
 *   relay ──hello {docId}, records {first, batch}, result, paused──▶ this ──▶ SessionService
 *   relay ◀──ack, capture, rules, command──────────────────────────── this (its CaptureChannel)
 */
import { readBatch } from '../../protocol/batch';
import { PROTOCOL_VERSION } from '../../protocol/version';
import { parseRelayMessage, type RelayControl } from '../../protocol/messages';
import type { HeldPort } from '../held-port';
import type { CaptureChannel, CaptureDocument, SessionService } from '../session-service';

export function acceptRelayPort(service: SessionService, { port, release }: HeldPort): void {
  const tabId = port.sender?.tab?.id;
  const frameId = port.sender?.frameId;
  if (tabId === undefined || frameId === undefined) return port.disconnect();
  const control = (message: RelayControl) => {
    try {
      port.postMessage(message);
    } catch {
      // The frame is gone; its records are stored, and a new relay will say hello.
    }
  };
  const channel: CaptureChannel = {
    capture: control,
    rules: (rules) => control({ type: 'rules', rules }),
    command: (id, sid, command) => control({ type: 'command', id, sid, command }),
  };
  let document: CaptureDocument | undefined;

  const onMessage = (raw: unknown) => {
    const parsed = parseRelayMessage(raw);
    if (!parsed.ok) return document ? document.rejected() : service.rejectFrom(tabId);
    const message = parsed.value;
    if (message.type === 'hello') {
      if (message.v !== PROTOCOL_VERSION) return port.disconnect();
      document?.closed();
      const info = { source: 'hook' as const, tabId, frameId, docId: message.docId, url: port.sender?.url ?? '' };
      document = service.openDocument(info, channel);
      return;
    }
    if (!document) return service.rejectFrom(tabId);
    switch (message.type) {
      case 'result':
        return document.result(message.id, message.error, message.detail);
      case 'paused':
        return document.paused(message.paused);
      case 'pause-end':
        return document.pauseEnd(message.sid, message.pause);
      case 'hook-errors':
        return document.hookErrors(message.count);
      case 'records': {
        const batch = readBatch(message.batch);
        if (!batch.ok) return document.rejected();
        return document.ingest(message.first, batch.records, (next) => control({ type: 'ack', next }));
      }
    }
  };
  release(onMessage, () => document?.closed());
}
