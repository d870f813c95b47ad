/**
 * Renders public/icons/icon.svg to the PNG sizes the manifest lists (Chrome
 * does not take SVG icons). Run by hand after changing the SVG:
 * `npx tsx src/cli/render-icons.ts`.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { browserArgs, findChromium } from './chromium';

const icons = fileURLToPath(new URL('../../public/icons/', import.meta.url));
const svg = await readFile(`${icons}icon.svg`, 'utf8');
const browser = await chromium.launch({ executablePath: findChromium(), args: browserArgs() });
for (const size of [16, 32, 48, 128]) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  await page.setContent(
    `<style>body{margin:0}</style><img width="${size}" height="${size}" src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}">`,
  );
  await page.screenshot({ path: `${icons}icon-${size}.png`, omitBackground: true });
  await page.close();
}
await browser.close();
