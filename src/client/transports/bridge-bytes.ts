/**
 * Bytes across the page bridge. CDP's Runtime.evaluate and BiDi's script
 * evaluation carry JSON only, so the extension page swaps every Uint8Array in
 * an event for `{[BYTES_TAG]: base64}` and Node swaps it back: the client gets
 * the same types over the bridge as over an extension port. Only here does a
 * served payload become base64.
 */
import { base64ToBytes } from '../../protocol/base64';

export const BYTES_TAG = '__wslBytes';

/**
 * Runs in the extension page (a string for the reason page-bridge.ts gives):
 * replaces bytes in place, in an event that came off a port and is ours.
 * Chrome 140+ and Firefox 133+ have Uint8Array.prototype.toBase64.
 */
export const ENCODE_BYTES = `(tag) => {
  const base64 = (bytes) =>
    bytes.toBase64 ? bytes.toBase64() : btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join(''));
  const encode = (value) => {
    if (value instanceof Uint8Array) return { [tag]: base64(value) };
    if (typeof value === 'object' && value !== null) for (const key in value) value[key] = encode(value[key]);
    return value;
  };
  return encode;
}`;

/** Node's side: the tagged base64 back to bytes, in place (the value was parsed from JSON and is ours). */
export function decodeBridgeBytes(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const tagged = (value as Record<string, unknown>)[BYTES_TAG];
  if (typeof tagged === 'string' && Object.keys(value).length === 1) return base64ToBytes(tagged);
  const container = value as Record<string, unknown>;
  for (const key in container) container[key] = decodeBridgeBytes(container[key]);
  return value;
}
