/**
 * `importLog`: any log file's text → session records for a read-only
 * session, or one clear error. Reads our JSON session format and any HAR.
 * Never throws: whatever the file holds, the caller gets a result.
 */
import { readHar } from './har-import';
import { isObject, shown } from './har-fields';
import { fail, type ImportResult } from './import-result';
import { SESSION_FORMAT, readSessionFile } from './json';
import { parseJson } from './parse-json';

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
  const notJson = notJsonHint(text, start, subject);
  if (notJson) return fail(notJson);

  const parsed = parseJson(text);
  if (!parsed.ok) return fail(lineLogHint(text) ?? parsed.error);
  const value = parsed.value;
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
  if (text.startsWith('# ', start)) return textLogHint;
  return `Not a HAR or a WebSocket Lens session: the file does not start with "{" but with ${shown(text.slice(start, start + 20))}${text.length > start + 20 ? '…' : ''}.`;
}

const textLogHint =
  'This is a plain-text frame log: it is for reading, grep and diff, and does not keep enough to import. Import a .har or a WebSocket Lens .json session.';

/** Our NDJSON frame log fails JSON.parse after its first line; say what it is instead. */
function lineLogHint(text: string): string | undefined {
  const firstLine = text.slice(0, Math.min(text.indexOf('\n') >>> 0, 1_100_000)).trim();
  if (!firstLine.startsWith('{') || firstLine.length === text.trim().length) return undefined;
  const line = parseJson(firstLine);
  if (!line.ok || !isObject(line.value) || !('dir' in line.value) || !('data' in line.value)) return undefined;
  return 'This is an NDJSON frame log (one frame per line): it is for grep and diff, and does not keep enough to import. Import a .har or a WebSocket Lens .json session.';
}
