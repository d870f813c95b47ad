/**
 * Reads a tab's captured session the way a panel does: subscribed through the
 * session client, folded by the shared reducer. Used by `npm start`'s headless
 * summary, `npm run record` and the e2e tests (and usable by any tool that
 * drives the extension).
 */
import { applyRecords, createSession, trimFrames, type Session } from '../lib/session';
import type { TabStatus } from '../protocol/messages';
import type { SessionClient } from '../client/types';
import type { ExtensionBrowser } from './chromium';
import { openBridgeClient } from './bridge-client';

export interface SessionRead {
  session: Session;
  status: TabStatus;
}

export async function readSession(browser: ExtensionBrowser, tabId: number): Promise<SessionRead> {
  const bridge = await openBridgeClient(browser);
  try {
    return await readSessionWith(bridge.client, tabId);
  } finally {
    await bridge.close();
  }
}

/**
 * The whole session of a tab as a subscription delivers it: reset, records
 * (in messages bounded by bytes), then the status that ends the snapshot.
 * A message the service could not deliver makes the client ask again from its
 * last record; the snapshot then ends at the status after that.
 */
export function readSessionWith(client: SessionClient, tabId: number): Promise<SessionRead> {
  return new Promise((resolve, reject) => {
    let session = createSession();
    let statusesToSkip = 0;
    const subscription = client.subscribe(tabId, {
      reset() {
        session = createSession();
      },
      records(records) {
        applyRecords(session, records);
      },
      status(status) {
        if (statusesToSkip > 0) return void statusesToSkip--;
        subscription.close();
        trimFrames(session, status.framesKeptFrom);
        resolve({ session, status });
      },
      error(error) {
        if (error.code === 'undeliverable') statusesToSkip++;
        else {
          subscription.close();
          reject(new Error(`The extension refused to send the session: ${error.code}: ${error.message}`));
        }
      },
    });
  });
}
