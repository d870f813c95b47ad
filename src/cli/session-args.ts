/**
 * Arguments of `websocket-lens list`, `tail` and `export`: which browser
 * (launched, or the user's at --browser-url), which tab and connections, the
 * frame filter (the MCP tools' filter, as flags), and each command's own.
 * Parsed and checked before anything starts.
 */
import { parseArgs } from 'node:util';
import { LOG_FORMATS, type LogFormat } from '../lib/logs/formats';
import { compileFrameFilter, type FrameFilterInput } from './inspect/frame-query';
import { BROWSER_OPTIONS, browserArgsOf, parseError, usage, type BrowserArgs } from './mcp/args';

const COMMON = `Browser:
      --browser-url <url>  a running Chromium started with --remote-debugging-port
                           and the extension loaded (e.g. http://127.0.0.1:9222);
                           without it, Chromium is launched with the extension
                           (headless; --headed to watch) and --url is needed
      --url <page>         open this page first (in a new tab)
      --tab <id>           the tab (ids as "websocket-lens list" shows them)
      --extension <dir>    a built extension to launch with (default dist/)`;

const FILTERS = `Filters (all must pass):
      --conn <id>          only this connection (repeat for several)
      --filter <text>      text (case-insensitive) or /regex/flags; "-text"
                           negates; decoded terms such as name:chat, kind:ACK
      --regex <re>         a regular expression the payload must match
      --direction <d>      sent, received or all
      --type <t>           text, binary or all
      --name <glob>        decoded message name (event, method, topic…), * for any run
      --kind <glob>        decoded message kind (EVENT, ACK, error…)
      --protocol <name>    decoded protocol (socket.io, stomp, json-rpc…)`;

export const LIST_HELP = `Usage: websocket-lens list [options]

Lists the browser's tabs and the WebSocket connections WebSocket Lens
recorded in each: state, URL, protocol, frames and bytes each way.

${COMMON}
      --duration <s>       with --url, how long to record before listing (default 3)
      --json               print JSON instead of text
  -h, --help               show this help`;

export const TAIL_HELP = `Usage: websocket-lens tail [options]

Follows the new frames of a tab (or some of its connections) and prints each
as an NDJSON line (the NDJSON export's shape: seq, time, conn, url, dir, type,
size, data, decoded) as soon as the extension records it, until Ctrl+C or
--until. Frames recorded before it started are not printed (with --url, the
new page's frames all are). Messages go to standard error.

${COMMON}
${FILTERS}
      --until <s>          stop after this many seconds
  -h, --help               show this help

Example:
  websocket-lens tail --browser-url http://127.0.0.1:9222 --tab 7 --filter name:chat`;

export const EXPORT_HELP = `Usage: websocket-lens export [options]

Writes a tab's recorded session (or some connections, or the frames the
filters pick, with their connections' lifecycle) as a log.

${COMMON}
${FILTERS}
  -o, --out <file>         where to write ("-" for standard output); default:
                           websocket-lens-<host>-<time>.<ext> here
      --format <format>    har (default), json, ndjson or text
      --duration <s>       with --url, how long to record before exporting (default 3)
  -h, --help               show this help`;

export interface SessionTarget extends BrowserArgs {
  url?: string;
  tab?: number;
  conns: string[];
}

export interface ListOptions extends SessionTarget {
  json: boolean;
  durationMs: number;
}

export interface TailOptions extends SessionTarget {
  filter: FrameFilterInput;
  untilMs?: number;
}

export interface ExportOptions extends SessionTarget {
  filter: FrameFilterInput;
  out?: string;
  format: LogFormat;
  durationMs: number;
}

const TARGET_OPTIONS = {
  ...BROWSER_OPTIONS,
  url: { type: 'string' },
  conn: { type: 'string', multiple: true },
} as const;

const FILTER_OPTIONS = {
  filter: { type: 'string' },
  regex: { type: 'string' },
  direction: { type: 'string' },
  type: { type: 'string' },
  name: { type: 'string' },
  kind: { type: 'string' },
  protocol: { type: 'string' },
} as const;

type Values = Record<string, string | boolean | string[] | undefined>;

function parse(command: string, argv: string[], options: Record<string, { type: 'string' | 'boolean' }>) {
  try {
    const { values, positionals } = parseArgs({ args: argv, strict: true, allowPositionals: true, options });
    if (positionals.length) throw usage(command, `Unexpected argument "${positionals[0]}".`);
    return values as Values;
  } catch (error) {
    if ((error as { exitCode?: number }).exitCode === 2) throw error;
    throw parseError(command, error);
  }
}

