import { usePanelStore } from '../store-context';
import { storageFaultText } from '../../lib/error-text';

/** Shown while the background cannot store the tab's records; the browser's own words in the tooltip. */
export function StorageBanner() {
  const fault = usePanelStore().tabStatus.value?.storage;
  if (!fault) return null;
  return (
    <p class="storage-banner" role="alert" aria-label="Storage error" data-code={fault.code} title={fault.detail}>
      {storageFaultText(fault)}
    </p>
  );
}
