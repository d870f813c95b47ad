/**
 * Protobuf with the user's .proto inside the built extension (issue 19,
 * acceptance 3): the extension page's CSP forbids eval and new Function, which
 * protobufjs's own decode needs; ours reads the parsed schema without them.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startLens, type Lens } from './harness/lens';
import type { PanelView } from './harness/panel-view';

let lens: Lens;
let panel: PanelView;
const problems: string[] = [];

beforeAll(async () => {
  lens = await startLens();
  const { page, tabId } = await lens.openFixture('protobuf.html');
  await page.waitForFunction(() => (window as unknown as { echoed: number }).echoed === 1);
  panel = await lens.openPanel(tabId);
  panel.page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  panel.page.on('pageerror', (error) => problems.push(error.message));
});
afterAll(async () => {
  await lens?.shutdown();
});

it('decodes binary frames with a .proto loaded in the panel, with no code generation', async () => {
  await panel.select('ticks');
  await panel.page.getByRole('button', { name: 'Protobuf schema…' }).click();
  await panel.page.getByLabel('.proto file').setInputFiles({
    name: 'market.proto',
    mimeType: 'text/plain',
    buffer: Buffer.from('syntax = "proto3";\npackage market;\nmessage Tick { string symbol = 1; double price = 2; }\n'),
  });
  await expect.poll(() => panel.page.getByLabel('Message type').inputValue()).toBe('market.Tick');
  await panel.page.getByRole('button', { name: 'Save schema' }).click();
  const meanings = panel.page.locator('[aria-label="Messages"] [data-kind="frame"] .meaning');
  await expect.poll(() => meanings.allTextContents()).toEqual(['message market.Tick', 'message market.Tick']);
  await panel.page.locator('[aria-label="Messages"] [data-kind="frame"]').first().click();
  const decoded = panel.page.locator('.decoded');
  await expect.poll(() => decoded.textContent()).toContain('EUR');
  expect(await decoded.textContent()).toContain('1.5');
  expect(problems.filter((p) => /Content Security Policy|EvalError|unsafe-eval/i.test(p))).toEqual([]);
});

it('remembers the schema for the next panel', async () => {
  const tabId = await lens.tabIdOf((await lens.context.pages()).find((p) => p.url().includes('protobuf.html'))!);
  const again = await lens.openPanel(tabId);
  await again.select('ticks');
  await expect
    .poll(() => again.page.locator('[aria-label="Messages"] [data-kind="frame"] .meaning').first().textContent())
    .toBe('message market.Tick');
});
