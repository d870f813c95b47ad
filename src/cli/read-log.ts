/** Reads a log file for the commands that take one (diff, replay, mock): any format the panel imports. */
import { readFileSync } from 'node:fs';
import { importLog } from '../lib/logs/import';
import type { SessionRecord } from '../protocol/schema';
import { CliError } from './cli-error';

export function readLogFile(path: string): SessionRecord[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(
      code === 'ENOENT' ? `${path}: no such file.` : `Could not read ${path}: ${(error as Error).message}`,
      2,
    );
  }
  const result = importLog(text, path);
  if (!result.ok) throw new CliError(result.error, 2);
  return result.records;
}
