/**
 * The inspected tab: from DevTools when we run as a panel, else from `?tabId=`
 * (the panel opened as an ordinary tab, as tests and the demo summary do).
 */
import { devtoolsApi } from '../lib/platform';

export function inspectedTabId(): number | null {
  const fromDevtools = devtoolsApi()?.inspectedWindow?.tabId;
  if (typeof fromDevtools === 'number') return fromDevtools;
  const fromUrl = Number(new URLSearchParams(location.search).get('tabId'));
  return Number.isInteger(fromUrl) && fromUrl >= 0 && location.search.includes('tabId=') ? fromUrl : null;
}
