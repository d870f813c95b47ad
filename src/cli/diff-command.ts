/**
 * `websocket-lens diff <a> <b>`: two logs (HAR, WebSocket Lens JSON, NDJSON or text)
 * compared connection by connection and frame by frame (src/lib/diff).
 * Exit status 0 same, 1 different, 2 usage error.
 */
import { diffSessions, formatDiffJson, formatDiffText, type DiffOptions } from '../lib/diff';
import { CliError } from './cli-error';
import { IGNORE_OPTIONS, ignoreOptionsOf, parseCommandArgs, usageError } from './command-args';
import { readLogFile } from './read-log';

export const DIFF_HELP = `Usage: websocket-lens diff <a> <b> [options]

Compares two logs (HAR, WebSocket Lens JSON, NDJSON or text, as the panel
imports them; line logs hold frames only, so closes are compared only
where both logs recorded them):
connections are paired by URL, frames aligned by order and by the name a
protocol decoder gives them; JSON payloads are compared field by field.
Timing is not compared.

Options:
      --json                  print the diff as JSON
      --ignore-path <path>    a JSON path whose value is not compared, e.g.
                              '$.ts', '$..id', '$.items[*].at' (repeatable)
      --ignore-regex <re>     text matching this regex is not compared, in
                              payloads, JSON string values and URLs (repeatable)
      --ignore-volatile       ignore ISO times, epoch milliseconds and UUIDs
  -h, --help                  show this help

Exit status: 0 the logs are the same, 1 they differ, 2 wrong command or unreadable log.`;

export interface DiffArgs {
  a: string;
  b: string;
  json: boolean;
  options: DiffOptions;
}

export function parseDiffArgs(argv: string[]): DiffArgs | 'help' {
  const { values, positionals } = parseCommandArgs('diff', argv, { json: { type: 'boolean' }, ...IGNORE_OPTIONS });
  if (values.help) return 'help';
  if (positionals.length !== 2) throw usage(`Give two logs to compare, not ${positionals.length}.`);
  return {
    a: positionals[0]!,
    b: positionals[1]!,
    json: values.json ?? false,
    options: ignoreOptionsOf(values),
  };
}

const usage = (message: string) => usageError('diff', message);

export async function diffCommand(argv: string[]): Promise<number> {
  try {
    const args = parseDiffArgs(argv);
    if (args === 'help') {
      process.stdout.write(`${DIFF_HELP}\n`);
      return 0;
    }
    const a = readLogFile(args.a);
    const b = readLogFile(args.b);
    let diff;
    try {
      diff = diffSessions(a, b, args.options);
    } catch (error) {
      throw usage((error as Error).message);
    }
    process.stdout.write(`${args.json ? formatDiffJson(diff) : formatDiffText(diff)}\n`);
    return diff.same ? 0 : 1;
  } catch (error) {
    process.stderr.write(`websocket-lens diff: ${error instanceof Error ? error.message : String(error)}\n`);
    return error instanceof CliError ? error.exitCode : 2;
  }
}
