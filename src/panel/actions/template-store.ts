/** Composer templates in `storage.local`, one list per origin (templates.ts has the rules). */
import browser from 'webextension-polyfill';
import { TEMPLATES_KEY, templatesOf, type Template } from './templates';

export async function loadTemplates(origin: string): Promise<Template[]> {
  const stored = await browser.storage.local.get(TEMPLATES_KEY);
  return templatesOf(stored[TEMPLATES_KEY], origin);
}

/** Replaces one origin's templates, keeping every other origin's. */
export async function storeTemplates(origin: string, templates: readonly Template[]): Promise<void> {
  const stored = (await browser.storage.local.get(TEMPLATES_KEY))[TEMPLATES_KEY];
  const all: Record<string, unknown> = typeof stored === 'object' && stored !== null ? { ...stored } : {};
  if (templates.length) all[origin] = templates;
  else delete all[origin];
  await browser.storage.local.set({ [TEMPLATES_KEY]: all });
}
