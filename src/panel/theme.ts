/**
 * The panel's colours follow DevTools' theme, live: Chrome tells a panel of a
 * switch through `panels.setThemeChangeHandler`, Firefox through
 * `panels.onThemeChanged`; outside DevTools (the panel as a tab) the system's
 * `prefers-color-scheme` decides, and its changes are followed too.
 */
import { devtoolsApi } from '../lib/platform';

export type Theme = 'dark' | 'default';

const fromName = (name: string | undefined): Theme => (name === 'dark' ? 'dark' : 'default');

interface ThemeEvents {
  setThemeChangeHandler?(callback: (theme: string) => void): void;
  onThemeChanged?: { addListener(callback: (theme: string) => void): void };
}

/** Applies the current theme to `root` and keeps it current; returns the theme applied first. */
export function followTheme(root: HTMLElement): Theme {
  const apply = (theme: Theme) => (root.dataset.theme = theme);
  const panels = devtoolsApi()?.panels as (typeof chrome.devtools.panels & ThemeEvents) | undefined;
  if (panels?.themeName) {
    const first = fromName(panels.themeName);
    apply(first);
    const onChange = (name: string) => apply(fromName(name));
    if (panels.setThemeChangeHandler) panels.setThemeChangeHandler(onChange);
    else panels.onThemeChanged?.addListener(onChange);
    return first;
  }
  const query = matchMedia('(prefers-color-scheme: dark)');
  const first: Theme = query.matches ? 'dark' : 'default';
  apply(first);
  query.addEventListener('change', (event) => apply(event.matches ? 'dark' : 'default'));
  return first;
}
