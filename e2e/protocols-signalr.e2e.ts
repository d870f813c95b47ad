/**
 * Acceptance 1 of issue 19, SignalR: the real @microsoft/signalr client, with
 * the JSON hub protocol and with @microsoft/signalr-protocol-msgpack's
 * MessagePack hub protocol, against a hand-written hub (there is no Node
 * SignalR server; e2e/harness/hand-servers.ts): negotiate, handshake, a hub
 * method's result and error, a send without reply, a server stream, a server
 * Invocation and Ping, and the server's Close. Checked in the panel's Message
 * column and Decoded tab, with Hide control, and in NDJSON.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FrameLine } from '../src/lib/logs';
import { startLens, type Lens } from './harness/lens';
import type { DecodedRow, PanelView } from './harness/panel-view';
import type { ProtocolServer } from './harness/protocol-servers';
import { SIGNALR_COMPLETION_DELAY_MS, SIGNALR_ITEM_INTERVAL_MS, startSignalr } from './harness/hand-servers';
import {
  decodedRowsOf,
  expectReply,
  expectShownLatency,
  ndjsonOf,
  rowOf,
  runScenario,
  shownMs,
  leastLatency,
} from './harness/protocol-checks';

let lens: Lens;
let server: ProtocolServer;
beforeAll(async () => {
  lens = await startLens();
  server = await startSignalr();
});
afterAll(async () => {
  await lens?.shutdown();
  await server?.close();
});

for (const protocol of ['json', 'messagepack'] as const) {
  describe(`SignalR, ${protocol} hub protocol`, () => {
    let panel: PanelView;
    let rows: DecodedRow[];
    let lines: FrameLine[];
    let log: unknown[];
    const frameType = protocol === 'json' ? 'text' : 'binary';
    beforeAll(async () => {
      const before = server.log.length;
      const scenario = await runScenario(lens, server, `signalr.html?protocol=${protocol}`);
      expect(scenario.result).toEqual({
        notify: ['welcome', 'ada'],
        add: 5,
        failed: 'Fail always fails',
        counter: [3, 2, 1],
        tick: 'tick',
        closed: 'closed',
      });
      panel = await lens.openPanel(scenario.tabId);
      rows = await decodedRowsOf(panel, '/hub?', (r) => r.some((row) => row.meaning === 'Close'));
      lines = (await ndjsonOf(lens, scenario.tabId)).filter((l) => l.url.includes('/hub?'));
      // What the hub saw of this page; the client's own Close may or may not make it before the socket closes.
      log = server.log.slice(before).filter((e) => !('close' in (e as object)));
    });
    const lineAt = (row: DecodedRow) => lines.find((l) => l.seq === row.seq)!;

    it('negotiates, connects with the token and runs every hub method on the hub', () => {
      expect(lines[0]!.url).toMatch(new RegExp(`^ws://127\\.0\\.0\\.1:\\d+/hub\\?client=${protocol}&id=[\\w-]+$`));
      expect(log).toEqual([
        { negotiate: { client: protocol, negotiateVersion: '1' } },
        { handshake: protocol, version: 1 },
        { completion: 'whoami-1', result: 'ada' },
        { type: 1, target: 'Add', args: [2, 3], id: '0' },
        { type: 1, target: 'Fail', args: [], id: '1' },
        { type: 1, target: 'Log', args: ['hello'] },
        { type: 4, target: 'Counter', args: [3], id: '2' },
        { type: 4, target: 'Ticker', args: [], id: '3' },
        { type: 1, target: 'Leave', args: [] },
        { cancel: '3' },
      ]);
    });

    it('shows kinds, targets and pairs with latencies in the Message column', () => {
      // Each side in order (the client's first Ping and the hub's greeting cross on the wire).
      const shown = (dir: string) =>
        rows
          .filter((r) => r.dir === dir)
          .map((r) => `${r.meaning}${r.pair ? ` ${r.pair.startsWith('↩') ? '↩' : r.pair}` : ''}`);
      const sent = shown('sent');
      // The client answers the hub's Close with its own when its socket is still open to send it.
      if (sent.at(-1) === 'Close') sent.pop();
      expect(sent).toEqual([
        `handshake ${protocol}`,
        'Ping',
        'Completion whoami ↩',
        'Invocation Add',
        'Invocation Fail',
        'Invocation Log',
        'StreamInvocation Counter',
        'StreamInvocation Ticker',
        'Invocation Leave +1',
      ]);
      expect(shown('received')).toEqual([
        'handshake ↩',
        'Ping',
        'Invocation whoami',
        'Invocation notify',
        'Completion Add ↩',
        'Completion Fail ↩',
        'StreamItem Counter ↩',
        'StreamItem Counter ↩',
        'StreamItem Counter +1 ↩',
        'StreamItem Ticker ↩',
        'Close',
      ]);
      const close = rowOf(rows, 'received', 'Close');
      expect(rows.filter((r) => r.seq > close.seq).map((r) => `${r.dir} ${r.meaning}`)).toEqual(
        rows.at(-1) === close ? [] : ['sent Close'],
      );
      // The client's handshake is text in both protocols; every later frame of MessagePack is binary.
      expect(rows[0]!.type).toBe('text');
      expect(new Set(rows.slice(1).map((r) => r.type))).toEqual(new Set([frameType]));
      for (const row of rows.filter((r) => r.pair)) expectShownLatency(row.pair, lineAt(row).decoded!.latencyMs!);
      expect(shownMs(rowOf(rows, 'received', 'Completion Add').pair)).toBeGreaterThanOrEqual(
        leastLatency(SIGNALR_COMPLETION_DELAY_MS),
      );
    });

    it('hides the Pings of both sides, and only them, with Hide control', async () => {
      await panel.select('/hub?');
      await panel.hideControl(true);
      await expect
        .poll(async () => (await panel.decodedRows()).map((r) => `${r.dir} ${r.meaning}`))
        .toEqual(rows.filter((r) => r.meaning !== 'Ping').map((r) => `${r.dir} ${r.meaning}`));
      await panel.hideControl(false);
      await expect.poll(async () => (await panel.decodedRows()).length).toBe(rows.length);
    });

    it('links invocations to their completions and the stream to its items in the Decoded tab', async () => {
      const add = rowOf(rows, 'sent', 'Invocation Add');
      const completion = rowOf(rows, 'received', 'Completion Add');
      const [invoked] = await panel.decodedDetail(add.seq);
      expect(invoked).toMatchObject({
        kind: 'Invocation',
        head: 'signalr Invocation Add · id 0',
        exchange: `1 reply: #${completion.seq}`,
      });
      expect(invoked!.body).toMatch(/2.*3/);
      const [completed] = await panel.decodedDetail(completion.seq);
      expect(completed!.head).toBe('signalr Completion Add · id 0');
      expect(completed!.exchange).toMatch(new RegExp(`^Reply to #${add.seq} after [\\d.]+ m?s$`));
      expect(completed!.body).toContain('result: 5');

      const [failed] = await panel.decodedDetail(rowOf(rows, 'received', 'Completion Fail').seq);
      expect(failed!.head).toBe('signalr Completion Fail · id 1');
      expect(failed!.body).toContain('"Fail always fails"');

      const [log] = await panel.decodedDetail(rowOf(rows, 'sent', 'Invocation Log').seq);
      expect(log).toMatchObject({ head: 'signalr Invocation Log', exchange: '' });
      const [notify] = await panel.decodedDetail(rowOf(rows, 'received', 'Invocation notify').seq);
      expect(notify).toMatchObject({ head: 'signalr Invocation notify', exchange: '' });
      expect(notify!.body).toContain('"ada"');
      // The hub invokes the client with an id: the client's Completion answers it.
      const whoami = rowOf(rows, 'received', 'Invocation whoami');
      const answered = rowOf(rows, 'sent', 'Completion whoami');
      const [asked] = await panel.decodedDetail(whoami.seq);
      expect(asked).toMatchObject({
        head: 'signalr Invocation whoami · id whoami-1',
        exchange: `1 reply: #${answered.seq}`,
      });
      const [answer] = await panel.decodedDetail(answered.seq);
      expect(answer!.exchange).toMatch(new RegExp(`^Reply to #${whoami.seq} after [\\d.]+ m?s$`));
      expect(answer!.body).toContain('result: "ada"');

      const stream = rowOf(rows, 'sent', 'StreamInvocation Counter');
      const items = rows.filter((r) => r.meaning.startsWith('StreamItem Counter'));
      const [opened] = await panel.decodedDetail(stream.seq);
      expect(opened).toMatchObject({
        head: 'signalr StreamInvocation Counter · id 2',
        // The last item and the Completion share a frame: both point at it.
        exchange: `4 replies: ${items.map((r) => `#${r.seq}`).join(' ')} #${items.at(-1)!.seq}`,
      });
      const [item, end] = await panel.decodedDetail(items.at(-1)!.seq);
      expect(item!.head).toBe('signalr StreamItem Counter · id 2');
      expect(item!.exchange).toMatch(new RegExp(`^Item of #${stream.seq} after [\\d.]+ m?s$`));
      expect(item!.body).toBe('1');
      expect(end!.head).toBe('signalr Completion Counter · id 2');
      expect(end!.exchange).toMatch(new RegExp(`^Reply to #${stream.seq} after [\\d.]+ m?s$`));

      // The client's send queue wrote the cancel and the next send in one frame (the cancel waits a microtask).
      const batch = await panel.decodedDetail(rowOf(rows, 'sent', 'Invocation Leave +1').seq);
      expect(batch.map((m) => [m.head, m.exchange])).toEqual([
        ['signalr Invocation Leave', ''],
        ['signalr CancelInvocation Ticker · id 3', ''],
      ]);

      const [close] = await panel.decodedDetail(rowOf(rows, 'received', 'Close').seq);
      expect(close).toMatchObject({ kind: 'Close', head: 'signalr Close', exchange: '' });
    });

    it('exports kinds, targets, invocation ids and pairs as NDJSON', () => {
      expect(new Set(lines.map((l) => l.decoded?.protocol))).toEqual(new Set(['signalr']));
      const [handshake, answer] = lines;
      expect(handshake!.decoded).toEqual({ protocol: 'signalr', kind: 'handshake', name: protocol });
      expectReply(lines, answer!, handshake!);
      const of = (dir: string, meaning: string) => lineAt(rowOf(rows, dir as 'sent', meaning));
      const add = of('sent', 'Invocation Add');
      expect(add.decoded).toEqual({ protocol: 'signalr', kind: 'Invocation', name: 'Add', id: '0' });
      expectReply(lines, of('received', 'Completion Add'), add, SIGNALR_COMPLETION_DELAY_MS);
      expectReply(lines, of('received', 'Completion Fail'), of('sent', 'Invocation Fail'));
      expect(of('sent', 'Invocation Log').decoded).toEqual({ protocol: 'signalr', kind: 'Invocation', name: 'Log' });
      expect(of('received', 'Ping').decoded).toEqual({ protocol: 'signalr', kind: 'Ping' });
      expect(of('sent', 'Ping').decoded).toEqual({ protocol: 'signalr', kind: 'Ping' });
      const stream = of('sent', 'StreamInvocation Counter');
      expect(stream.decoded).toEqual({ protocol: 'signalr', kind: 'StreamInvocation', name: 'Counter', id: '2' });
      const items = lines.filter((l) => l.decoded?.kind === 'StreamItem' && l.decoded.name === 'Counter');
      expect(items.map((l) => [l.decoded!.id, l.decoded!.messages])).toEqual([
        ['2', undefined],
        ['2', undefined],
        ['2', 2],
      ]);
      for (const item of items) expectReply(lines, item, stream);
      expect(items.at(-1)!.decoded!.latencyMs).toBeGreaterThanOrEqual(leastLatency(3 * SIGNALR_ITEM_INTERVAL_MS, 3));

      const whoami = of('received', 'Invocation whoami');
      expect(whoami.decoded).toEqual({ protocol: 'signalr', kind: 'Invocation', name: 'whoami', id: 'whoami-1' });
      expectReply(lines, of('sent', 'Completion whoami'), whoami);
      const ticker = of('sent', 'StreamInvocation Ticker');
      expectReply(lines, of('received', 'StreamItem Ticker'), ticker);
      expect(of('sent', 'Invocation Leave +1').decoded).toEqual({
        protocol: 'signalr',
        kind: 'Invocation',
        name: 'Leave',
        messages: 2,
      });
    });
  });
}
