/**
 * Acceptance 1 of issue 19, GraphQL over WebSocket: the real graphql-ws client
 * against a graphql-ws server, and the legacy subscriptions-transport-ws client
 * against its own server, each running a query and a subscription with three
 * items; checked in the panel's Message column and Decoded tab and in the
 * NDJSON export of the session.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FrameLine } from '../src/lib/logs';
import { startLens, type Lens } from './harness/lens';
import type { DecodedRow, PanelView } from './harness/panel-view';
import { startGraphqlWs, startSubscriptionsTransportWs, type ProtocolServer } from './harness/protocol-servers';
import {
  decodedRowsOf,
  expectReply,
  expectShownLatency,
  ndjsonOf,
  leastLatency,
  runScenario,
} from './harness/protocol-checks';

let lens: Lens;
beforeAll(async () => {
  lens = await startLens();
});
afterAll(async () => {
  await lens?.shutdown();
});

interface Generation {
  title: string;
  start(): Promise<ProtocolServer>;
  page: string;
  path: string;
  protocol: string;
  /** The message kinds of this generation. */
  open: string;
  item: string;
  /** The query's name: graphql-ws sends no operationName (the first field names it), the legacy client does. */
  query: string;
  /** Frames only one generation has: the legacy server's keep-alive, the legacy client's goodbye. */
  sentAfter: string[];
  receivedControl: string[];
}

const GENERATIONS: Generation[] = [
  {
    title: 'graphql-ws (graphql-transport-ws)',
    start: startGraphqlWs,
    page: 'graphql-ws.html',
    path: '/graphql',
    protocol: 'graphql-ws',
    open: 'subscribe',
    item: 'next',
    query: 'hello',
    sentAfter: [],
    receivedControl: [],
  },
  {
    title: 'subscriptions-transport-ws (legacy graphql-ws)',
    start: startSubscriptionsTransportWs,
    page: 'subscriptions-transport-ws.html',
    path: '/subscriptions',
    protocol: 'subscriptions-transport-ws',
    open: 'start',
    item: 'data',
    query: 'Hello',
    sentAfter: ['connection_terminate'],
    receivedControl: ['ka'],
  },
];

for (const g of GENERATIONS) {
  describe(g.title, () => {
    let server: ProtocolServer;
    let panel: PanelView;
    let rows: DecodedRow[];
    let lines: FrameLine[];
    const done = g.sentAfter.length ? `${g.sentAfter.at(-1)}` : 'complete countdown';
    beforeAll(async () => {
      server = await g.start();
      const scenario = await runScenario(lens, server, g.page);
      expect(scenario.result).toEqual({
        hello: [{ hello: 'hello ada' }],
        countdown: [{ countdown: 3 }, { countdown: 2 }, { countdown: 1 }],
      });
      panel = await lens.openPanel(scenario.tabId);
      rows = await decodedRowsOf(panel, g.path, (r) => r.some((row) => row.meaning === done));
      lines = (await ndjsonOf(lens, scenario.tabId)).filter((l) => l.url.endsWith(g.path));
    });
    afterAll(() => server?.close());

    it('runs the query and the subscription on the server', () => {
      expect(server.log.filter((e) => !('complete' in (e as object)))).toEqual([
        { query: 'hello', name: 'ada' },
        { subscription: 'countdown', from: 3 },
      ]);
    });

    it('shows each operation as a stream in the Message column: its items and end point back with latencies', () => {
      const shown = (dir: string) =>
        rows
          .filter((r) => r.dir === dir && !g.receivedControl.includes(r.meaning))
          .map((r) => `${r.meaning}${r.pair ? ` ${r.pair.startsWith('↩') ? '↩' : r.pair}` : ''}`);
      expect(shown('sent')).toEqual(['connection_init', `${g.open} ${g.query}`, `${g.open} countdown`, ...g.sentAfter]);
      expect(shown('received')).toEqual([
        'connection_ack ↩',
        `${g.item} ${g.query} ↩`,
        `complete ${g.query} ↩`,
        `${g.item} countdown ↩`,
        `${g.item} countdown ↩`,
        `${g.item} countdown ↩`,
        'complete countdown ↩',
      ]);
      for (const row of rows.filter((r) => r.pair))
        expectShownLatency(row.pair, lines.find((l) => l.seq === row.seq)!.decoded!.latencyMs!);
      for (const control of g.receivedControl) expect(rows.map((r) => r.meaning)).toContain(control);
    });

    it('links the subscription to its items and its end in the Decoded tab', async () => {
      const start = rows.find((r) => r.meaning === `${g.open} countdown`)!;
      const items = rows.filter((r) => r.meaning === `${g.item} countdown`);
      const end = rows.find((r) => r.meaning === 'complete countdown')!;
      const id = lines.find((l) => l.seq === start.seq)!.decoded!.id!;
      const [opened] = await panel.decodedDetail(start.seq);
      expect(opened).toMatchObject({
        head: `${g.protocol} ${g.open} countdown · id ${id}`,
        exchange: `4 replies: ${[...items, end].map((r) => `#${r.seq}`).join(' ')}`,
      });
      expect(opened!.body).toContain('subscription { countdown(from: 3) }');
      const [second] = await panel.decodedDetail(items[1]!.seq);
      expect(second!.head).toBe(`${g.protocol} ${g.item} countdown · id ${id}`);
      expect(second!.exchange).toMatch(new RegExp(`^Item of #${start.seq} after [\\d.]+ m?s$`));
      expect(second!.body).toContain('countdown: 2');
      const [ended] = await panel.decodedDetail(end.seq);
      expect(ended!.exchange).toMatch(new RegExp(`^Reply to #${start.seq} after [\\d.]+ m?s$`));
    });

    it('exports kinds, names, ids and pairs as NDJSON', () => {
      expect(new Set(lines.map((l) => l.decoded?.protocol))).toEqual(new Set([g.protocol]));
      const of = (kind: string, name?: string) =>
        lines.filter((l) => l.decoded?.kind === kind && l.decoded?.name === name);
      const [init] = of('connection_init');
      expectReply(lines, of('connection_ack')[0]!, init!);
      for (const name of [g.query, 'countdown']) {
        const [open, ...more] = of(g.open, name);
        expect(more).toEqual([]);
        expect(open!.dir).toBe('sent');
        const id = open!.decoded!.id!;
        expect(id).toMatch(/^[\w-]+$/);
        const answers = [...of(g.item, name), ...of('complete', name)];
        expect(answers).toHaveLength(name === 'countdown' ? 4 : 2);
        for (const answer of answers) {
          expect(answer.decoded!.id).toBe(id);
          expectReply(lines, answer, open!);
        }
        // Each item after the one before: the server sends one every 20 ms.
        const latencies = answers.map((a) => a.decoded!.latencyMs!);
        expect([...latencies].sort((a, b) => a - b)).toEqual(latencies);
      }
      expect(of(g.open, g.query)[0]!.decoded!.id).not.toBe(of(g.open, 'countdown')[0]!.decoded!.id);
      expect(of(g.item, 'countdown').at(-1)!.decoded!.latencyMs).toBeGreaterThanOrEqual(leastLatency(3 * 20, 3));
    });
  });
}
