import { describe, expect, it } from 'vitest';
import type { SessionRecord } from '../../protocol/schema';
import { exportNdjson, exportText, ndjsonChunks, type FrameLine } from './ndjson';
import { bulkRecords, sampleRecords, ALL_BYTES_BASE64 } from './testing';

describe('NDJSON frame log', () => {
  const lines = exportNdjson(sampleRecords()).trimEnd().split('\n');

  it('writes one JSON object per frame, in capture order, with its socket URL', () => {
    expect(lines).toHaveLength(8);
    const first = JSON.parse(lines[0]!);
    expect(first).toEqual({
      seq: 3,
      time: '2026-09-10T00:26:40.021Z',
      conn: '1.1',
      url: 'wss://chat.example.test/room?id=7&lang=en',
      dir: 'sent',
      type: 'text',
      size: 20,
      data: '{"type":"hello","n":',
    });
    expect(Object.keys(first)).toEqual(['seq', 'time', 'conn', 'url', 'dir', 'type', 'size', 'data']);
  });

  it('keeps line breaks inside payloads escaped, binary as base64, and marks cut payloads', () => {
    const frames = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(frames[1]!.data).toBe('héllo 👋 \n\ttab "q" \\');
    expect(frames[2]).toMatchObject({ type: 'binary', data: ALL_BYTES_BASE64, size: 256 });
    expect(frames.filter((f) => f.truncated).map((f) => f.size)).toEqual([5_000_000, 2_000_000]);
  });

  it('streams in chunks of whole lines', () => {
    const chunks = [...ndjsonChunks(bulkRecords(12_000, 2))];
    expect(chunks.length).toBe(3);
    for (const chunk of chunks) expect(chunk.endsWith('\n')).toBe(true);
    expect(chunks.join('').split('\n')).toHaveLength(12_001);
  });
});

describe('text frame log', () => {
  it('lists the connections, then one line per frame', () => {
    expect(exportText(sampleRecords()).split('\n')).toEqual([
      '# 1.1  wss://chat.example.test/room?id=7&lang=en  (frame https://app.example.test/)',
      '# 2.1  ws://127.0.0.1:8080/feed  (frame https://widgets.example.test/frame.html)',
      '# 1.2  ws://127.0.0.1:1/offline  (frame https://app.example.test/)',
      '2026-09-10T00:26:40.021Z  1.1  sent  text  20 B  {"type":"hello","n":',
      '2026-09-10T00:26:40.030Z  1.1  recv  text  23 B  héllo 👋 \\n\\ttab "q" \\\\',
      `2026-09-10T00:26:40.031Z  2.1  recv  binary  256 B  base64:${ALL_BYTES_BASE64}`,
      '2026-09-10T00:26:40.032Z  2.1  sent  binary  0 B  base64:',
      '2026-09-10T00:26:40.033Z  2.1  sent  binary  3 B  base64:AQID',
      '2026-09-10T00:26:40.040Z  1.1  recv  text  5000000 B (cut)  abc',
      '2026-09-10T00:26:40.041Z  2.1  recv  binary  2000000 B (cut)  base64:AAEC',
      '2026-09-10T00:26:40.042Z  1.1  sent  text  0 B  ',
      '',
    ]);
  });

  it('leaves out frames of connections that were not exported', () => {
    const records = sampleRecords().filter((r) => !(r.kind === 'create' && r.conn === '2.1'));
    expect(exportText(records)).not.toContain('  2.1  ');
  });
});

describe('NDJSON lines of decoded frames', () => {
  it('say what the frame means and which request a reply answers, with the latency', () => {
    const at = { sid: 1, frameId: 0, conn: '1.1' };
    const frame = (seq: number, t: number, dir: 'sent' | 'received', data: string): SessionRecord => ({
      ...at,
      seq,
      t,
      kind: 'frame',
      dir,
      type: 'text',
      size: data.length,
      truncated: false,
      data,
    });
    const records: SessionRecord[] = [
      { ...at, seq: 0, t: 1000, kind: 'create', url: 'ws://rpc.test/', protocols: [], stack: '', frameUrl: '' },
      frame(1, 1001, 'sent', '{"jsonrpc":"2.0","method":"sum","params":[1,2],"id":7}'),
      frame(2, 1013.5, 'received', '{"jsonrpc":"2.0","result":3,"id":7}'),
      frame(3, 1020, 'received', 'not json'),
    ];
    const lines = exportNdjson(records)
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as FrameLine);
    expect(lines[0]!.decoded).toEqual({ protocol: 'json-rpc', kind: 'request', name: 'sum', id: '7' });
    expect(lines[1]!.decoded).toMatchObject({
      protocol: 'json-rpc',
      kind: 'result',
      id: '7',
      replyTo: 1,
      latencyMs: 12.5,
    });
    expect(lines[2]!.decoded).toEqual({ protocol: 'json-rpc', error: expect.any(String) });
  });
});
