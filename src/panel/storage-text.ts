/** The panel's words for a storage fault (the background sends codes, never sentences). */
import type { StorageFault } from '../protocol/messages';

const CAUSES: Record<StorageFault['code'], string> = {
  quota: 'the browser’s storage quota is full',
  broken: 'the database failed',
  unavailable: 'the database cannot be opened',
};

export function storageFaultText(fault: StorageFault): string {
  const cause = `Recording is not being saved: ${CAUSES[fault.code]}.`;
  const unstored = fault.unstored === 1 ? '1 record' : `${fault.unstored.toLocaleString('en')} records`;
  const what = fault.memoryOnly
    ? `Capture goes on in memory only: ${unstored} would be lost if the extension’s worker stopped.`
    : `${unstored} wait${fault.unstored === 1 ? 's' : ''} in memory (pages keep them too) while saving is retried.`;
  return `${cause} ${what}`;
}
