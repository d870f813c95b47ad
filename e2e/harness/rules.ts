/**
 * Setting a tab's intercept and fault rules through the panel's Rules dialog,
 * as a user would, and reading the timeline with each frame's mark.
 */
import { expect } from 'vitest';
import type { PanelView } from './panel-view';

export interface RuleSpec {
  name: string;
  direction: 'sent' | 'received' | 'both';
  url?: string;
  payload?: string;
  action:
    | 'block'
    | 'replace'
    | 'delay'
    | 'break'
    | 'jitter'
    | 'duplicate'
    | 'reorder'
    | 'drop'
    | 'rate'
    | 'bandwidth'
    | 'offline'
    | 'drop-every'
    | 'refuse'
    | 'delay-open'
    | 'debugger';
  delayMs?: number;
  replace?: { mode: 'matches' | 'whole'; format?: 'text' | 'hex' | 'base64'; text: string };
  /** A fault action's parameters by their field labels ('Seed', 'Drop (%)', …). */
  fields?: Record<string, number>;
}

/** Replaces the tab's rules through the Rules dialog, and waits until they are in force. */
export async function setRules(on: PanelView, rules: RuleSpec[]): Promise<void> {
  const view = on.page;
  await view.getByRole('button', { name: /^Rules/ }).click();
  const dialog = view.getByRole('dialog', { name: 'Intercept rules' });
  const remove = dialog.getByRole('button', { name: 'Remove rule' });
  while ((await remove.count()) > 0) await remove.first().click();
  for (const spec of rules) {
    await dialog.getByRole('button', { name: 'Add rule' }).click();
    const rule = dialog.getByRole('group').last();
    await rule.getByLabel('Name').fill(spec.name);
    await rule.getByLabel('Direction').selectOption(spec.direction);
    if (spec.url) await rule.getByLabel('URL').fill(spec.url);
    if (spec.payload) await rule.getByLabel('Payload', { exact: true }).fill(spec.payload);
    await rule.getByLabel('Action').selectOption(spec.action);
    if (spec.delayMs !== undefined) await rule.getByLabel('Delay (ms)').fill(String(spec.delayMs));
    if (spec.replace) {
      await rule.getByLabel('Replace', { exact: true }).selectOption(spec.replace.mode);
      if (spec.replace.format) await rule.getByLabel('Replacement format').selectOption(spec.replace.format);
      await rule.getByLabel('Replacement', { exact: true }).fill(spec.replace.text);
    }
    for (const [label, value] of Object.entries(spec.fields ?? {}))
      await rule.getByLabel(label, { exact: true }).fill(String(value));
  }
  await dialog.getByRole('button', { name: 'Apply' }).click();
  await expect.poll(() => dialog.isVisible()).toBe(false);
  const label = rules.length ? `Rules (${rules.length})` : 'Rules';
  await expect.poll(() => view.getByRole('button', { name: /^Rules/ }).textContent()).toBe(label);
  await view.waitForTimeout(100); // the background has them; the hook gets them over two more hops
}

/** The selected connection's frames as `dir preview [mark]`. */
export async function timelineFrames(panel: PanelView): Promise<string[]> {
  return (await panel.messages())
    .filter((r) => r.kind === 'frame')
    .map((r) => `${r.dir} ${r.preview}${r.mark ? ` [${r.mark}]` : ''}`);
}
