/** Reads a log file for the commands that take one (diff, replay, mock, playwright): any format the panel imports. */
import { readFileSync } from 'node:fs';
import { importLog } from '../lib/logs/import';
import type { SessionRecord } from '../protocol/schema';
import { CliError } from './cli-error';

/**
 * The file's records. A line log (NDJSON, text) has frames only, so its notes
 * go to standard error: what a command cannot compare or replay is then said.
 */
export function readLogFile(
  path: string,
  notes: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): SessionRecord[] {
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
  if (result.source === 'ndjson' || result.source === 'text-log')
    for (const warning of result.warnings) notes(`${path}: ${warning}`);
  return result.records;
}