function target(command: string, values: Values, env: NodeJS.ProcessEnv): SessionTarget {
  const browser = browserArgsOf(command, values as Parameters<typeof browserArgsOf>[1], env);
  if (browser.tabs && browser.tabs.length > 1) throw usage(command, 'Give one --tab.');
  const url = values.url as string | undefined;
  if (url !== undefined && !/^https?:\/\//i.test(url))
    throw usage(command, `--url takes an http:// or https:// page, not "${url}".`);
  if (!browser.browserUrl && url === undefined)
    throw usage(command, 'Without --browser-url a new browser has no pages: give --url, or --browser-url.');
  if (url !== undefined && browser.tabs) throw usage(command, 'Use either --url (a new tab) or --tab, not both.');
  return {
    ...browser,
    ...(url !== undefined && { url }),
    ...(browser.tabs && { tab: browser.tabs[0] }),
    conns: (values.conn as string[] | undefined) ?? [],
  };
}

function filterOf(command: string, values: Values): FrameFilterInput {
  const pick = <T extends string>(option: string, allowed: readonly T[]): T | undefined => {
    const value = values[option] as string | undefined;
    if (value !== undefined && !allowed.includes(value as T))
      throw usage(command, `--${option} takes ${allowed.join(', ')}, not "${value}".`);
    return value as T | undefined;
  };
  const decoded = {
    ...(values.name !== undefined && { name: values.name as string }),
    ...(values.kind !== undefined && { kind: values.kind as string }),
    ...(values.protocol !== undefined && { protocol: values.protocol as string }),
  };
  const filter: FrameFilterInput = {
    ...(values.filter !== undefined && { text: values.filter as string }),
    ...(values.regex !== undefined && { regex: values.regex as string }),
    ...(pick('direction', ['sent', 'received', 'all'] as const) && { direction: values.direction as 'sent' }),
    ...(pick('type', ['text', 'binary', 'all'] as const) && { type: values.type as 'text' }),
    ...(Object.keys(decoded).length && { decoded }),
  };
  const compiled = compileFrameFilter(filter);
  if (!compiled.ok) throw usage(command, `Bad filter: ${compiled.error}`);
  return filter;
}

function seconds(command: string, option: string, value: unknown, fallback?: number): number | undefined {
  if (value === undefined) return fallback === undefined ? undefined : fallback * 1000;
  const n = Number(value);
  if (typeof value !== 'string' || !value.trim() || !Number.isFinite(n) || n <= 0 || n > 24 * 3600)
    throw usage(command, `--${option} takes a number of seconds (more than 0), not "${String(value)}".`);
  return Math.round(n * 1000);
}

export function parseListArgs(
  argv: string[],
  env = process.env,
): { help: true } | { help: false; options: ListOptions } {
  const values = parse('list', argv, {
    ...TARGET_OPTIONS,
    json: { type: 'boolean' },
    duration: { type: 'string' },
  } as never);
  if (values.help) return { help: true };
  return {
    help: false,
    options: {
      ...target('list', values, env),
      json: values.json === true,
      durationMs: seconds('list', 'duration', values.duration, 3)!,
    },
  };
}

export function parseTailArgs(
  argv: string[],
  env = process.env,
): { help: true } | { help: false; options: TailOptions } {
  const values = parse('tail', argv, { ...TARGET_OPTIONS, ...FILTER_OPTIONS, until: { type: 'string' } } as never);
  if (values.help) return { help: true };
  const untilMs = seconds('tail', 'until', values.until);
  return {
    help: false,
    options: {
      ...target('tail', values, env),
      filter: filterOf('tail', values),
      ...(untilMs !== undefined && { untilMs }),
    },
  };
}

export function parseExportArgs(
  argv: string[],
  env = process.env,
): { help: true } | { help: false; options: ExportOptions } {
  const values = parse('export', argv, {
    ...TARGET_OPTIONS,
    ...FILTER_OPTIONS,
    out: { type: 'string', short: 'o' },
    format: { type: 'string' },
    duration: { type: 'string' },
  } as never);
  if (values.help) return { help: true };
  const format = (values.format as string | undefined) ?? 'har';
  if (!(format in LOG_FORMATS))
    throw usage('export', `Unknown format "${format}": use ${Object.keys(LOG_FORMATS).join(', ')}.`);
  return {
    help: false,
    options: {
      ...target('export', values, env),
      filter: filterOf('export', values),
      ...(values.out !== undefined && { out: values.out as string }),
      format: format as LogFormat,
      durationMs: seconds('export', 'duration', values.duration, 3)!,
    },
  };
}
