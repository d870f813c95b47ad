/**
 * Acceptance 1 of issue 19, STOMP: the real @stomp/stompjs client against the
 * stomp-broker-js broker, over a plain WebSocket and over sockjs-client (a
 * sockjs server): subscribe, a SEND with a receipt that the server's app
 * publishes back to the topic, unsubscribe, and a DISCONNECT with a receipt;
 * checked in the panel's Message column and Decoded tab and in NDJSON.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FrameLine } from '../src/lib/logs';
import { startLens, type Lens } from './harness/lens';
import type { DecodedRow, PanelView } from './harness/panel-view';
import { startStompBroker, type ProtocolServer } from './harness/protocol-servers';
import {
  decodedRowsOf,
  expectReply,
  expectShownLatency,
  ndjsonOf,
  rowOf,
  runScenario,
} from './harness/protocol-checks';

let lens: Lens;
beforeAll(async () => {
  lens = await startLens();
});
afterAll(async () => {
  await lens?.shutdown();
});

for (const transport of ['ws', 'sockjs'] as const) {
  describe(`@stomp/stompjs over ${transport === 'ws' ? 'WebSocket' : 'sockjs-client'}`, () => {
    let broker: ProtocolServer;
    let panel: PanelView;
    let rows: DecodedRow[];
    let lines: FrameLine[];
    const urlPart = transport === 'ws' ? '/stomp' : '/websocket';
    beforeAll(async () => {
      broker = await startStompBroker(transport);
      const scenario = await runScenario(lens, broker, `stomp.html?transport=${transport}`);
      expect(scenario.result).toEqual({
        version: '1.1',
        receipt: 'send-1',
        messages: ['hello stomp (from the server)'],
      });
      panel = await lens.openPanel(scenario.tabId);
      rows = await decodedRowsOf(panel, urlPart, (r) => r.some((row) => row.meaning === 'RECEIPT' && row.pair !== ''));
      lines = (await ndjsonOf(lens, scenario.tabId)).filter((l) => l.url.endsWith(urlPart));
    });
    afterAll(() => broker?.close());
    const lineAt = (row: DecodedRow) => lines.find((l) => l.seq === row.seq)!;

    it('subscribes, sends and unsubscribes on the broker', () => {
      expect(broker.log).toEqual([
        { subscribe: '/topic/chat', id: 'sub-0' },
        { send: '/app/chat', body: 'hello stomp', receipt: 'send-1' },
        { unsubscribe: 'sub-0' },
      ]);
    });

    it('shows commands, destinations, receipts and the subscription in the Message column', () => {
      expect(
        rows.map(
          (r) =>
            `${r.dir === 'sent' ? '↑' : '↓'} ${r.meaning}${r.pair ? ` ${r.pair.startsWith('↩') ? '↩' : r.pair}` : ''}`,
        ),
      ).toEqual([
        ...(transport === 'sockjs' ? ['↓ open'] : []),
        '↑ CONNECT',
        '↓ CONNECTED ↩',
        '↑ SUBSCRIBE /topic/chat',
        '↑ SEND /app/chat',
        '↓ MESSAGE /topic/chat ↩',
        '↓ RECEIPT /app/chat ↩',
        '↑ UNSUBSCRIBE /topic/chat ↩',
        '↑ DISCONNECT',
        '↓ RECEIPT ↩',
      ]);
      for (const row of rows.filter((r) => r.pair)) expectShownLatency(row.pair, lineAt(row).decoded!.latencyMs!);
    });

    it('links receipts to their frames and the subscription to its message and end in the Decoded tab', async () => {
      const send = rowOf(rows, 'sent', 'SEND /app/chat');
      const receipt = rowOf(rows, 'received', 'RECEIPT /app/chat');
      const subscribe = rowOf(rows, 'sent', 'SUBSCRIBE /topic/chat');
      const message = rowOf(rows, 'received', 'MESSAGE /topic/chat');
      const unsubscribe = rowOf(rows, 'sent', 'UNSUBSCRIBE /topic/chat');
      const [sent] = await panel.decodedDetail(send.seq);
      expect(sent).toMatchObject({ head: 'stomp SEND /app/chat · id send-1', exchange: `1 reply: #${receipt.seq}` });
      expect(sent!.body).toContain('"hello stomp"');
      const [got] = await panel.decodedDetail(receipt.seq);
      expect(got!.head).toBe('stomp RECEIPT /app/chat · id send-1');
      expect(got!.exchange).toMatch(new RegExp(`^Reply to #${send.seq} after [\\d.]+ m?s$`));
      const [opened] = await panel.decodedDetail(subscribe.seq);
      expect(opened).toMatchObject({
        head: 'stomp SUBSCRIBE /topic/chat · id sub-0',
        exchange: `2 replies: #${message.seq} #${unsubscribe.seq}`,
      });
      const [item] = await panel.decodedDetail(message.seq);
      expect(item!.exchange).toMatch(new RegExp(`^Item of #${subscribe.seq} after [\\d.]+ m?s$`));
      expect(item!.body).toContain('"hello stomp (from the server)"');
      expect(item!.body).toContain('subscription: "sub-0"');
      const [bye] = await panel.decodedDetail(rowOf(rows, 'received', 'RECEIPT').seq);
      expect(bye!.head).toBe('stomp RECEIPT · id close-1');
      if (transport === 'sockjs') {
        const [open] = await panel.decodedDetail(rowOf(rows, 'received', 'open').seq);
        expect(open!.head).toMatch(/^sockjs open/);
      }
    });

    it('exports commands, destinations, receipt ids and pairs as NDJSON', () => {
      const of = (dir: 'sent' | 'received', kind: string, name?: string) =>
        lines.find((l) => l.dir === dir && l.decoded?.kind === kind && l.decoded.name === name)!;
      expect(of('sent', 'SEND', '/app/chat').decoded).toEqual({
        protocol: 'stomp',
        kind: 'SEND',
        name: '/app/chat',
        id: 'send-1',
      });
      expectReply(lines, of('received', 'CONNECTED'), of('sent', 'CONNECT'));
      expectReply(lines, of('received', 'RECEIPT', '/app/chat'), of('sent', 'SEND', '/app/chat'));
      const subscribe = of('sent', 'SUBSCRIBE', '/topic/chat');
      expectReply(lines, of('received', 'MESSAGE', '/topic/chat'), subscribe);
      expectReply(lines, of('sent', 'UNSUBSCRIBE', '/topic/chat'), subscribe);
      expect(of('sent', 'DISCONNECT').decoded!.id).toBe('close-1');
      expectReply(lines, of('received', 'RECEIPT'), of('sent', 'DISCONNECT'));
      if (transport === 'sockjs') expect(lines[0]!.decoded).toEqual({ protocol: 'sockjs', kind: 'open' });
    });
  });
}
