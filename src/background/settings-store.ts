/** Settings in `storage.local`, read at start and followed on change (the options page writes them). */
import browser from 'webextension-polyfill';
import { SETTINGS_KEY, readSettings, type Settings } from '../protocol/settings';

export async function loadSettings(): Promise<Settings> {
  const stored = await browser.storage.local.get(SETTINGS_KEY);
  return readSettings(stored[SETTINGS_KEY]);
}

export function saveSettings(settings: Settings): Promise<void> {
  return browser.storage.local.set({ [SETTINGS_KEY]: settings });
}

export function onSettingsChanged(listener: (settings: Settings) => void): void {
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && changes[SETTINGS_KEY]) listener(readSettings(changes[SETTINGS_KEY].newValue));
  });
}
