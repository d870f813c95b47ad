/**
 * Writing a session log to a file (or standard output) the way every command
 * does: streamed chunk by chunk to a temporary file beside the target, then
 * renamed, so nobody ever sees half a log. Used by `record`, `export` and the
 * MCP server's export tool.
 */
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { once } from 'node:events';
import { logChunks, type LogFormat } from '../lib/logs/formats';
import type { LogMeta } from '../lib/logs/records';
import type { SessionRecord } from '../protocol/schema';

/** Writes the log to `out` ('-': standard output); resolves with the bytes written. Throws with the system's reason. */
export async function writeLogFile(
  out: string,
  format: LogFormat,
  records: readonly SessionRecord[],
  meta: LogMeta,
): Promise<number> {
  const toStdout = out === '-';
  const path = toStdout ? '' : resolve(out);
  const temporary = toStdout ? '' : join(dirname(path), `.${basename(path)}.${process.pid}.partial`);
  const stream = toStdout ? process.stdout : createWriteStream(temporary);
  let bytes = 0;
  try {
    // A folder that does not exist fails here, before any work (once() rejects on 'error').
    if (!toStdout) await once(stream, 'open');
    for (const chunk of logChunks(format, records, meta)) {
      bytes += Buffer.byteLength(chunk);
      if (!stream.write(chunk)) await once(stream, 'drain');
    }
    if (!toStdout) {
      stream.end();
      await once(stream, 'finish');
      renameSync(temporary, path);
    }
  } catch (error) {
    if (!toStdout) {
      stream.destroy();
      rmSync(temporary, { force: true });
    }
    throw error;
  }
  return bytes;
}
