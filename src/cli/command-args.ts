/**
 * What the log commands (diff, replay, mock, playwright) parse alike: positionals
 * and -h/--help, parse errors as usage errors (exit 2, and where the options
 * are), and the diff's ignore options.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError } from './cli-error';
import type { DiffOptions } from '../lib/diff';
import { compileIgnore } from '../lib/diff/ignore';
import type { MatchMode } from '../lib/mock/script';

export function usageError(command: string, message: string): CliError {
  return new CliError(`${message}\nRun "websocket-lens ${command} --help" for the options.`, 2);
}

type Options = NonNullable<ParseArgsConfig['options']>;
const HELP = { help: { type: 'boolean', short: 'h' } } as const;

export function parseCommandArgs<O extends Options>(command: string, argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, options: { ...options, ...HELP } });
  } catch (error) {
    throw usageError(command, (error as Error).message);
  }
}

/** The diff's rules for what not to compare, as diff and replay take them. */
export const IGNORE_OPTIONS = {
  'ignore-path': { type: 'string', multiple: true },
  'ignore-regex': { type: 'string', multiple: true },
  'ignore-volatile': { type: 'boolean' },
} as const;

export function ignoreOptionsOf(values: {
  'ignore-path'?: string[] | undefined;
  'ignore-regex'?: string[] | undefined;
  'ignore-volatile'?: boolean | undefined;
}): DiffOptions {
  return {
    paths: values['ignore-path'] ?? [],
    regexes: values['ignore-regex'] ?? [],
    volatile: values['ignore-volatile'] ?? false,
  };
}

/** How a live client frame matches a recorded one, as mock and playwright take it. */
export const MATCH_OPTIONS = {
  match: { type: 'string' },
  'ignore-path': { type: 'string', multiple: true },
} as const;

export const MATCH_HELP = `      --match <modes>       how a client frame matches the recorded one:
                            exact, json, decoded, comma separated
                            (default: all three)
      --ignore-path <path>  a JSON path the json match ignores (repeatable)`;

/** The --match modes and --ignore-path paths, or a usage error for a bad mode or path. */
export function matchOptionsOf(
  command: string,
  values: { match?: string | undefined; 'ignore-path'?: string[] | undefined },
): { modes?: MatchMode[]; ignorePaths: string[] } {
  const modes = values.match?.split(',').map((m) => m.trim()) as MatchMode[] | undefined;
  if (modes?.some((m) => !['exact', 'json', 'decoded'].includes(m)))
    throw usageError(command, `--match takes exact, json and/or decoded, not "${values.match}".`);
  const ignorePaths = values['ignore-path'] ?? [];
  try {
    compileIgnore({ paths: ignorePaths });
  } catch (error) {
    throw usageError(command, `--ignore-path: ${(error as Error).message}`);
  }
  return { ...(modes && { modes }), ignorePaths };
}
