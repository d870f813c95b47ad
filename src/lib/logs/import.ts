/**
 * `importLog`: any log file's text → session records for a read-only
 * session, or one clear error. Reads our JSON session format, any HAR, and
 * our NDJSON and plain-text frame logs (frames only: a note says so).
 * Never throws: whatever the file holds, the caller gets a result.
 */
import { readHar } from './har-import';
import { isObject, shown } from './har-fields';
import { fail, type ImportResult } from './import-result';
import { SESSION_FORMAT, readSessionFile } from './json';
import { linesOf } from './line-log-import';
import { readNdjsonLog } from './ndjson-import';
import { parseJson } from './parse-json';
import { readTextLog } from './text-log-import';

/** What a file picker offers for a log to import: every format importLog reads. */
export const LOG_FILE_ACCEPT = '.har,.json,.ndjson,.jsonl,.txt,.log,application/json,application/x-ndjson,text/plain';

export function importLog(text: string, fileName?: string): ImportResult {
  try {
    return importText(text, fileName);
  } catch (error) {
    // Only an engine limit (an allocation failure on a huge file) or a bug of ours can land here.
    return fail(
      `Could not read ${fileName ? `"${fileName}"` : 'the file'}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** V8 strings hold at most 2^29 - 24 UTF-16 units; a file of more bytes may not fit in one. */
const MAX_TEXT_BYTES = 2 ** 29 - 24;

/** `importLog` for a picked or dropped file: reads it as text, refusing up front what cannot be a string. */
export async function importLogFile(file: Blob & { name?: string }): Promise<ImportResult> {
  const name = file.name || undefined;
  if (file.size > MAX_TEXT_BYTES) {
    const size = `${(file.size / 2 ** 20).toFixed(0)} MiB`;
    return fail(`${name ? `"${name}"` : 'The file'} is ${size}: more than a browser can read as text (512 MiB).`);
  }
  let text: string;
  try {
    text = await file.text();
  } catch (error) {
    return fail(
      `Could not read ${name ? `"${name}"` : 'the file'}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return importLog(text, name);
}

function importText(input: string, fileName: string | undefined): ImportResult {
  const subject = fileName ? `"${fileName}"` : 'The file';
  if (typeof input !== 'string') return fail('Nothing to import: expected the text of a file.');
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const start = text.search(/\S/);
  if (start === -1) return fail(`${subject} is empty.`);
  if (text.startsWith('# ', start)) return readTextLog(text, subject);
  const notJson = notJsonHint(text, start, subject);
  if (notJson) return fail(notJson);

  const parsed = parseJson(text);
  if (!parsed.ok) return isLineLog(text, start) ? readNdjsonLog(text, subject) : fail(parsed.error);
  const value = parsed.value;
  // A one-frame NDJSON log is a single JSON object.
  if (isFrameLine(value)) return readNdjsonLog(text, subject);
  if (Array.isArray(value))
    return fail('Not a HAR or a WebSocket Lens session: the file holds a JSON array, not an object.');
  if (!isObject(value)) return fail(`Not a HAR or a WebSocket Lens session: the file holds just ${shown(value)}.`);
  if ('format' in value) {
    if (value.format === SESSION_FORMAT) return readSessionFile(value);
    if (!('log' in value))
      return fail(`Unknown format ${shown(value.format)}: expected "${SESSION_FORMAT}" or a HAR file.`);
  }
  if ('log' in value) return readHar(value);
  const keys = Object.keys(value)
    .slice(0, 6)
    .map((k) => JSON.stringify(k))
    .join(', ');
  return fail(
    `Not a HAR or a WebSocket Lens session: expected {"log": …} (HAR) or {"format": "${SESSION_FORMAT}", …}; this object has ${keys || 'no keys'}.`,
  );
}

/** Files that cannot be JSON at all, recognised by their first bytes. */
function notJsonHint(text: string, start: number, subject: string): string | undefined {
  if (text.startsWith('\x1f\x8b')) return `${subject} is gzip-compressed: decompress it first (gunzip).`;
  if (text.startsWith('PK\x03\x04')) return `${subject} is a ZIP archive: extract the .har or .json file first.`;
  const first = text[start];
  if (first === '{' || first === '[') return undefined;
  return `Not a HAR or a WebSocket Lens session: the file does not start with "{" but with ${shown(text.slice(start, start + 20))}${text.length > start + 20 ? '…' : ''}.`;
}

/**
 * Our NDJSON frame log fails JSON.parse after its first line: it is one when
 * one of its first lines is a frame (the first may be the damaged one).
 */
function isLineLog(text: string, start: number): boolean {
  for (const [line, number] of linesOf(text, start)) {
    if (number > 3 || line.length > 8_000_000) return false;
    const parsed = parseJson(line);
    if (parsed.ok && isFrameLine(parsed.value)) return true;
  }
  return false;
}

function isFrameLine(value: unknown): boolean {
  return isObject(value) && 'dir' in value && 'data' in value && 'conn' in value && !('log' in value);
}
