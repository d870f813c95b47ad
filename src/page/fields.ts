/**
 * Long fields of lifecycle records, cut at the limits of protocol/limits.ts
 * with their true length kept beside them: a 100 KB socket URL, a page URL
 * with a long fragment or a deep stack must not make the background refuse
 * the record, and with it the whole socket.
 */
import { MAX_PROTOCOL_CHARS, MAX_PROTOCOLS } from '../protocol/limits';
import { call, natives, ownArray, setOwn } from './natives';

/** Sets `key` on `record` to `text` cut at `max` characters, and `lengthKey` to the true length if it was cut. */
export function putCut(record: object, key: string, lengthKey: string, text: string, max: number): void {
  if (text.length <= max) return setOwn(record, key, text);
  setOwn(record, key, call(natives.stringSlice, text, 0, max));
  setOwn(record, lengthKey, text.length);
}

/** The protocols as the schema accepts them: a page may ask for more, and longer ones, than we keep. */
export function putProtocols(record: object, protocols: string[]): void {
  const kept = ownArray<string>();
  for (let i = 0; i < protocols.length && i < MAX_PROTOCOLS; i++)
    kept[i] = call(natives.stringSlice, protocols[i]!, 0, MAX_PROTOCOL_CHARS);
  setOwn(record, 'protocols', kept);
  if (protocols.length > MAX_PROTOCOLS) setOwn(record, 'protocolCount', protocols.length);
}
