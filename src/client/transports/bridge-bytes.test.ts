import { describe, expect, it } from 'vitest';
import { BYTES_TAG, ENCODE_BYTES, decodeBridgeBytes } from './bridge-bytes';

/** The page's half, run here as the extension page runs it (a string evaluated there). */
const encodeBytes = (0, eval)(ENCODE_BYTES)(BYTES_TAG) as (value: unknown) => unknown;

const allBytes = Uint8Array.from({ length: 256 }, (_, i) => i);
const event = () => ({
  type: 'records',
  tabId: 3,
  records: [
    { kind: 'frame', type: 'binary', data: allBytes.slice(), size: 256 },
    { kind: 'frame', type: 'text', data: 'AAEC', size: 4 },
    { kind: 'frame', type: 'binary', data: new Uint8Array(0), size: 0 },
  ],
});

describe('bytes across the page bridge', () => {
  it('crosses JSON as base64 and arrives as the same bytes', () => {
    const json = JSON.stringify(encodeBytes(event()));
    expect(json).toContain(`{"${BYTES_TAG}":"${Buffer.from(allBytes).toString('base64')}"}`);
    const arrived = decodeBridgeBytes(JSON.parse(json)) as ReturnType<typeof event>;
    expect(arrived).toEqual(event());
    expect(arrived.records[0]!.data).toBeInstanceOf(Uint8Array);
  });

  it('leaves everything that is not bytes as it was', () => {
    const plain = { type: 'status', status: { tabId: 1, dropped: [1, 2], text: 'x', nothing: null } };
    expect(decodeBridgeBytes(JSON.parse(JSON.stringify(encodeBytes(structuredClone(plain)))))).toEqual(plain);
  });
});
