/**
 * The first capture source: a relay's runtime.Port (one per frame). The tab
 * and frame come from the port's sender, never from a message; every message
 * is validated; records are acknowledged (`ack {next}`) only once the service
 * has stored them, so the relay resends anything a stopped worker lost.
 *
 *   relay ──hello {docId}, records {first, batch}, result, paused──▶ this ──▶ SessionService
 *   relay ◀──ack, capture, rules, command──────────────────────────── this (its CaptureChannel)
 *
 * A batch whose chunks came in a Blob is read first (asynchronously); from then
 * until the reads are done, every relay's messages and disconnects wait their
 * turn (`inTurn`), so the service sees them in the order they arrived. The Blob
 * is kept beside its bytes (chunk-blobs.ts) until an ack covers its batch.
 */
import { hasChunkBlob, readBatch, readChunkBlob } from '../../protocol/batch';
import { dropChunkBlob, keepChunkBlob } from '../chunk-blobs';
import { PROTOCOL_VERSION } from '../../protocol/version';
import { parseRelayMessage, type RelayControl } from '../../protocol/messages';
import type { HeldPort } from '../held-port';
import type { CaptureChannel, CaptureDocument, SessionService } from '../session-service';

/**
 * Relay messages of every port wait here, in the order they arrived, while a
 * batch's Blob is being read: a new page's hello must not overtake the last
 * batches of the page before it (they would be refused, their document gone),
 * nor a result the records before it.
 */
let waiting: Promise<void> | null = null;

/** Runs `step` after every step waiting. */
function inTurn(step: () => void | Promise<void>): void {
  // A step that throws is reported, as a listener's throw would be, and the next still runs.
  const run = (waiting ?? Promise.resolve()).then(step).catch((error: unknown) => console.error(error));
  waiting = run;
  void run.finally(() => {
    if (waiting === run) waiting = null;
  });
}

/** Runs `step` now if nothing waits, else in its turn. */
function nowOrInTurn(step: () => void): void {
  if (waiting) inTurn(step);
  else step();
}

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
  /** Bytes kept with their Blob, and the record number past their batch: let go once an ack reaches it. */
  let kept: { end: number; bytes: ArrayBuffer }[] = [];
  const dropKept = (next: number) => {
    for (const { end, bytes } of kept) if (end <= next) dropChunkBlob(bytes);
    kept = kept.filter(({ end }) => end > next);
  };
  const ack = (next: number) => {
    dropKept(next);
    control({ type: 'ack', next });
  };

  const handle = (raw: unknown) => {
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
        return document.ingest(message.first, batch.records, ack);
      }
    }
  };
  const withBlobRead = (raw: { first?: unknown; batch: { blob: Blob; count?: unknown } }) => {
    const reading = readChunkBlob(raw.batch); // at once: reads overlap, only their handling waits its turn
    return async () => {
      const { batch, bytes } = await reading;
      if (bytes) {
        keepChunkBlob(bytes, raw.batch.blob);
        // Unchecked numbers, used only to know when to let go (a refused batch's bytes are garbage at once anyway).
        kept.push({ end: Number(raw.first) + Number(raw.batch.count), bytes });
      }
      handle({ ...raw, batch });
    };
  };
  const onMessage = (raw: unknown) => {
    if (hasChunkBlob((raw as { batch?: unknown } | null)?.batch))
      inTurn(withBlobRead(raw as Parameters<typeof withBlobRead>[0]));
    else nowOrInTurn(() => handle(raw));
  };
  const onDisconnect = () =>
    nowOrInTurn(() => {
      dropKept(Infinity);
      document?.closed();
    });
  release(onMessage, onDisconnect);
}
