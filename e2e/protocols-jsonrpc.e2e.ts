/**
 * Acceptance 1 of issue 19, JSON-RPC 2.0: the real rpc-websockets browser
 * client against an rpc-websockets server (a call and its result, a call and
 * its error, a notification), and a batch sent by the page over a plain
 * WebSocket (the client library has no batch call) that the same server
 * answers; checked in the panel's Message column and Decoded tab and in NDJSON.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FrameLine } from '../src/lib/logs';
import { startLens, type Lens } from './harness/lens';
import type { DecodedRow, PanelView } from './harness/panel-view';
import { startJsonRpc, type ProtocolServer } from './harness/protocol-servers';
import {
  decodedRowsOf,
  expectReply,
  expectShownLatency,
  ndjsonOf,
  rowOf,
  runScenario,
} from './harness/protocol-checks';

let lens: Lens;
let server: ProtocolServer;
let panel: PanelView;
let library: DecodedRow[];
let batch: DecodedRow[];
let lines: FrameLine[];
beforeAll(async () => {
  lens = await startLens();
  server = await startJsonRpc();
  const scenario = await runScenario(lens, server, 'json-rpc.html');
  expect(scenario.result).toEqual({
    sum: 5,
    failed: 'division by zero',
    batch: [
      { jsonrpc: '2.0', result: 2, id: 'b1' },
      { jsonrpc: '2.0', result: 4, id: 'b2' },
    ],
  });
  panel = await lens.openPanel(scenario.tabId);
  library = await decodedRowsOf(panel, 'client=library', (r) => r.some((row) => row.meaning === 'notification log'));
  batch = await decodedRowsOf(panel, 'client=batch', (r) => r.some((row) => row.meaning.startsWith('result')));
  lines = await ndjsonOf(lens, scenario.tabId);
});
afterAll(async () => {
  await lens?.shutdown();
  await server?.close();
});
const lineAt = (row: DecodedRow) => lines.find((l) => l.seq === row.seq)!;

it('runs every call and notification on the server', () => {
  expect(server.log).toEqual([
    { call: 'sum', params: [2, 3] },
    { call: 'divide', params: [1, 0] },
    { notify: 'log', params: ['hello'] },
    { call: 'sum', params: [1, 1] },
    { notify: 'log', params: ['in a batch'] },
    { call: 'sum', params: [2, 2] },
  ]);
});

it('shows requests, results, errors and notifications with their pairs in the Message column', async () => {
  await panel.select('client=library');
  expect(library.map((r) => `${r.dir} ${r.meaning}${r.pair ? ' ↩' : ''}`)).toEqual([
    'sent request sum',
    'received result sum ↩',
    'sent request divide',
    'received error divide ↩',
    'sent notification log',
  ]);
  expect(batch.map((r) => `${r.dir} ${r.meaning}${r.pair ? ' ↩' : ''}`)).toEqual([
    'sent request sum +2',
    'received result sum +1 ↩',
  ]);
  for (const row of [...library, ...batch].filter((r) => r.pair))
    expectShownLatency(row.pair, lineAt(row).decoded!.latencyMs!);
});

it('links a call to its result and every message of a batch to its answer in the Decoded tab', async () => {
  await panel.select('client=library');
  const call = rowOf(library, 'sent', 'request divide');
  const error = rowOf(library, 'received', 'error divide');
  const [request] = await panel.decodedDetail(call.seq);
  expect(request).toMatchObject({ head: 'json-rpc request divide · id 2', exchange: `1 reply: #${error.seq}` });
  const [answer] = await panel.decodedDetail(error.seq);
  expect(answer!.exchange).toMatch(new RegExp(`^Reply to #${call.seq} after [\\d.]+ m?s$`));
  expect(answer!.body).toContain('"division by zero"');
  const [notification] = await panel.decodedDetail(rowOf(library, 'sent', 'notification log').seq);
  expect(notification).toMatchObject({ head: 'json-rpc notification log', exchange: '' });

  await panel.select('client=batch');
  const [sent, received] = batch;
  const requests = await panel.decodedDetail(sent!.seq);
  expect(requests.map((m) => [m.head, m.exchange])).toEqual([
    ['json-rpc request sum · id b1', `1 reply: #${received!.seq}`],
    ['json-rpc notification log', ''],
    ['json-rpc request sum · id b2', `1 reply: #${received!.seq}`],
  ]);
  const results = await panel.decodedDetail(received!.seq);
  expect(results.map((m) => m.head)).toEqual(['json-rpc result sum · id b1', 'json-rpc result sum · id b2']);
  for (const result of results)
    expect(result.exchange).toMatch(new RegExp(`^Reply to #${sent!.seq} after [\\d.]+ m?s$`));
});

it('exports methods, ids, pairs and batch sizes as NDJSON', () => {
  const [sum, result, divide, error, notify] = library.map(lineAt);
  expect(sum!.decoded).toEqual({ protocol: 'json-rpc', kind: 'request', name: 'sum', id: '1' });
  expectReply(lines, result!, sum!);
  expect(divide!.decoded).toEqual({ protocol: 'json-rpc', kind: 'request', name: 'divide', id: '2' });
  expect(error!.decoded).toMatchObject({ kind: 'error', name: 'divide', id: '2' });
  expectReply(lines, error!, divide!);
  expect(notify!.decoded).toEqual({ protocol: 'json-rpc', kind: 'notification', name: 'log' });
  const [requests, results] = batch.map(lineAt);
  expect(requests!.decoded).toEqual({ protocol: 'json-rpc', kind: 'request', name: 'sum', id: 'b1', messages: 3 });
  expect(results!.decoded).toMatchObject({ kind: 'result', name: 'sum', id: 'b1', messages: 2 });
  expectReply(lines, results!, requests!);
});
