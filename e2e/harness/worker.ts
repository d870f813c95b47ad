/**
 * Stopping the extension's service worker on purpose, as Chrome does when it
 * is idle or updated, to prove nothing captured depends on it staying alive.
 */
import type { CDPSession, Page } from 'playwright-core';
import type { Lens } from './lens';

export async function stopServiceWorker(lens: Lens, anyPage: Page): Promise<void> {
  const cdp = await lens.context.newCDPSession(anyPage);
  try {
    const worker = await workerTarget(lens, cdp);
    if (!worker) throw new Error('The extension has no running service worker to stop');
    await cdp.send('Target.closeTarget', { targetId: worker.targetId });
  } finally {
    await cdp.detach();
  }
}

/** Records (frames and lifecycle events) the extension keeps in IndexedDB for a tab, read directly in the worker. */
export async function storedRowCount(lens: Lens, tabId: number): Promise<number> {
  const worker = lens.context.serviceWorkers()[0] ?? (await lens.context.waitForEvent('serviceworker'));
  return worker.evaluate(async (tab) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('websocket-lens');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const range = IDBKeyRange.bound([tab, -Infinity], [tab, Infinity]);
    const rows = (store: string) =>
      new Promise<{ records?: unknown[]; columns?: { flags: Uint8Array } }[]>((resolve, reject) => {
        const request = db.transaction(store).objectStore(store).getAll(range);
        request.onsuccess = () => resolve(request.result as { records?: unknown[]; columns?: { flags: Uint8Array } }[]);
        request.onerror = () => reject(request.error);
      });
    // Frames are stored many to a row (plain ones in columns, one flag each); lifecycle events one per row.
    const frames = (await rows('frames')).reduce(
      (n, row) => n + (row.records?.length ?? 0) + (row.columns?.flags.length ?? 0),
      0,
    );
    const total = frames + (await rows('events')).length;
    db.close();
    return total;
  }, tabId);
}

/** The service worker's JS heap in use after a full garbage collection, in bytes (over CDP, from any page). */
export async function workerHeapUsed(lens: Lens, anyPage: Page): Promise<number> {
  const cdp = await lens.context.newCDPSession(anyPage);
  try {
    const worker = await workerTarget(lens, cdp);
    if (!worker) throw new Error('The extension has no running service worker');
    const { sessionId } = (await cdp.send('Target.attachToTarget', { targetId: worker.targetId, flatten: false })) as {
      sessionId: string;
    };
    let id = 0;
    const call = (method: string) =>
      new Promise<Record<string, unknown>>((resolve) => {
        const mine = ++id;
        const onMessage = (event: { sessionId: string; message: string }) => {
          const reply = JSON.parse(event.message) as { id?: number; result?: Record<string, unknown> };
          if (event.sessionId !== sessionId || reply.id !== mine) return;
          cdp.off('Target.receivedMessageFromTarget', onMessage);
          resolve(reply.result ?? {});
        };
        cdp.on('Target.receivedMessageFromTarget', onMessage);
        void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: mine, method }) });
      });
    await call('HeapProfiler.collectGarbage');
    const { usedSize } = (await call('Runtime.getHeapUsage')) as { usedSize: number };
    await cdp.send('Target.detachFromTarget', { sessionId });
    return usedSize;
  } finally {
    await cdp.detach();
  }
}

/** The extension's service worker among the browser's targets, if it runs. */
async function workerTarget(lens: Lens, cdp: CDPSession): Promise<{ targetId: string } | undefined> {
  const { targetInfos } = (await cdp.send('Target.getTargets')) as {
    targetInfos: { targetId: string; type: string; url: string }[];
  };
  return targetInfos.find(
    (t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${lens.extensionId}/`),
  );
}
