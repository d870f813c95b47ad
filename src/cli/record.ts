/**
 * `websocket-lens record <url>` (also `npm run record -- <url>`): open a page
 * in headless Chromium with the extension loaded, record its WebSockets and
 * its iframes' through the same pipeline as the panel, and write the log.
 *
 *   parse and check the arguments → find Chromium → build dist/ if stale →
 *   launch → load the page → wait (--duration, or --until-idle with a watch
 *   on the panel port) → readSession → write the log atomically → summary
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { findChromium, launchWithExtension, tabIdOf, type ExtensionBrowser } from './chromium';
import { openBridgeClient } from './bridge-client';
import { readSession } from './session-reader';
import { watchSession } from './session-watch';
import { DEFAULT_DIST, ensureBuilt } from './extension-build';
import { CliError } from './cli-error';
import { parseRecordArgs, RECORD_HELP, type RecordOptions } from './record-args';
import { LOG_FORMATS } from '../lib/logs/formats';
import { writeLogFile } from './log-file';
import { sessionRecords } from '../lib/logs/select';
import type { LogMeta } from '../lib/logs/records';
import type { Session } from '../lib/session';
import { redactForExport } from '../lib/redact/redact';

/** Runs the command; resolves with the exit code. Messages go to stderr (the log may go to stdout). */
export async function recordCommand(argv: string[]): Promise<number> {
  try {
    const parsed = parseRecordArgs(argv);
    if (parsed.help) {
      process.stdout.write(`${RECORD_HELP}\n`);
      return 0;
    }
    const summary = await record(parsed.options, (line) => process.stderr.write(`${line}\n`));
    process.stderr.write(`${summary}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`websocket-lens record: ${error instanceof Error ? error.message : String(error)}\n`);
    return error instanceof CliError ? error.exitCode : 1;
  }
}

export async function record(options: RecordOptions, say: (line: string) => void): Promise<string> {
  try {
    findChromium();
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  const extensionDir = await extension(options.extensionDir, say);
  const started = Date.now();
  const browser = await launchWithExtension({ extensionDir, handleSIGINT: false });
  // First Ctrl+C: stop waiting and write what was recorded. A second one quits (Playwright's exit hook kills the browser).
  const stop = new AbortController();
  const onSigint = () => {
    if (stop.signal.aborted) process.exit(130);
    say('Stopping: writing what was recorded so far (Ctrl+C again to quit).');
    stop.abort();
  };
  process.on('SIGINT', onSigint);
  let recorded: Recorded;
  try {
    recorded = await recordPage(browser, options, stop.signal, say);
  } finally {
    process.off('SIGINT', onSigint);
    await browser.close();
  }
  const { session, meta, recordedMs } = recorded;
  let records = sessionRecords(session);
  let logMeta = meta;
  if (options.redact) {
    const redacted = redactForExport(records, meta, options.redact);
    ({ records, meta: logMeta } = redacted);
    say(
      `Redacted ${redacted.report.masked} secret${redacted.report.masked === 1 ? '' : 's'} (${
        Object.entries(redacted.report.rules)
          .map(([rule, n]) => `${rule} ${n}`)
          .join(', ') || 'none found'
      }).`,
    );
  }
  const bytes = await writeLog(options, records, logMeta);
  return summaryLine(session, { options, bytes, seconds: recordedMs / 1000, total: (Date.now() - started) / 1000 });
}

async function extension(dir: string | undefined, say: (line: string) => void): Promise<string> {
  if (dir) {
    const absolute = resolve(dir);
    if (!existsSync(join(absolute, 'manifest.json')))
      throw new CliError(
        `${absolute} holds no built extension (no manifest.json): build one with "npx vite build --outDir ${dir}".`,
      );
    return absolute;
  }
  await ensureBuilt(DEFAULT_DIST, say);
  return DEFAULT_DIST;
}

interface Recorded {
  session: Session;
  meta: LogMeta;
  /** From the load event to the end of recording. */
  recordedMs: number;
}

async function recordPage(
  browser: ExtensionBrowser,
  options: RecordOptions,
  signal: AbortSignal,
  say: (line: string) => void,
): Promise<Recorded> {
  const page: Page = browser.context.pages()[0] ?? (await browser.context.newPage());
  const tabId = await tabIdOf(browser, page);
  const watch = options.stop.kind === 'idle' ? await watchSession(browser, tabId) : undefined;
  if (options.workers) await deepCapture(browser, tabId);
  // Timers of a background tab are throttled: the recorded page stays in front.
  await page.bringToFront();
  await load(page, options, say);
  const loadedAt = Date.now();
  if (options.stop.kind === 'duration') {
    await sleep(options.stop.ms, signal);
  } else {
    const { idleMs, maxMs } = options.stop;
    const end = await watch!.untilIdle({ idleMs, maxMs, since: loadedAt, signal });
    if (end === 'cap') say(`Still active after ${maxMs / 1000} s (--max-duration): writing what was recorded.`);
    await watch!.close();
  }
  const recordedMs = Date.now() - loadedAt;
  const { session, status } = await readSession(browser, tabId);
  if (status.droppedFrames > 0)
    say(`Warning: the extension dropped the ${status.droppedFrames} oldest frames to stay within its frame budget.`);
  if (status.droppedConnections > 0)
    say(
      `Warning: the extension dropped ${status.droppedConnections} closed connections whole to stay within its budget.`,
    );
  if (status.storage)
    say(`Warning: the extension could not store its records (${status.storage.code}: ${status.storage.detail}).`);
  const meta: LogMeta = {
    pageUrl: page.url(),
    exportedAt: Date.now(),
    droppedByConnection: status.droppedByConnection,
    navigations: status.navigations,
  };
  return { session, meta, recordedMs };
}

/** Deep capture on for the tab, before the page loads, so its workers wait for the debugger from their start. */
async function deepCapture(browser: ExtensionBrowser, tabId: number): Promise<void> {
  const bridge = await openBridgeClient(browser);
  try {
    await bridge.client.setDeepCapture(tabId, true);
  } catch (error) {
    throw new CliError(`Could not record workers: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await bridge.close();
  }
}

async function load(page: Page, options: RecordOptions, say: (line: string) => void): Promise<void> {
  let response;
  try {
    response = await page.goto(options.url, { waitUntil: 'load', timeout: options.loadTimeoutMs });
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    if (/Timeout \d+ms exceeded/.test(message)) {
      const seconds = options.loadTimeoutMs / 1000;
      throw new CliError(`${options.url} did not finish loading within ${seconds} s (raise it with --load-timeout).`);
    }
    const reason = /net::ERR_[A-Z_]+/.exec(message)?.[0] ?? message.replace(/^page\.goto:\s*/, '').replace(/\.$/, '');
    const hint = /ERR_CONNECTION_REFUSED|ERR_NAME_NOT_RESOLVED|ERR_ADDRESS_UNREACHABLE/.test(reason)
      ? ' Is the server running, and the address right?'
      : reason.includes('ERR_UNSAFE_PORT')
        ? ' Chromium never connects to that port (it belongs to another protocol).'
        : '';
    throw new CliError(`Could not open ${options.url}: ${reason}.${hint}`);
  }
  if (response && response.status() >= 400) {
    say(`Warning: ${options.url} answered HTTP ${response.status()} ${response.statusText()}; recording anyway.`);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((done) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), done()), { once: true });
  });
}

