/**
 * What the log commands (diff, replay, mock, playwright) parse alike: positionals
 * and -h/--help, parse errors as usage errors (exit 2, and where the options
 * are), and the diff's ignore options.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError } from './cli-error';
import type { DiffOptions } from '../lib/diff';

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
