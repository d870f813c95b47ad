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

/** DevTools' own theme when we run inside it, else the system's. */
export function themeName(): 'dark' | 'default' {
  const devtoolsTheme = devtoolsApi()?.panels?.themeName;
  if (devtoolsTheme) return devtoolsTheme === 'dark' ? 'dark' : 'default';
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'default';
}
