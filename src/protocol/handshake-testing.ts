/** A valid handshake with every field at a plain value, changed by `patch` (for unit tests). */
import type { Handshake } from './handshake';

export function testHandshake(patch: Partial<Handshake> = {}): Handshake {
  return {
    t: 1700000000000,
    url: 'wss://example.test/feed/1',
    method: 'GET',
    requestHeaders: [
      { name: 'Origin', value: 'https://example.test' },
      { name: 'Cookie', value: 'sess=abc' },
    ],
    status: 101,
    statusLine: 'HTTP/1.1 101 Switching Protocols',
    responseHeaders: [
      { name: 'Upgrade', value: 'websocket' },
      { name: 'Sec-WebSocket-Protocol', value: 'chat' },
    ],
    error: '',
    sentAt: 1700000000001,
    respondedAt: 1700000000010,
    endedAt: 1700000000011,
    context: 'unknown',
    ...patch,
  };
}
