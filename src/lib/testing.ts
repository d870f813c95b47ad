/**
 * Test fixtures shared by the unit tests of lib/ and panel/: a seeded random
 * source and a connection with every field at a neutral value.
 */
import type { Connection } from './session';

export { seededRandom } from '../protocol/testing';

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
    readOnly: false,
    ...patch,
  };
}
