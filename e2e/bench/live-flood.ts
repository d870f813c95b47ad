/**
 * The panel during a live flood (issue 17): the panel is opened first, then
 * the page floods it with `frames` frames while the bench scrolls the message
 * list up and down as a user would. In the panel, a PerformanceObserver
 * records every long task (> 50 ms) and a requestAnimationFrame loop every
 * gap between painted frames, until the panel shows the last frame.
 */
import type { Page } from 'playwright-core';
import type { Lens } from '../harness/lens';

export interface FloodFigures {
  /** Milliseconds from the flood's start until the panel showed every frame. */
  caughtUpMs: number;
  longTasks: number[];
  frameGaps: number[];
  /** Animation frames over 100 ms, with where their time went (Long Animation Frames API). */
  slowFrames: SlowFrame[];
}

export interface SlowFrame {
  duration: number;
  /** From the frame's start to its rendering (scripts and tasks before it). */
  beforeRender: number;
  /** Style and layout of the rendering step. */
  styleAndLayout: number;
  scripts: { what: string; duration: number; forcedLayout: number }[];
}

interface ProbeWindow {
  wslProbe: { longTasks: number[]; frameGaps: number[]; slowFrames: SlowFrame[]; stop(): void };
}

/**
 * Starts the probes in the panel page. A string, not a function: tsx compiles
 * named functions with a `__name` helper that does not exist in the page.
 */
export const INSTALL_PROBES = `(() => {
  const longTasks = [];
  const frameGaps = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longTasks.push(entry.duration);
  }).observe({ type: 'longtask', buffered: false });
  const slowFrames = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.duration <= 100) continue;
      slowFrames.push({
        duration: e.duration,
        beforeRender: (e.renderStart || e.startTime + e.duration) - e.startTime,
        styleAndLayout: e.renderStart ? e.startTime + e.duration - e.styleAndLayoutStart : 0,
        scripts: e.scripts.map((s) => ({
          what: s.invoker + (s.sourceFunctionName ? ' ' + s.sourceFunctionName : ''),
          duration: s.duration,
          forcedLayout: s.forcedStyleAndLayoutDuration,
        })),
      });
    }
  }).observe({ type: 'long-animation-frame', buffered: false });
  let running = true;
  let last = performance.now();
  const tick = (now) => {
    frameGaps.push(now - last);
    last = now;
    if (running) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  // Scroll as a user reading along would: up a screen, down again, a few times a second
  // (unless window.wslFollow: then the list follows its tail all along).
  let up = true;
  const scrolling = window.wslFollow ? 0 : setInterval(() => {
    const element = document.querySelector('[aria-label="Messages"] .scroller');
    if (element) element.scrollTop += up ? -400 : 400;
    up = !up;
  }, 150);
  window.wslProbe = {
    longTasks,
    frameGaps,
    slowFrames,
    stop() {
      running = false;
      clearInterval(scrolling);
    },
  };
})()`;

/** Called with the panel page around the flood (e.g. to trace it): `start` before the flood, `stop` once caught up. */
export interface FloodWatcher {
  start(panel: Page): Promise<void>;
  stop(panel: Page): Promise<void>;
}

export async function liveFlood(
  lens: Lens,
  frames: number,
  watcher?: FloodWatcher,
  { follow = false } = {},
): Promise<FloodFigures> {
  const { page, tabId } = await lens.openFixture('flood.html?count=1');
  const panel: Page = await lens.context.newPage();
  await panel.setViewportSize({ width: 1280, height: 800 });
  await panel.goto(`chrome-extension://${lens.extensionId}/src/panel/index.html?tabId=${tabId}`);
  await panel.locator('table[aria-label="Connections"] tbody tr').first().waitFor();
  if (follow) await panel.evaluate(() => Object.assign(window, { wslFollow: true }));
  await panel.evaluate(INSTALL_PROBES);
  await watcher?.start(panel);
  const started = Date.now();
  // The same tab navigates to the flood: a new page session the open panel follows.
  await page.goto(`${lens.server.origin}/flood.html?count=${frames}&burst=2000&interval=10`);
  await panel.locator('table[aria-label="Connections"] tbody tr').first().click();
  await panel.waitForFunction(
    (n) => document.querySelector('[aria-label="Summary"]')?.textContent?.includes(`${n} frames`),
    frames.toLocaleString('en-US'),
    { polling: 200, timeout: 300_000 },
  );
  const caughtUpMs = Date.now() - started;
  await watcher?.stop(panel);
  const figures = await panel.evaluate(() => {
    const probe = (window as unknown as ProbeWindow).wslProbe;
    probe.stop();
    return { longTasks: probe.longTasks, frameGaps: probe.frameGaps, slowFrames: probe.slowFrames };
  });
  await panel.close();
  await page.close();
  return { caughtUpMs, ...figures };
}

/** The p-th percentile (0–100) of `values`, nearest rank; 0 for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
