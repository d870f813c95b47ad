/**
 * `npm run screenshot`: the README's pictures of the panel, taken from the real
 * built extension on the bundled demo (the panel opened as a tab on the demo's
 * tab, at the size of a DevTools window), in both themes:
 *
 *   docked   1000×420   /chat and /ticks merged, a JSON message open beside the list
 *   window   1280×800   /chat, a JSON message open
 *   wide     1920×1080  /ticks, a binary message as a hex dump
 *   decoded  1280×800   the Socket.IO room, an ACK open in the Decoded tab with its request
 *   stats    1280×800   the Socket.IO room's statistics
 *
 * Each is written to docs/screenshot-<name>-<light|dark>.png.
 */
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { startDemoServer } from '../demo/server';
import { launchWithExtension, panelUrl, tabIdOf } from './chromium';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface Shot {
  name: string;
  width: number;
  height: number;
  /** Connections to select (URL parts), the first by click, the others added with Ctrl. */
  sockets: string[];
  /** Which message row to open (none for the statistics). */
  row?: string;
  /** Open the row whose Message cell has this text. */
  meaning?: string;
  /** Show the statistics instead of the list. */
  stats?: boolean;
}

const SHOTS: Shot[] = [
  {
    name: 'docked',
    width: 1000,
    height: 420,
    sockets: ['/chat', '/ticks'],
    row: '[data-type="text"][data-dir="received"]',
  },
  { name: 'window', width: 1280, height: 800, sockets: ['/chat'], row: '[data-type="text"][data-dir="received"]' },
  { name: 'wide', width: 1920, height: 1080, sockets: ['/ticks'], row: '[data-type="binary"]' },
  { name: 'decoded', width: 1280, height: 800, sockets: ['/socket.io/'], row: '[data-kind="frame"]', meaning: 'ACK' },
  { name: 'stats', width: 1280, height: 800, sockets: ['/socket.io/'], stats: true },
];

const server = await startDemoServer();
const browser = await launchWithExtension({ extensionDir: process.env.LENS_DIST ?? `${ROOT}dist/` });
try {
  const demo = await browser.context.newPage();
  await demo.goto(`${server.origin}/`);
  // Long enough for the ticker to fill a docked panel's rows.
  await demo.waitForTimeout(7000);
  const tabId = await tabIdOf(browser, demo);

  const shoot = async (shot: Shot, theme: 'light' | 'dark') => {
    const panel = await browser.context.newPage();
    await panel.emulateMedia({ colorScheme: theme });
    await panel.setViewportSize({ width: shot.width, height: shot.height });
    await panel.goto(panelUrl(browser, tabId));
    const [first, ...more] = shot.sockets;
    const row = (socket: string) => panel.locator('table[aria-label="Connections"] tbody tr', { hasText: socket });
    await row(first!).click();
    for (const socket of more) await row(socket).click({ modifiers: ['Control'] });
    if (shot.stats) {
      await panel.getByRole('button', { name: 'Statistics' }).click();
      await panel.locator('.rate-chart canvas').first().waitFor();
    } else {
      const rows = panel.locator(`[aria-label="Messages"] [role="row"]${shot.row ?? ''}`);
      await (shot.meaning ? rows.filter({ has: panel.locator('.meaning', { hasText: shot.meaning }) }) : rows)
        .nth(1)
        .click();
      await panel.getByRole('region', { name: 'Message detail' }).waitFor();
      await report(panel, shot);
    }
    const file = `docs/screenshot-${shot.name}-${theme}.png`;
    await panel.screenshot({ path: `${ROOT}${file}` });
    console.log(`Wrote ${file}`);
    await panel.close();
  };
  for (const shot of SHOTS) for (const theme of ['light', 'dark'] as const) await shoot(shot, theme);
} finally {
  await browser.close();
  await server.close();
}

/** Says what the picture shows that the README promises: message rows in view, and no cut column. */
async function report(panel: Page, shot: Shot): Promise<void> {
  const seen = await panel.evaluate(() => {
    const scroller = document.querySelector<HTMLElement>('[aria-label="Messages"] .scroller')!;
    const box = scroller.getBoundingClientRect();
    const rows = [...scroller.querySelectorAll('[role="row"]')].filter((row) => {
      const r = row.getBoundingClientRect();
      return r.top >= box.top - 1 && r.bottom <= box.bottom + 1;
    }).length;
    const pane = document.querySelector('.connections-pane')!.getBoundingClientRect();
    const cut = [...document.querySelectorAll<HTMLElement>('table[aria-label="Connections"] th')]
      .filter((th) => th.scrollWidth > th.clientWidth + 1 || th.getBoundingClientRect().right > pane.right + 1)
      .map((th) => th.textContent);
    return { rows, cut };
  });
  console.log(
    `${shot.name} ${shot.width}×${shot.height}: ${seen.rows} message rows in view; cut columns: ${seen.cut.join(', ') || 'none'}`,
  );
}
