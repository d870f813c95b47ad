/**
 * Panel benchmark (issue 6): a real 100,000-frame session captured by the
 * built extension, then the panel opened on it as a tab. Prints the time to
 * first render of the whole session, the time to scroll to the end, the time to
 * apply a filter (input to rendered rows) and the panel's JS heap. Then a
 * live flood of as many frames with the panel open (live-flood.ts): its long
 * tasks (count, how many over 100 ms, p95, max) and the gaps between painted
 * frames (p95, max). What the long tasks were made of, with their thread time:
 * `npm run bench:panel:trace` (panel-trace.ts; the trace slows the run).
 *
 *   npm run bench:panel        (LENS_DIST=... to use another build)
 */
import { readSession } from '../../src/cli/session-reader';
import { startLens, type Lens } from '../harness/lens';
import { liveFlood, percentile } from './live-flood';

const FRAMES = 100_000;

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/**
 * Captures `FRAMES` frames pushed to flood.html with `query`, opens the panel on
 * them and prints first render, scroll to the end, each filter (text typed as a
 * user would) and the panel's heap.
 */
async function sessionFigures(lens: Lens, title: string, query: string, filters: [string, string][]): Promise<void> {
  const { page, tabId } = await lens.openFixture(`flood.html?count=${FRAMES}&burst=2000&interval=10${query}`);
  const started = Date.now();
  while ((await page.evaluate(() => (window as unknown as { received: number }).received)) < FRAMES)
    await page.waitForTimeout(100);
  // Wait until the background holds every frame (the pipeline is asynchronous).
  for (;;) {
    const { session } = await readSession(lens, tabId);
    const held = [...session.connections.values()].reduce((n, c) => n + c.received.count, 0);
    if (held >= FRAMES) break;
    await page.waitForTimeout(2000);
  }
  const captured = Date.now() - started;

  const panel = await lens.context.newPage();
  await panel.setViewportSize({ width: 1280, height: 800 });
  const opened = performance.now();
  await panel.goto(`chrome-extension://${lens.extensionId}/src/panel/index.html?tabId=${tabId}`);
  await panel.waitForFunction(
    (n) =>
      document.querySelector('[aria-label="Summary"]')?.textContent?.includes(`${n.toLocaleString('en-US')} frames`) &&
      document.querySelectorAll('[aria-label="Messages"] .scroller [role="row"]').length > 0,
    FRAMES,
    { polling: 'raf', timeout: 120_000 },
  );
  const firstRender = performance.now() - opened;
  // A decoded session is read in slices after the first render: until the rows in view all have their meaning.
  const decodedAfter = query.includes('format=')
    ? await panel
        .waitForFunction(
          () => {
            const rows = [...document.querySelectorAll('[aria-label="Messages"] .scroller [data-kind="frame"]')];
            return rows.length > 0 && rows.every((row) => row.querySelector('.meaning')?.textContent);
          },
          undefined,
          { polling: 'raf', timeout: 120_000 },
        )
        .then(() => performance.now() - opened)
    : 0;
  const decoding = await panel.evaluate(() =>
    performance.getEntriesByName('wsl:decode').reduce((sum, entry) => sum + entry.duration, 0),
  );

  const scrollToEnd = await panel.evaluate(async () => {
    const scroller = document.querySelector<HTMLElement>('[aria-label="Messages"] .scroller')!;
    scroller.scrollTop = 0;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const t0 = performance.now();
    scroller.scrollTop = scroller.scrollHeight;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    return performance.now() - t0;
  });

  // Apply a filter the way a user does (typing into the filter box) and time it until the rows are rendered.
  const filter = async (text: string) =>
    panel.evaluate(async (value) => {
      const input = document.querySelector<HTMLInputElement>('input[aria-label="Filter messages"]')!;
      performance.clearMeasures('wsl:timeline-update');
      const t0 = performance.now();
      input.value = value;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      const ms = performance.now() - t0;
      // The panel measures its own timeline rebuild (the filter pass over every record).
      const pass = performance.getEntriesByName('wsl:timeline-update').at(-1)?.duration ?? 0;
      return { ms, pass, hits: document.querySelector('[aria-label="Matches"]')?.textContent ?? '' };
    }, text);
  const results = [];
  for (const [label, text] of filters) results.push({ label, ...(await filter(text)) });
  await filter('');

  const cdp = await lens.context.newCDPSession(panel);
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  await panel.close();
  await page.close();

  console.log(
    `\n${title}: ${FRAMES.toLocaleString('en')} frames (captured and stored in ${(captured / 1000).toFixed(1)} s)`,
  );
  console.log(`  first render of the whole session   ${firstRender.toFixed(0)} ms`);
  if (decodedAfter > 0) {
    console.log(`  decoded throughout after             ${decodedAfter.toFixed(0)} ms`);
    console.log(`  time spent decoding (all slices)     ${decoding.toFixed(0)} ms`);
  }
  console.log(`  scroll from top to the end           ${scrollToEnd.toFixed(1)} ms (to the painted frame)`);
  for (const r of results)
    console.log(
      `  ${r.label.padEnd(36)} ${r.pass.toFixed(1)} ms filter pass, ${r.ms.toFixed(1)} ms to the painted frame (${r.hits})`,
    );
  console.log(`  panel JS heap after GC               ${mb(heap.usedSize)}`);
}

const lens = await startLens();
try {
  // --flood-only: just the live flood (to compare builds on it quickly).
  if (!process.argv.includes('--flood-only'))
    await sessionFigures(lens, 'Panel benchmark', '', [
      ['filter /regex/ over all frames', '/"seq":9999\\d/'],
      ['filter plain text', 'seq":5'],
    ]);
  if (!process.argv.includes('--flood-only'))
    await sessionFigures(lens, 'Decoded session (Socket.IO events)', '&EIO=4&format=socketio', [
      ['filter on a decoded field', 'event:tick'],
      ['decoded field and text', 'event:tick seq":5'],
      ['negated decoded field', '-kind:EVENT'],
    ]);

  const flood = await liveFlood(lens, FRAMES);
  const ms = (values: number[], p: number) => `${percentile(values, p).toFixed(0)} ms`;
  console.log(`\nLive flood of ${FRAMES.toLocaleString('en')} frames, panel open and scrolled`);
  console.log(`  caught up with the last frame after  ${(flood.caughtUpMs / 1000).toFixed(1)} s`);
  // The bar: no task over 100 ms while a flood arrives.
  const over100 = flood.longTasks.filter((duration) => duration > 100).length;
  console.log(
    `  long tasks (> 50 ms)                 ${flood.longTasks.length} (${over100} over 100 ms), p95 ${ms(flood.longTasks, 95)}, max ${ms(flood.longTasks, 100)}`,
  );
  console.log(
    `  gaps between painted frames          ${flood.frameGaps.length} frames, p95 ${ms(flood.frameGaps, 95)}, max ${ms(flood.frameGaps, 100)}`,
  );
  // Where the time of each frame over 100 ms went: scripts (and their forced layouts), or rendering.
  for (const frame of flood.slowFrames) {
    const scripts = frame.scripts.map((s) => `${s.what} ${s.duration.toFixed(0)} ms`).join(', ') || 'no script';
    console.log(
      `    frame of ${frame.duration.toFixed(0)} ms: ${frame.beforeRender.toFixed(0)} ms before rendering (${scripts}), style and layout ${frame.styleAndLayout.toFixed(0)} ms`,
    );
  }
} finally {
  await lens.shutdown();
}
