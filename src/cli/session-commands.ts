/**
 * `websocket-lens list`, `tail` and `export`: the MCP server's reads from a
 * shell, against a launched Chromium (with --url) or the user's (with
 * --browser-url). Sessions come only through the session client; `tail`
 * follows a subscription (snapshot, then live, resumed after a worker
 * restart) and prints each new frame as an NDJSON line the moment it arrives.
 */
import { once } from 'node:events';
import type { SessionRecord } from '../protocol/schema';
import { logFileName } from '../lib/logs/formats';
import { frameLine } from '../lib/logs/ndjson';
import { connectionRecords, recordsWithLifecycle, sessionRecords } from '../lib/logs/select';
import { CliError } from './cli-error';
import { openLensBrowser, type LensBrowser } from './lens-browser';
import { writeLogFile } from './log-file';
import { TabAccess } from './tab-access';
import { ToolError } from './mcp/results';
import { connectionView } from './inspect/connections';
import { compileFrameFilter, DecodedRecords, type Frame, type FrameFilter } from './inspect/frame-query';
import {
  EXPORT_HELP,
  LIST_HELP,
  TAIL_HELP,
  parseExportArgs,
  parseListArgs,
  parseTailArgs,
  type SessionTarget,
} from './session-args';

const say = (command: string) => (line: string) => process.stderr.write(`websocket-lens ${command}: ${line}\n`);

/** Parses, runs, and turns every failure into a message on stderr and an exit code. */
async function runCommand<O>(
  command: string,
  argv: string[],
  parse: (argv: string[]) => { help: true } | { help: false; options: O },
  help: string,
  body: (options: O) => Promise<number>,
): Promise<number> {
  try {
    const parsed = parse(argv);
    if (parsed.help) {
      process.stdout.write(`${help}\n`);
      return 0;
    }
    return await body(parsed.options);
  } catch (error) {
    say(command)(error instanceof Error ? error.message : String(error));
    return error instanceof CliError ? error.exitCode : 1;
  }
}

/** The browser, the tab access for it, and the tab the command is about (opening --url first when given). */
async function open(command: string, options: SessionTarget) {
  const lens = await openLensBrowser({ ...options, say: say(command) });
  const access = new TabAccess(async () => lens, options.tabs);
  let opened: number | undefined;
  try {
    if (options.url) {
      opened = (await lens.open(options.url)).tabId;
      access.opened(opened);
    }
  } catch (error) {
    await lens.close();
    throw error;
  }
  return { lens, access, opened };
}

/** The tab meant: --tab, the page opened with --url, else the one tab holding --conn, else the only tab with sockets. */
async function chosenTab(lens: LensBrowser, access: TabAccess, options: SessionTarget): Promise<number> {
  if (options.tab !== undefined || options.url) return asCliError(() => access.tab(options.tab));
  const sessions = (await lens.client.tabs()).filter((t) => t.connections > 0);
  if (options.conns.length) {
    for (const summary of sessions) {
      const tab = await access.load(summary.tabId);
      if (tab.session.connections.has(options.conns[0]!)) return summary.tabId;
    }
    throw new CliError(`No tab has a connection "${options.conns[0]}": "websocket-lens list" lists them.`);
  }
  if (sessions.length === 1) return sessions[0]!.tabId;
  throw new CliError(
    sessions.length
      ? `${sessions.length} tabs have WebSockets (${sessions.map((s) => s.tabId).join(', ')}): choose one with --tab.`
      : 'No tab has WebSockets yet: give --tab, or --url to open a page.',
  );
}

