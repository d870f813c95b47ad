/**
 * The hook's records as they go on to the background: binary payloads as
 * base64. The batch comes from the page's world, so it is checked for shape only
 * loosely here; the background validates every record for real.
 *
 * The batch was cloned into the page's realm (the channel's ports belong to the
 * page), so `instanceof ArrayBuffer` with our own realm's constructor is false in
 * Firefox, where a content script sees page objects through wrappers: the brand
 * check below holds in every realm.
 */
import { bytesToBase64 } from '../lib/base64';
import type { WireRecord } from '../protocol/schema';

const brandOf = (value: unknown) => Object.prototype.toString.call(value);

export function toWireRecords(batch: unknown): WireRecord[] {
  if (!Array.isArray(batch)) return [];
  const records: WireRecord[] = [];
  for (const record of batch as unknown[]) {
    if (typeof record !== 'object' || record === null) continue;
    const data = (record as { data?: unknown }).data;
    if (brandOf(data) === '[object ArrayBuffer]') {
      records.push({ ...(record as object), data: bytesToBase64(new Uint8Array(data as ArrayBuffer)) } as WireRecord);
    } else {
      records.push(record as WireRecord);
    }
  }
  return records;
}
