import { describe, expect, it } from 'vitest';
import type { SessionRecord } from '../../protocol/schema';
import { buildHar, exportHar } from './har';
import { exportSessionJson } from './json';
import { importLog } from './import';
import { applyRecords, createSession } from '../session';

const T = 1_789_000_000_000;
const WORKER = { type: 'shared' as const, url: 'http://127.0.0.1:8080/shared.js' };

/** A shared worker's socket from deep capture: create (with its worker), open, a binary frame, the debugger's close. */
function records(): SessionRecord[] {
  const ids = { conn: '2.1', sid: 1, frameId: 0, source: 'debugger' };
  const list: object[] = [
    {
      ...ids,
      kind: 'create',
      t: T,
      url: 'ws://127.0.0.1:8080/feed',
      protocols: [],
      stack: '',
      frameUrl: '',
      worker: WORKER,
    },
    { ...ids, kind: 'open', t: T + 1, protocol: '', extensions: '' },
    {
      ...ids,
      kind: 'frame',
      t: T + 2,
      dir: 'sent',
      type: 'binary',
      data: new Uint8Array([1, 255]),
      size: 2,
      truncated: false,
    },
    { ...ids, kind: 'close', t: T + 3, code: 1005, reason: '', wasClean: false, by: 'unknown' },
  ];
  return list.map((record, seq) => ({ ...record, seq }) as SessionRecord);
}

describe('worker sockets in session logs', () => {
  it('the HAR entry names its worker (_worker)', () => {
    expect(buildHar(records()).log.entries[0]!._worker).toEqual(WORKER);
  });

  it('our HAR and our JSON bring the worker, the bytes and the close back; the socket stays a read-only worker socket', () => {
    for (const text of [exportHar(records()), exportSessionJson(records())]) {
      const result = importLog(text);
      if (!result.ok) throw new Error(result.error);
      const create = result.records.find((r) => r.kind === 'create');
      expect(create).toMatchObject({ worker: WORKER, source: 'debugger' });
      const frame = result.records.find((r) => r.kind === 'frame');
      expect(frame?.kind === 'frame' && [...(frame.data as Uint8Array)]).toEqual([1, 255]);
      expect(result.records.find((r) => r.kind === 'close')).toMatchObject({ code: 1005, by: 'unknown' });
      expect(applyRecords(createSession(), result.records).connections.get(create!.conn)?.worker).toEqual(WORKER);
    }
  });
});