/** Writes the log (log-file.ts): to a temporary file renamed into place, or to standard output. */
async function writeLog(
  options: RecordOptions,
  records: ReturnType<typeof sessionRecords>,
  meta: LogMeta,
): Promise<number> {
  try {
    return await writeLogFile(options.out, options.format, records, meta);
  } catch (error) {
    throw new CliError(`Could not write ${options.out}: ${(error as Error).message}`);
  }
}

function summaryLine(
  session: Session,
  { options, bytes, seconds, total }: { options: RecordOptions; bytes: number; seconds: number; total: number },
): string {
  const connections = [...session.connections.values()];
  const open = connections.filter((c) => c.state !== 'closed').length;
  const sent = connections.reduce((n, c) => n + c.sent.count, 0);
  const received = connections.reduce((n, c) => n + c.received.count, 0);
  const sockets = `${connections.length} WebSocket${connections.length === 1 ? '' : 's'}${open ? ` (${open} still open)` : ''}`;
  const where = options.out === '-' ? 'standard output' : options.out;
  const format = LOG_FORMATS[options.format].extension.slice(1).toUpperCase();
  return `Recorded ${sockets}, ${sent} frames sent and ${received} received, on ${options.url} for ${seconds.toFixed(1)} s (${total.toFixed(1)} s in all): wrote ${where} (${format}, ${kilobytes(bytes)}).`;
}

function kilobytes(bytes: number): string {
  return bytes < 1024
    ? `${bytes} B`
    : bytes < 1024 * 1024
      ? `${(bytes / 1024).toFixed(1)} kB`
      : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
