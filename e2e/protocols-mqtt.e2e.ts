/**
 * Acceptance 1 of issue 19, MQTT: the real MQTT.js browser client (MQTT 3.1.1
 * over WebSocket) against the aedes broker. The client subscribes with QoS 2,
 * publishes with QoS 1 and QoS 2, gets both messages back from the broker and
 * completes their flows, unsubscribes and disconnects. aedes writes each packet
 * as several WebSocket frames, so the decoder's reassembly is exercised too.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FrameLine } from '../src/lib/logs';
import { startLens, type Lens } from './harness/lens';
import type { DecodedRow, PanelView } from './harness/panel-view';
import { startMqttBroker, type ProtocolServer } from './harness/protocol-servers';
import {
  decodedRowsOf,
  expectReply,
  expectShownLatency,
  ndjsonOf,
  rowOf,
  runScenario,
} from './harness/protocol-checks';

type Dir = 'sent' | 'received';

let lens: Lens;
let broker: ProtocolServer;
let panel: PanelView;
const rows: Record<'subscriber' | 'publisher', DecodedRow[]> = { subscriber: [], publisher: [] };
let lines: FrameLine[];
beforeAll(async () => {
  lens = await startLens();
  broker = await startMqttBroker();
  const scenario = await runScenario(lens, broker, 'mqtt.html');
  expect(scenario.result).toEqual({
    granted: [{ topic: 'prices/#', qos: 2 }],
    received: [
      { topic: 'prices/eur', payload: '1.08', qos: 1 },
      { topic: 'prices/usd', payload: '0.93', qos: 2 },
    ],
  });
  panel = await lens.openPanel(scenario.tabId);
  for (const client of ['publisher', 'subscriber'] as const)
    rows[client] = await decodedRowsOf(panel, `client=${client}`, (r) => r.some((row) => row.meaning === 'DISCONNECT'));
  lines = (await ndjsonOf(lens, scenario.tabId)).filter((l) => l.url.includes('/mqtt?client='));
});
afterAll(async () => {
  await lens?.shutdown();
  await broker?.close();
});

/** The NDJSON line of a row. */
const lineAt = (row: DecodedRow) => lines.find((l) => l.seq === row.seq)!;
/** A connection's packets in order, `dir kind topic`, with ↩ when the frame answers an earlier one. */
const packets = (client: keyof typeof rows) =>
  rows[client]
    .filter((r) => r.meaning !== '… continued')
    .map(
      (r) => `${r.dir === 'sent' ? '↑' : '↓'} ${r.meaning}${r.pair ? ` ${r.pair.startsWith('↩') ? '↩' : r.pair}` : ''}`,
    );

it('delivers the subscription and both publishes to the broker with their QoS', () => {
  expect(broker.log).toEqual([
    { subscribe: 'prices/#', qos: 2 },
    { publish: 'prices/eur', qos: 1, payload: '1.08' },
    { publish: 'prices/usd', qos: 2, payload: '0.93' },
  ]);
});

it('shows every packet with its topic and its pair once its last fragment arrived', () => {
  expect(packets('publisher')).toEqual([
    '↑ CONNECT',
    '↓ CONNACK ↩',
    '↑ PUBLISH prices/eur',
    '↓ PUBACK prices/eur ↩',
    '↑ PUBLISH prices/usd',
    '↓ PUBREC prices/usd ↩',
    '↑ PUBREL prices/usd ↩',
    '↓ PUBCOMP prices/usd ↩',
    '↑ DISCONNECT',
  ]);
  expect(packets('subscriber')).toEqual([
    '↑ CONNECT',
    '↓ CONNACK ↩',
    '↑ SUBSCRIBE prices/#',
    '↓ SUBACK prices/# ↩',
    '↓ PUBLISH prices/eur',
    '↑ PUBACK prices/eur ↩',
    '↓ PUBLISH prices/usd',
    '↑ PUBREC prices/usd ↩',
    '↓ PUBREL prices/usd ↩',
    '↑ PUBCOMP prices/usd ↩',
    '↑ UNSUBSCRIBE prices/#',
    '↓ UNSUBACK prices/# ↩',
    '↑ DISCONNECT',
  ]);
  for (const row of [...rows.publisher, ...rows.subscriber]) {
    expect(row.type).toBe('binary');
    if (row.pair) expectShownLatency(row.pair, lineAt(row).decoded!.latencyMs!);
  }
  // The client sends each packet in one frame; the broker's come in pieces, each piece but the last "continued".
  const continued = [...rows.publisher, ...rows.subscriber].filter((r) => r.meaning === '… continued');
  expect(continued.length).toBeGreaterThan(10);
  expect(new Set(continued.map((r) => r.dir))).toEqual(new Set(['received']));
});

