/**
 * The hook's records as they go on to the background: binary payloads as
 * base64. The batch comes from the page's world, so it is checked for shape only
 * loosely here; the background validates every record for real.
 */
import { bytesToBase64 } from '../lib/base64';
import type { WireRecord } from '../protocol/schema';

export function toWireRecords(batch: unknown): WireRecord[] {
  if (!Array.isArray(batch)) return [];
  const records: WireRecord[] = [];
  for (const record of batch as unknown[]) {
    if (typeof record !== 'object' || record === null) continue;
    const data = (record as { data?: unknown }).data;
    if (data instanceof ArrayBuffer) {
      records.push({ ...(record as object), data: bytesToBase64(new Uint8Array(data)) } as WireRecord);
    } else {
      records.push(record as WireRecord);
    }
  }
  return records;
}
