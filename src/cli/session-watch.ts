/**
 * Follows a tab's session live, the way a panel does (a subscription of the
 * session client: snapshot, then every record as it is stored, resumed after a
 * service worker restart), so `record --until-idle` knows when every socket
 * has closed and the page has gone quiet. The log itself is read afterwards
 * with readSession, from the stored session.
 */
import { applyRecords, createSession, type Session } from '../lib/session';
import type { ExtensionBrowser } from './chromium';
import { openBridgeClient } from './bridge-client';
import { MAX_HELD_MS } from '../content/idle-forward';

/**
 * A relay may hold a flood's records (its create record included) for up to
 * MAX_HELD_MS and then needs time to post them: quiet shorter than twice that
 * proves nothing, so idle never counts less.
 */
const MIN_QUIET_MS = 2 * MAX_HELD_MS;

export interface SessionWatch {
  /** The session as the subscription has told it so far. */
  readonly session: Session;
  /**
   * Resolves 'idle' once every connection is closed and nothing arrived for
   * `idleMs` (counted from `since` at the earliest), 'cap' after `maxMs`,
   * 'stopped' when `signal` aborts.
   */
  untilIdle(options: {
    idleMs: number;
    maxMs: number;
    since: number;
    signal?: AbortSignal;
  }): Promise<'idle' | 'cap' | 'stopped'>;
  close(): Promise<void>;
}

export async function watchSession(browser: ExtensionBrowser, tabId: number): Promise<SessionWatch> {
  let session = createSession();
  let lastActivity = 0;
  const bridge = await openBridgeClient(browser);
  bridge.client.subscribe(tabId, {
    reset() {
      session = createSession();
    },
    records(records) {
      applyRecords(session, records);
      lastActivity = Date.now();
    },
  });
  return {
    get session() {
      return session;
    },
    async untilIdle({ idleMs, maxMs, since, signal }) {
      const deadline = since + maxMs;
      for (;;) {
        if (signal?.aborted) return 'stopped';
        const now = Date.now();
        const allClosed = [...session.connections.values()].every((c) => c.state === 'closed');
        if (allClosed && now - Math.max(lastActivity, since) >= Math.max(idleMs, MIN_QUIET_MS)) return 'idle';
        if (now >= deadline) return 'cap';
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    close: () => bridge.close(),
  };
}
