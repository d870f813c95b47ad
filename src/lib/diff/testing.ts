/** Small sessions for the diff, replay and redaction tests: one call per connection. */
import type { SessionRecord } from '../../protocol/schema';
import { utf8Length } from '../utf8';

export type FrameSpec = [dir: 'sent' | 'received', data: string | Uint8Array];

export interface ConnectionSpec {
  url: string;
  frames: FrameSpec[];
  close?: number;
  /** Milliseconds between frames (default 10). */
  gap?: number;
}

/** Records of connections created in turn, each with its frames and optional close. */
export function sessionOf(...connections: ConnectionSpec[]): SessionRecord[] {
  const records: SessionRecord[] = [];
  let seq = 0;
  connections.forEach((spec, n) => {
    const base = { conn: `c${n + 1}`, sid: n + 1, frameId: 0 };
    let t = 1_700_000_000_000 + n * 1000;
    records.push({
      ...base,
      seq: seq++,
      kind: 'create',
      t,
      url: spec.url,
      protocols: [],
      stack: '',
      frameUrl: 'http://page.test/',
    });
    records.push({ ...base, seq: seq++, kind: 'open', t: (t += 5), protocol: '', extensions: '' });
    for (const [dir, data] of spec.frames) {
      t += spec.gap ?? 10;
      records.push(
        typeof data === 'string'
          ? { ...base, seq: seq++, kind: 'frame', t, dir, type: 'text', data, size: utf8Length(data), truncated: false }
          : {
              ...base,
              seq: seq++,
              kind: 'frame',
              t,
              dir,
              type: 'binary',
              data: new Uint8Array(data),
              size: data.length,
              truncated: false,
            },
      );
    }
    if (spec.close !== undefined)
      records.push({
        ...base,
        seq: seq++,
        kind: 'close',
        t: t + 5,
        code: spec.close,
        reason: '',
        wasClean: true,
        by: 'server',
      });
  });
  return records;
}
