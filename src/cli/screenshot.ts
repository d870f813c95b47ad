/**
 * `npm run screenshot`: the README's pictures of the panel, taken from the real
 * built extension on the bundled demo (the panel opened as a tab on the demo's
 * tab): light theme with a JSON message open, dark theme with a binary message
 * as a hex dump.
 */
import { fileURLToPath } from 'node:url';
import { startDemoServer } from '../demo/server';
import { launchWithExtension, panelUrl, tabIdOf } from './chromium';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const server = await startDemoServer();
const browser = await launchWithExtension({ extensionDir: process.env.LENS_DIST ?? `${ROOT}dist/` });
try {
  const demo = await browser.context.newPage();
  await demo.goto(`${server.origin}/`);
  await demo.waitForTimeout(4500);
  const tabId = await tabIdOf(browser, demo);

  const shoot = async (theme: 'light' | 'dark', socket: string, row: string, file: string) => {
    const panel = await browser.context.newPage();
    await panel.emulateMedia({ colorScheme: theme });
    await panel.setViewportSize({ width: 1200, height: 640 });
    await panel.goto(panelUrl(browser, tabId));
    await panel.locator('table[aria-label="Connections"] tbody tr', { hasText: socket }).click();
    await panel.locator(`[aria-label="Messages"] [role="row"]${row}`).nth(1).click();
    await panel.getByRole('region', { name: 'Message detail' }).waitFor();
    await panel.screenshot({ path: `${ROOT}docs/${file}` });
    console.log(`Wrote docs/${file}`);
    await panel.close();
  };
  await shoot('light', '/chat', '[data-dir="received"]', 'screenshot.png');
  await shoot('dark', '/ticks', '[data-type="binary"]', 'screenshot-dark-hex.png');
} finally {
  await browser.close();
  await server.close();
}