function asCliError<T>(body: () => T): T {
  try {
    return body();
  } catch (error) {
    if (error instanceof ToolError) throw new CliError(error.message);
    throw error;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---- list ----------------------------------------------------------------------

export function listCommand(argv: string[]): Promise<number> {
  return runCommand('list', argv, parseListArgs, LIST_HELP, async (options) => {
    const { lens, access, opened } = await open('list', options);
    try {
      if (opened !== undefined) await sleep(options.durationMs);
      const [tabs, sessions] = await Promise.all([lens.tabs(), lens.client.tabs()]);
      const counts = new Map(sessions.map((s) => [s.tabId, s]));
      const listed = [];
      for (const tab of tabs) {
        if (!access.may(tab.tabId) || (options.tab !== undefined && tab.tabId !== options.tab)) continue;
        const loaded = (counts.get(tab.tabId)?.connections ?? 0) > 0 ? await access.load(tab.tabId) : undefined;
        const connections = loaded
          ? [...loaded.session.connections.values()].map((c) => connectionView(c, loaded.decoded))
          : [];
        listed.push({ ...tab, connections });
      }
      if (options.json) process.stdout.write(`${JSON.stringify({ tabs: listed }, null, 2)}\n`);
      else process.stdout.write(listText(listed));
      return 0;
    } finally {
      await lens.close();
    }
  });
}

function listText(
  tabs: { tabId: number; url: string; title: string; connections: ReturnType<typeof connectionView>[] }[],
) {
  if (!tabs.length) return 'No tabs.\n';
  return tabs
    .map((tab) => {
      const head = `tab ${tab.tabId}  ${tab.url}${tab.title ? `  "${tab.title}"` : ''}  ${tab.connections.length} WebSocket${tab.connections.length === 1 ? '' : 's'}`;
      const lines = tab.connections.map((c) => {
        const close = c.close ? ` ${c.close.code}` : '';
        const protocol = c.decodedProtocol ?? c.subprotocol;
        return `  ${c.conn}  ${c.state}${close}  ${c.url}${protocol ? `  ${protocol}` : ''}  sent ${c.sent.frames} (${c.sent.bytes} B)  received ${c.received.frames} (${c.received.bytes} B)`;
      });
      return [head, ...lines].join('\n');
    })
    .join('\n')
    .concat('\n');
}

// ---- tail ----------------------------------------------------------------------

export function tailCommand(argv: string[]): Promise<number> {
  return runCommand('tail', argv, parseTailArgs, TAIL_HELP, async (options) => {
    const compiled = compileFrameFilter(options.filter);
    if (!compiled.ok) throw new CliError(compiled.error, 2);
    const { lens, access, opened } = await open('tail', options);
    const stop = new AbortController();
    const onSignal = () => stop.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    try {
      const tabId = await chosenTab(lens, access, options);
      if (options.conns.length) {
        const tab = await access.load(tabId);
        for (const conn of options.conns) asCliError(() => access.connection(tab, conn));
      }
      const timer = options.untilMs === undefined ? undefined : setTimeout(onSignal, options.untilMs);
      say('tail')(
        `following tab ${tabId}${options.conns.length ? ` (${options.conns.join(', ')})` : ''}: ${options.untilMs === undefined ? 'Ctrl+C' : `${options.untilMs / 1000} s or Ctrl+C`} to stop`,
      );
      await follow(lens, tabId, {
        conns: options.conns,
        filter: compiled.filter,
        // A page opened here is new: all of its frames are.
        fromStart: opened !== undefined,
        signal: stop.signal,
      });
      clearTimeout(timer);
      return 0;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      await lens.close();
    }
  });
}

/** Prints frames of the subscription that pass, as NDJSON lines, until `signal`. */
async function follow(
  lens: LensBrowser,
  tabId: number,
  options: { conns: string[]; filter: FrameFilter; fromStart: boolean; signal: AbortSignal },
): Promise<void> {
  const conns = options.conns.length ? new Set(options.conns) : null;
  let decoded = new DecodedRecords([]);
  const urls = new Map<string, string>();
  /** Until the first status the subscription delivers the stored snapshot: old frames, not printed. */
  let live = options.fromStart;
  /** The last seq passed over (printed, or old) in `epoch`: a reset of the same epoch resends what we had. */
  let epoch: string | undefined;
  let passed = -1;
  let writing: Promise<unknown> = Promise.resolve();
  const print = (frame: Frame) => {
    const line = `${JSON.stringify(frameLine(frame, urls.get(frame.conn) ?? '', decoded.fields(frame)))}\n`;
    if (!process.stdout.write(line)) writing = once(process.stdout, 'drain');
  };
  const failed = new Promise<never>((_, reject) => {
    const subscription = lens.client.subscribe(tabId, {
      reset(next) {
        decoded = new DecodedRecords([]);
        if (next !== epoch) passed = -1;
        epoch = next;
      },
      records(records: SessionRecord[]) {
        decoded.extend(records);
        for (const record of records) {
          if (record.kind === 'create') urls.set(record.conn, record.url);
          if (record.seq <= passed) continue;
          passed = record.seq;
          if (!live || record.kind !== 'frame') continue;
          if (conns && !conns.has(record.conn)) continue;
          if (options.filter.test(record, decoded.messages)) print(record);
        }
      },
      status() {
        live = true;
      },
      error(error) {
        if (error.code === 'undeliverable') return; // the client asks again from its last record
        reject(new CliError(`The extension stopped sending the session: ${error.code}: ${error.message}`));
      },
    });
    options.signal.addEventListener('abort', () => subscription.close(), { once: true });
  });
  const stopped = new Promise<void>((resolve) =>
    options.signal.addEventListener('abort', () => resolve(), { once: true }),
  );
  await Promise.race([stopped, failed]);
  await writing;
}

// ---- export --------------------------------------------------------------------

export function exportCommand(argv: string[]): Promise<number> {
  return runCommand('export', argv, parseExportArgs, EXPORT_HELP, async (options) => {
    const compiled = compileFrameFilter(options.filter);
    if (!compiled.ok) throw new CliError(compiled.error, 2);
    const hasFilter = Object.keys(options.filter).length > 0;
    const { lens, access, opened } = await open('export', options);
    try {
      if (opened !== undefined) await sleep(options.durationMs);
      const tabId = await chosenTab(lens, access, options);
      const tab = await access.load(tabId);
      for (const conn of options.conns) asCliError(() => access.connection(tab, conn));
      let records = options.conns.length ? connectionRecords(tab.session, options.conns) : sessionRecords(tab.session);
      if (hasFilter)
        records = recordsWithLifecycle(
          tab.session,
          records.filter((r) => r.kind === 'frame' && compiled.filter.test(r, tab.decoded.messages)),
        );
      const pageUrl = (await lens.tabs()).find((t) => t.tabId === tabId)?.url;
      const meta = { pageUrl, exportedAt: Date.now() };
      const out = options.out ?? logFileName(options.format, meta);
      let bytes: number;
      try {
        bytes = await writeLogFile(out, options.format, records, meta);
      } catch (error) {
        throw new CliError(`Could not write ${out}: ${(error as Error).message}`);
      }
      const frames = records.filter((r) => r.kind === 'frame').length;
      const connections = new Set(records.map((r) => r.conn)).size;
      say('export')(
        `wrote ${out === '-' ? 'standard output' : out} (${options.format}, ${bytes} B): ${connections} connection(s), ${frames} frame(s) of tab ${tabId}.`,
      );
      return 0;
    } finally {
      await lens.close();
    }
  });
}
