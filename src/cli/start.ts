/**
 * `npm start`: build the extension, serve the demo, and open Chromium with the
 * extension loaded and DevTools open on the demo page. Where there is no
 * display (SSH, CI) it says so, runs the same demo headless for a few seconds
 * and prints what the extension captured.
 *
 *   npm start                   # a window if there is a display, else the headless summary
 *   npm start -- --headless     # the headless summary even with a display
 *   npm start -- --duration 8   # seconds of demo traffic before the summary (default 5)
 *   npm start -- --firefox      # the same in Firefox: builds dist-firefox/, installs it over WebDriver BiDi
 */
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { startDemoServer } from '../demo/server';
import { launchWithExtension, tabIdOf } from './chromium';
import { readSession } from './session-reader';
import { showLensPanel } from './cdp';
import { summarize, type Session } from '../lib/session';
import { launchFirefox } from './firefox';
import { OUT_DIRS } from './browsers';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIST = `${ROOT}${OUT_DIRS.chrome}/`;
const DIST_FIREFOX = `${ROOT}${OUT_DIRS.firefox}/`;

const { values: options } = parseArgs({
  options: {
    headless: { type: 'boolean', default: false },
    duration: { type: 'string', default: '5' },
    firefox: { type: 'boolean', default: false },
  },
});

function hasDisplay(): boolean {
  if (process.platform === 'darwin' || process.platform === 'win32') return true;
  return Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

async function main(): Promise<void> {
  const headless = options.headless || !hasDisplay();
  if (!options.headless && headless) {
    console.log(
      'No display found ($DISPLAY and $WAYLAND_DISPLAY are unset): running the demo headless and printing what WebSocket Lens captured.',
    );
  }
  const started = Date.now();
  const mode = options.firefox ? 'firefox' : 'production';
  await build({ root: ROOT, configFile: `${ROOT}vite.config.ts`, logLevel: 'warn', mode });
  const outDir = options.firefox ? OUT_DIRS.firefox : OUT_DIRS.chrome;
  console.log(`Built the extension into ${outDir}/ in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  if (options.firefox) return startFirefox(headless);

  const server = await startDemoServer();
  const demoUrl = `${server.origin}/`;
  console.log(`Demo page and WebSocket server: ${demoUrl}`);
  const browser = await launchWithExtension({ extensionDir: DIST, headless, devtools: !headless });
  const shutdown = async () => {
    await browser.close();
    await server.close();
  };
  process.once('SIGINT', () => void shutdown().then(() => process.exit(130)));

  const page = browser.context.pages()[0] ?? (await browser.context.newPage());
  await page.goto(demoUrl);

  if (!headless) {
    // Selecting our panel goes through DevTools internals: helpful when it works, harmless when not.
    const shown = await showLensPanel(browser.debuggingPort!, browser.extensionId, demoUrl).then(
      () => true,
      () => false,
    );
    const where = shown ? ' and the WebSocket Lens panel selected' : ': pick the "WebSocket Lens" panel';
    console.log(
      `Chromium is open with DevTools on the demo page${where}. Close the browser (or press Ctrl+C) to stop.`,
    );
    await new Promise<void>((resolve) => browser.context.on('close', () => resolve()));
    await server.close();
    return;
  }

  await page.waitForTimeout(durationMs());
  const { session } = await readSession(browser, await tabIdOf(browser, page));
  await shutdown();
  printSummary(session, demoUrl);
}

/** `npm start -- --firefox`: the demo in Firefox with the add-on installed (temporarily, as about:debugging would). */
async function startFirefox(headless: boolean): Promise<void> {
  const server = await startDemoServer();
  const demoUrl = `${server.origin}/`;
  console.log(`Demo page and WebSocket server: ${demoUrl}`);
  const firefox = await launchFirefox({ extensionDir: DIST_FIREFOX, headless, devtools: !headless });
  const shutdown = async () => {
    await firefox.close();
    await server.close();
  };
  process.once('SIGINT', () => void shutdown().then(() => process.exit(130)));
  const page = (await firefox.browser.pages())[0] ?? (await firefox.browser.newPage());
  await page.goto(demoUrl);

  if (!headless) {
    console.log(
      'Firefox is open on the demo page with DevTools: pick the "WebSocket Lens" panel. Close the browser (or press Ctrl+C) to stop.',
    );
    await new Promise<void>((resolve) => firefox.browser.once('disconnected', () => resolve()));
    await server.close();
    return;
  }

  await new Promise((resolve) => setTimeout(resolve, durationMs()));
  const { session } = await firefox.readSession(await firefox.tabIdOf(page));
  await shutdown();
  printSummary(session, demoUrl);
}

function durationMs(): number {
  const seconds = Number(options.duration);
  return (Number.isFinite(seconds) && seconds > 0 ? seconds : 5) * 1000;
}

function printSummary(session: Session, demoUrl: string): void {
  const connections = [...session.connections.values()];
  const sent = connections.reduce((n, c) => n + c.sent.count, 0);
  const received = connections.reduce((n, c) => n + c.received.count, 0);
  const closes = connections
    .filter((c) => c.close)
    .map((c) => `${c.close!.code}${c.close!.reason ? ` "${c.close!.reason}"` : ''}`);
  console.log(`\nWebSocket Lens captured ${connections.length} connections on ${demoUrl}:`);
  for (const line of summarize(session)) console.log(`  ${line}`);
  console.log(`Frames: ${sent} sent, ${received} received. Close codes: ${closes.join(', ') || 'none'}.`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
