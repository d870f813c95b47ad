/**
 * Storage failures as data: a code the panel words (`quota`, `broken`,
 * `unavailable`) and the browser's own words as detail.
 */
import type { StorageFaultCode } from '../protocol/messages';

export class StorageFault extends Error {
  constructor(
    readonly code: StorageFaultCode,
    readonly detail: string,
  ) {
    super(`${code}: ${detail}`);
    this.name = 'StorageFault';
  }
}

/** What a failed IndexedDB operation means for us; `opening` failures make the database unavailable. */
export function storageFault(error: unknown, opening = false): StorageFault {
  if (error instanceof StorageFault) return error;
  const name = error instanceof Error || error instanceof DOMException ? error.name : 'Error';
  const message = error instanceof Error || error instanceof DOMException ? error.message : String(error);
  const detail = `${name}: ${message}`.slice(0, 500);
  if (name === 'QuotaExceededError') return new StorageFault('quota', detail);
  return new StorageFault(opening ? 'unavailable' : 'broken', detail);
}