it('pairs QoS 1, QoS 2, SUBSCRIBE and UNSUBSCRIBE flows by packet identifier', () => {
  const flows: ['publisher' | 'subscriber', Dir, string, [Dir, string][]][] = [
    ['publisher', 'sent', 'CONNECT', [['received', 'CONNACK']]],
    ['publisher', 'sent', 'PUBLISH prices/eur', [['received', 'PUBACK prices/eur']]],
    [
      'publisher',
      'sent',
      'PUBLISH prices/usd',
      [
        ['received', 'PUBREC prices/usd'],
        ['sent', 'PUBREL prices/usd'],
        ['received', 'PUBCOMP prices/usd'],
      ],
    ],
    ['subscriber', 'sent', 'SUBSCRIBE prices/#', [['received', 'SUBACK prices/#']]],
    ['subscriber', 'received', 'PUBLISH prices/eur', [['sent', 'PUBACK prices/eur']]],
    [
      'subscriber',
      'received',
      'PUBLISH prices/usd',
      [
        ['sent', 'PUBREC prices/usd'],
        ['received', 'PUBREL prices/usd'],
        ['sent', 'PUBCOMP prices/usd'],
      ],
    ],
    ['subscriber', 'sent', 'UNSUBSCRIBE prices/#', [['received', 'UNSUBACK prices/#']]],
  ];
  for (const [client, dir, meaning, answers] of flows) {
    const request = rowOf(rows[client], dir, meaning);
    const id = lineAt(request).decoded!.id;
    if (meaning !== 'CONNECT') expect(id, meaning).toMatch(/^\d+$/);
    const answerRows = answers.map(([d, m]) => rowOf(rows[client], d, m));
    for (const answer of answerRows) {
      expect(lineAt(answer).decoded!.id, `${client} ${answer.meaning}`).toBe(id);
      expectReply(lines, lineAt(answer), lineAt(request));
    }
    expect(lines.filter((l) => l.decoded?.replyTo === request.seq).map((l) => l.seq)).toEqual(
      answerRows.map((r) => r.seq),
    );
  }
});

it('shows QoS, payload and the whole QoS 2 flow in the Decoded tab', async () => {
  const publisher = rows.publisher;
  await panel.select('client=publisher');
  const publish = rowOf(publisher, 'sent', 'PUBLISH prices/usd');
  const flow = (['received PUBREC', 'sent PUBREL', 'received PUBCOMP'] as const).map((s) => {
    const [dir, kind] = s.split(' ') as [Dir, string];
    return rowOf(publisher, dir, `${kind} prices/usd`);
  });
  const id = lineAt(publish).decoded!.id!;
  const [sent] = await panel.decodedDetail(publish.seq);
  expect(sent).toMatchObject({
    head: `mqtt PUBLISH prices/usd · id ${id}`,
    exchange: `3 replies: ${flow.map((r) => `#${r.seq}`).join(' ')}`,
  });
  for (const part of ['topic: "prices/usd"', 'qos: 2', 'retain: false', 'payload: "0.93"'])
    expect(sent!.body).toContain(part);
  const [rel] = await panel.decodedDetail(flow[1]!.seq);
  expect(rel!.head).toBe(`mqtt PUBREL prices/usd · id ${id}`);
  expect(rel!.exchange).toMatch(new RegExp(`^Item of #${publish.seq} after [\\d.]+ m?s$`));
  const [comp] = await panel.decodedDetail(flow[2]!.seq);
  expect(comp!.exchange).toMatch(new RegExp(`^Reply to #${publish.seq} after [\\d.]+ m?s$`));
  const [connect] = await panel.decodedDetail(rowOf(publisher, 'sent', 'CONNECT').seq);
  for (const part of ['protocolName: "MQTT"', 'protocolVersion: 4', 'clientId: "lens-publisher"'])
    expect(connect!.body).toContain(part);

  // A fragment keeps its raw views and says it continues.
  const fragment = publisher.find((r) => r.meaning === '… continued')!;
  await panel.page.locator(`[aria-label="Messages"] [role="row"][data-seq="${fragment.seq}"]`).click();
  const detail = panel.page.getByRole('region', { name: 'Message detail' });
  await expect.poll(() => detail.getByRole('note').textContent()).toMatch(/^Part of a MQTT message that continues/);
  expect(await detail.getByRole('tab', { name: 'Hex' }).count()).toBe(1);

  await panel.select('client=subscriber');
  const [delivered] = await panel.decodedDetail(rowOf(rows.subscriber, 'received', 'PUBLISH prices/eur').seq);
  for (const part of ['qos: 1', 'payload: "1.08"']) expect(delivered!.body).toContain(part);
  const [suback] = await panel.decodedDetail(rowOf(rows.subscriber, 'received', 'SUBACK prices/#').seq);
  expect(suback!.body).toContain('reasonCodes');
});

it('exports the packets with their kinds, topics and ids as NDJSON, and no meaning for the fragments', () => {
  const subscribe = lines.find((l) => l.decoded?.kind === 'SUBSCRIBE')!;
  expect(subscribe.decoded).toEqual({
    protocol: 'mqtt',
    kind: 'SUBSCRIBE',
    name: 'prices/#',
    id: subscribe.decoded!.id,
  });
  expect(lines.filter((l) => l.decoded).length).toBe(9 + 13);
  expect(new Set(lines.map((l) => l.decoded?.protocol))).toEqual(new Set(['mqtt', undefined]));
  expect(lines.filter((l) => !l.decoded).every((l) => l.dir === 'received')).toBe(true);
});
