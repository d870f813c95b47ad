/**
 * The panel's words for the service's error codes (protocol/errors.ts): the
 * protocol carries codes, the UI says what they mean for what the user acted on.
 */
import type { ServiceError } from '../protocol/errors';
import type { StorageFault } from '../protocol/messages';

/** `target`: the connection the user acted on, in their words (connectionLabel: its URL, shortened), if known. */
export function errorText(error: ServiceError, target?: string): string {
  const socket = target ?? 'the socket';
  switch (error.code) {
    case 'unknown-socket':
      return 'no such socket in this tab';
    case 'read-only':
      return `${socket} cannot be acted on: no page hook is behind it (known from its handshake, or a worker's socket the debugger only watches)`;
    case 'unsupported':
      return 'this browser has no debugger for extensions: deep capture works in Chrome only';
    case 'permission':
      return `the browser refused the debugger: ${error.message}`;
    case 'closed':
      return `${socket} is closed`;
    case 'page-gone':
      return `${socket} is closed: its page is gone`;
    case 'not-open':
      return `${socket} is not open yet`;
    case 'no-pause':
      return `that frame of ${socket} is no longer paused`;
    case 'failed':
      return `the browser refused it: ${error.message}`;
    case 'timeout':
      return 'timeout: the page did not answer in time';
    case 'not-connected':
      return 'not connected to the extension; try again in a moment';
    case 'bad-request':
      return `Bad request: ${error.message}`;
    case 'version':
      return 'The panel and the extension speak different protocol versions: close and reopen DevTools.';
    case 'undeliverable':
      return 'A message from the extension was lost; the panel asked for the session again.';
  }
}

const STORAGE_CAUSES: Record<StorageFault['code'], string> = {
  quota: 'the browser’s storage quota is full',
  broken: 'the database failed',
  unavailable: 'the database cannot be opened',
};

/** A storage fault of the tab's status (a code and counts), and where its records are. */
export function storageFaultText(fault: StorageFault): string {
  const cause = `Recording is not being saved: ${STORAGE_CAUSES[fault.code]}.`;
  const unstored = fault.unstored === 1 ? '1 record' : `${fault.unstored.toLocaleString('en')} records`;
  const what = fault.memoryOnly
    ? `Capture goes on in memory only: ${unstored} would be lost if the extension’s worker stopped.`
    : `${unstored} wait${fault.unstored === 1 ? 's' : ''} in memory (pages keep them too) while saving is retried.`;
  return `${cause} ${what}`;
}
