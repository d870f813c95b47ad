/**
 * `websocket-lens record` arguments: parsed and checked before anything is
 * launched, so a typo costs no browser start.
 */
import { parseArgs } from 'node:util';
import { LOG_FORMATS, logFileName, type LogFormat } from '../lib/logs/formats';
import { CliError } from './cli-error';
import { Redactor } from '../lib/redact/redact';

export const RECORD_HELP = `Usage: websocket-lens record <url> [options]
       npm run record -- <url> [options]

Opens <url> in headless Chromium with WebSocket Lens loaded, records every
WebSocket of the page and its iframes from the page's first script on, and
writes the log.

Options:
  -o, --out <file>        where to write the log ("-" for standard output);
                          default: websocket-lens-<host>-<time>.<ext> here
      --json              write a WebSocket Lens session (.json: keeps everything
                          captured) instead of a HAR; same as --format json
      --format <format>   har (default: opens in Chrome DevTools and HAR tools),
                          json, ndjson (one frame per line) or text
      --duration <s>      record this many seconds after the page has loaded
                          (default 5)
      --until-idle        stop once every socket has closed and nothing happened
                          for --idle seconds, or after --max-duration
      --idle <s>          quiet time for --until-idle (default 1)
      --max-duration <s>  cap for --until-idle (default 60)
      --load-timeout <s>  how long the page may take to load (default 30)
      --redact            mask secrets before writing (Cookie, Set-Cookie and
                          Authorization headers, token-like URL parameters,
                          JWTs, JSON fields named like secrets, e-mails),
                          keeping sizes; the file says what was masked
      --redact-regex <re> also mask matches of this regex (repeatable; implies
                          --redact; a group masks only the group)
      --redact-path <p>   also mask this JSON path in payloads, e.g.
                          '$.user.ssn' (repeatable; implies --redact)
      --workers           deep capture: also record the sockets of the page's
                          dedicated, shared and service workers (Chrome's
                          debugger; worker sockets are named by their worker)
      --extension <dir>   a built extension to load (default: dist/ of this
                          checkout, built first if missing or older than the
                          sources; the LENS_DIST variable does the same)
  -h, --help              show this help

Prints a one-line summary on standard error. Exit status: 0 when the log was
written, 1 when the page or the browser failed, 2 for a wrong command.
Chromium is looked for in the usual places; set CHROMIUM_PATH to use another.
Ctrl+C stops recording early and still writes the log.

Examples:
  npm run record -- http://localhost:3000/ --out app.har --until-idle
  websocket-lens record https://example.com/ --json --duration 10 -o example.json`;

export type StopRule = { kind: 'duration'; ms: number } | { kind: 'idle'; idleMs: number; maxMs: number };

export interface RecordOptions {
  url: string;
  /** A file path, or '-' for standard output. */
  out: string;
  format: LogFormat;
  stop: StopRule;
  loadTimeoutMs: number;
  extensionDir?: string;
  /** Mask secrets before writing (src/lib/redact): the default rules plus these. */
  redact?: { regexes: string[]; paths: string[] };
  /** Deep capture on for the tab before the page loads. */
  workers?: boolean;
}

export type ParsedRecordArgs = { help: true } | { help: false; options: RecordOptions };

export function parseRecordArgs(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  now = Date.now(),
): ParsedRecordArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        out: { type: 'string', short: 'o' },
        json: { type: 'boolean' },
        format: { type: 'string' },
        duration: { type: 'string' },
        'until-idle': { type: 'boolean' },
        idle: { type: 'string' },
        'max-duration': { type: 'string' },
        'load-timeout': { type: 'string' },
        extension: { type: 'string' },
        redact: { type: 'boolean' },
        'redact-regex': { type: 'string', multiple: true },
        'redact-path': { type: 'string', multiple: true },
        workers: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // Node's text goes on about positionals starting with '-': one short sentence says it.
    const unknown = /^Unknown option '([^']+)'/.exec(message);
    throw usage(unknown ? `Unknown option ${unknown[1]}.` : message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { help: true };
  if (positionals.length === 0) throw usage('Give the URL of the page to record.');
  if (positionals.length > 1) throw usage(`Give one URL, not ${positionals.length}: ${positionals.join(' ')}`);
  const url = checkUrl(positionals[0]!);
  const format = checkFormat(values.format, values.json);
  if (values.duration !== undefined && values['until-idle'])
    throw usage('Use either --duration or --until-idle, not both.');
  if (!values['until-idle'] && (values.idle !== undefined || values['max-duration'] !== undefined))
    throw usage('--idle and --max-duration go with --until-idle.');
  const stop: StopRule = values['until-idle']
    ? {
        kind: 'idle',
        idleMs: seconds('--idle', values.idle, 1),
        maxMs: seconds('--max-duration', values['max-duration'], 60),
      }
    : { kind: 'duration', ms: seconds('--duration', values.duration, 5) };
  const extensionDir = values.extension ?? env.LENS_DIST;
  const redact = checkRedact(values.redact, values['redact-regex'] ?? [], values['redact-path'] ?? []);
  return {
    help: false,
    options: {
      url,
      format,
      stop,
      out: values.out ?? logFileName(format, { pageUrl: url, exportedAt: now }),
      loadTimeoutMs: seconds('--load-timeout', values['load-timeout'], 30),
      ...(extensionDir ? { extensionDir } : {}),
      ...(redact && { redact }),
      ...(values.workers ? { workers: true } : {}),
    },
  };
}

/** The redaction rules, checked now so a bad regex costs no browser start. */
function checkRedact(on: boolean | undefined, regexes: string[], paths: string[]): RecordOptions['redact'] {
  if (!on && !regexes.length && !paths.length) return undefined;
  try {
    new Redactor({ regexes, paths });
  } catch (error) {
    throw usage(`--redact: ${(error as Error).message}`);
  }
  return { regexes, paths };
}

function usage(message: string): CliError {
  return new CliError(`${message}\nRun "websocket-lens record --help" for the options.`, 2);
}

/** http(s) pages only: the extension is not allowed on file:// pages, and a ws:// URL is not a page. */
function checkUrl(text: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    throw usage(`"${text}" is not a URL. Give the scheme too, e.g. http://${text.replace(/^\/+/, '')}`);
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw usage(`"${text}" is not a valid URL.`);
  }
  if (url.protocol === 'ws:' || url.protocol === 'wss:')
    throw usage(`${text} is a WebSocket URL: give the URL of the page that opens the socket.`);
  if (url.protocol === 'file:')
    throw usage(
      'file:// pages cannot be recorded (extensions may not run there by default): serve the folder over http.',
    );
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw usage(`Only http:// and https:// pages can be recorded, not ${url.protocol}`);
  return url.href;
}

function checkFormat(format: string | undefined, json: boolean | undefined): LogFormat {
  if (json && format !== undefined && format !== 'json') throw usage(`--json and --format ${format} disagree.`);
  const chosen = json ? 'json' : (format ?? 'har');
  if (!(chosen in LOG_FORMATS)) throw usage(`Unknown format "${chosen}": use ${Object.keys(LOG_FORMATS).join(', ')}.`);
  return chosen as LogFormat;
}

function seconds(option: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback * 1000;
  const n = Number(value);
  if (!value.trim() || !Number.isFinite(n) || n <= 0 || n > 24 * 3600)
    throw usage(`${option} takes a number of seconds (more than 0), not "${value}".`);
  return Math.round(n * 1000);
}
