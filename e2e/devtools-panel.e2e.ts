/**
 * Smoke test of the real panel inside real DevTools (headless Chromium with
 * DevTools auto-opened): a page's live socket shows up as open and its received
 * frame count keeps growing. Everything else about the panel is tested with the
 * panel opened as a tab (capture.e2e.ts), which does not depend on DevTools internals.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startLens, type Lens } from './harness/lens';
import { CdpClient, showLensPanel } from '../src/cli/cdp';

interface ConnectionRow {
  state: string;
  received: number;
}

/**
 * Runs in the panel: the Connections row of the socket whose URL starts with
 * `urlStart`, or null before it is rendered. The row's title holds the full URL
 * on its first line (the visible cell splits it into path and host).
 */
function readRow(urlStart: string): string {
  return `(() => {
    const row = Array.from(document.querySelectorAll('table[aria-label="Connections"] tbody tr'))
      .find((tr) => tr.title.startsWith(${JSON.stringify(urlStart)}));
    if (!row) return null;
    // The frames cell reads "sent / received".
    const frames = row.querySelector('td.frames')?.textContent ?? '';
    return { state: row.dataset.state ?? '', received: Number(frames.split('/')[1]) };
  })()`;
}

let lens: Lens;
beforeAll(async () => {
  lens = await startLens({ devtools: true });
});
afterAll(async () => {
  await lens?.shutdown();
});

it('shows a live socket of the inspected page in our panel in real DevTools, with a growing frame count', async () => {
  const { page } = await lens.openFixture('live.html');
  if (lens.debuggingPort === undefined) throw new Error('launched without a debugging port');
  const panelUrl = await showLensPanel(lens.debuggingPort, lens.extensionId, page.url());

  const panel = await CdpClient.connect(panelUrl);
  try {
    const expression = readRow(`${lens.server.wsOrigin}/push?count=1000&interval=50`);
    const row = () => panel.evaluate<ConnectionRow | null>(expression);
    // The panel page may still be loading and rendering: poll, don't sleep.
    await expect.poll(() => row().then((r) => r?.state), { timeout: 5_000 }).toBe('open');
    const first = (await row())!;
    // The server pushes every 50 ms: a later read must show more frames.
    await expect.poll(() => row().then((r) => r?.received ?? 0), { timeout: 5_000 }).toBeGreaterThan(first.received);
    expect((await row())?.state).toBe('open');
  } finally {
    panel.close();
  }
});
