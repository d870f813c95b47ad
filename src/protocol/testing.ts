/**
 * Test fixtures for the protocol's unit tests: one valid wire record of every
 * kind (and both frame types), and a helper to drop a field.
 */
export const valid = {
  create: {
    kind: 'create',
    sid: 1,
    t: 1700000000000.25,
    url: 'wss://example.test/feed?x=1',
    protocols: ['chat', 'v2'],
    stack: 'at connect (https://example.test/app.js:10:5)',
    frameUrl: 'https://example.test/',
  },
  open: { kind: 'open', sid: 1, t: 12.5, protocol: 'chat', extensions: 'permessage-deflate' },
  text: { kind: 'frame', sid: 1, t: 13, dir: 'sent', size: 5, truncated: false, type: 'text', data: 'hello' },
  binary: {
    kind: 'frame',
    sid: 1,
    t: 14,
    dir: 'received',
    size: 2_000_000,
    truncated: true,
    type: 'binary',
    data: 'AAECAw==',
  },
  error: { kind: 'error', sid: 1, t: 15 },
  closingBare: { kind: 'closing', sid: 1, t: 16 },
  closing: { kind: 'closing', sid: 1, t: 16, code: 4000, reason: 'bye' },
  close: { kind: 'close', sid: 1, t: 17, code: 1000, reason: 'bye', wasClean: true, by: 'page' },
} as const;

export function omit(record: object, key: string): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...record };
  delete copy[key];
  return copy;
}
