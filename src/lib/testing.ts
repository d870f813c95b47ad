/**
 * Test fixtures shared by the unit tests of lib/ and panel/: a seeded random
 * source and a connection with every field at a neutral value.
 */
import type { Connection } from './session';

/** mulberry32: a tiny seeded PRNG, so the random cases are the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A connecting socket of the top frame with nothing recorded yet, changed by `patch`. */
export function testConnection(patch: Partial<Connection> = {}): Connection {
  return {
    id: 'c',
    frameId: 0,
    frameUrl: 'https://example.test/',
    url: 'wss://example.test/',
    protocols: [],
    stack: '',
    state: 'connecting',
    createdAt: 0,
    protocol: '',
    extensions: '',
    error: false,
    sent: { count: 0, bytes: 0 },
    received: { count: 0, bytes: 0 },
    records: [],
    ...patch,
  };
}
