/**
 * `npm run screenshot`: the README's picture of the panel, taken from the real
 * built extension on the bundled demo (the panel opened as a tab on the demo's
 * tab, with the chat connection selected).
 */
import { fileURLToPath } from 'node:url';
import { startDemoServer } from '../demo/server';
import { launchWithExtension, panelUrl, tabIdOf } from './chromium';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const OUT = `${ROOT}docs/screenshot.png`;

const server = await startDemoServer();
const browser = await launchWithExtension({ extensionDir: `${ROOT}dist/` });
try {
  const demo = await browser.context.newPage();
  await demo.goto(`${server.origin}/`);
  await demo.waitForTimeout(4500);
  const panel = await browser.context.newPage();
  await panel.setViewportSize({ width: 1100, height: 420 });
  await panel.goto(panelUrl(browser, await tabIdOf(browser, demo)));
  await panel.locator('table[aria-label="Connections"] tbody tr', { hasText: '/chat' }).click();
  await panel.screenshot({ path: OUT });
  console.log(`Wrote ${OUT}`);
} finally {
  await browser.close();
  await server.close();
}
