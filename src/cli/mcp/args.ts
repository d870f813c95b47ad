/**
 * `websocket-lens mcp` arguments, checked before anything starts: a wrong
 * flag is a message on stderr and exit 2, never a half-started server.
 */
import { parseArgs } from 'node:util';
import { CliError } from '../cli-error';

export const MCP_HELP = `Usage: websocket-lens mcp [options]

A Model Context Protocol server on standard input and output: tools to open
pages and to list, read, wait for, send, simulate, intercept, export and
summarise their WebSockets, as WebSocket Lens records them.

Options:
      --browser-url <url>  use a running Chromium started with
                           --remote-debugging-port and the extension loaded
                           (e.g. http://127.0.0.1:9222); the server never opens
                           a debugging port itself
      --tab <id>           only read and act on this tab (repeat for several);
                           other tabs are refused
      --headed             show the browser it launches (default: headless)
      --extension <dir>    a built extension to launch with (default: dist/,
                           built when missing or stale; LENS_DIST does the same)
  -h, --help               show this help

Without --browser-url it launches Chromium with the extension on the first
tool call. Everything but the protocol goes to standard error.`;

export interface BrowserArgs {
  browserUrl?: string;
  headed: boolean;
  extensionDir?: string;
  /** Tabs it may touch; null for any. */
  tabs: number[] | null;
}

export const BROWSER_OPTIONS = {
  'browser-url': { type: 'string' },
  tab: { type: 'string', multiple: true },
  headed: { type: 'boolean' },
  extension: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function usage(command: string, message: string): CliError {
  return new CliError(`${message}\nRun "websocket-lens ${command} --help" for the options.`, 2);
}

/** Node's own words for a bad flag, in one short sentence. */
export function parseError(command: string, error: unknown): CliError {
  const message = error instanceof Error ? error.message : String(error);
  const unknown = /^Unknown option '([^']+)'/.exec(message);
  return usage(command, unknown ? `Unknown option ${unknown[1]}.` : message);
}

export function browserArgsOf(
  command: string,
  values: { 'browser-url'?: string; tab?: string[]; headed?: boolean; extension?: string },
  env: NodeJS.ProcessEnv = process.env,
): BrowserArgs {
  const browserUrl = values['browser-url'];
  if (browserUrl !== undefined) {
    let url: URL;
    try {
      url = new URL(browserUrl);
    } catch {
      throw usage(command, `--browser-url takes a URL such as http://127.0.0.1:9222, not "${browserUrl}".`);
    }
    if (!['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol))
      throw usage(command, `--browser-url takes an http:// or ws:// URL, not "${browserUrl}".`);
    if (values.headed) throw usage(command, '--headed is for a browser it launches, not with --browser-url.');
  }
  const tabs = values.tab?.map((text) => {
    const id = Number(text);
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(id)) throw usage(command, `--tab takes a tab id, not "${text}".`);
    return id;
  });
  const extensionDir = values.extension ?? env.LENS_DIST;
  return {
    ...(browserUrl !== undefined && { browserUrl }),
    headed: values.headed ?? false,
    ...(extensionDir && !browserUrl && { extensionDir }),
    tabs: tabs ?? null,
  };
}

export type ParsedMcpArgs = { help: true } | { help: false; options: BrowserArgs };

export function parseMcpArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): ParsedMcpArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, strict: true, allowPositionals: false, options: BROWSER_OPTIONS });
  } catch (error) {
    throw parseError('mcp', error);
  }
  if (parsed.values.help) return { help: true };
  return { help: false, options: browserArgsOf('mcp', parsed.values, env) };
}
