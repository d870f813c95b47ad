/**
 * Acceptance 1 of issue 19, channel protocols: the real phoenix.js client
 * (Phoenix Channels, V2 serializer, JSON and binary frames) and the real
 * @rails/actioncable consumer, each against a hand-written server (Phoenix and
 * Rails do not run on Node; e2e/harness/hand-servers.ts). Checked in the
 * panel's Message column and Decoded tab, with Hide control, and in NDJSON.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FrameLine } from '../src/lib/logs';
import { startLens, type Lens } from './harness/lens';
import type { DecodedRow, PanelView } from './harness/panel-view';
import type { ProtocolServer } from './harness/protocol-servers';
import { PHOENIX_REPLY_DELAY_MS, startActionCable, startPhoenix } from './harness/hand-servers';
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

type Dir = 'sent' | 'received';

let lens: Lens;
beforeAll(async () => {
  lens = await startLens();
});
afterAll(async () => {
  await lens?.shutdown();
});

/** Rows as `↑ kind name ↩`: direction, the Message column, and ↩ when the frame answers an earlier one. */
const shown = (rows: DecodedRow[]) =>
  rows.map(
    (r) => `${r.dir === 'sent' ? '↑' : '↓'} ${r.meaning}${r.pair ? ` ${r.pair.startsWith('↩') ? '↩' : r.pair}` : ''}`,
  );

describe('Phoenix Channels: phoenix.js against a V2-serializer endpoint', () => {
  let server: ProtocolServer;
  let panel: PanelView;
  let rows: DecodedRow[];
  let lines: FrameLine[];
  beforeAll(async () => {
    server = await startPhoenix();
    const scenario = await runScenario(lens, server, 'phoenix.html');
    expect(scenario.result).toEqual({
      reply: { id: 1 },
      broadcast: { body: 'hello', from: 'the server' },
      pinged: true,
      upload: [4, 3, 2, 1],
      thumb: [4],
      refused: { reason: 'unauthorized' },
      phxClose: 'room:lobby',
    });
    panel = await lens.openPanel(scenario.tabId);
    rows = await decodedRowsOf(panel, '/socket/websocket', (r) => r.some((row) => row.meaning.startsWith('phx_close')));
    lines = (await ndjsonOf(lens, scenario.tabId)).filter((l) => l.url.includes('/socket/websocket'));
  });
  afterAll(() => server?.close());
  const lineAt = (row: DecodedRow) => lines.find((l) => l.seq === row.seq)!;

  it('delivers the joins, pushes, heartbeat and leave to the server', () => {
    expect(lines[0]!.url).toMatch(/\/socket\/websocket\?token=ada&vsn=2\.0\.0$/);
    expect(server.log).toEqual([
      { connect: { token: 'ada', vsn: '2.0.0' } },
      { join: 'room:lobby', payload: { nick: 'ada' } },
      { push: 'new_msg', topic: 'room:lobby', payload: { body: 'hello' } },
      { heartbeat: expect.stringMatching(/^\d+$/) },
      { binary: 'upload', topic: 'room:lobby', bytes: [1, 2, 3, 4] },
      { join: 'room:secret', payload: {} },
      { leave: 'room:secret' },
      { leave: 'room:lobby' },
    ]);
  });

  it('shows events, topics and reply pairs with latencies in the Message column', () => {
    expect(shown(rows)).toEqual([
      '↑ phx_join room:lobby',
      '↓ phx_reply room:lobby ↩',
      '↑ new_msg room:lobby',
      '↓ phx_reply room:lobby ↩',
      '↓ new_msg room:lobby',
      '↑ heartbeat phoenix',
      '↓ phx_reply phoenix ↩',
      '↑ upload room:lobby',
      '↓ phx_reply room:lobby ↩',
      '↓ thumb room:lobby',
      '↑ phx_join room:secret',
      '↓ phx_reply room:secret ↩',
      '↑ phx_leave room:secret',
      '↓ phx_reply room:secret ↩',
      '↑ phx_leave room:lobby',
      '↓ phx_reply room:lobby ↩',
      '↓ phx_close room:lobby',
    ]);
    expect(rows.filter((r) => r.type === 'binary').map((r) => r.meaning)).toEqual([
      'upload room:lobby',
      'phx_reply room:lobby',
      'thumb room:lobby',
    ]);
    for (const row of rows.filter((r) => r.pair)) expectShownLatency(row.pair, lineAt(row).decoded!.latencyMs!);
    expect(shownMs(rows[3]!.pair)).toBeGreaterThanOrEqual(leastLatency(PHOENIX_REPLY_DELAY_MS));
  });

  it('hides the heartbeat and its reply, and only them, with Hide control', async () => {
    await panel.select('/socket/websocket');
    await panel.hideControl(true);
    await expect
      .poll(async () => shown(await panel.decodedRows()))
      .toEqual(shown(rows.filter((r) => !r.meaning.endsWith(' phoenix'))));
    await panel.hideControl(false);
    await expect.poll(async () => (await panel.decodedRows()).length).toBe(rows.length);
  });

  it('links pushes to their replies by ref in the Decoded tab, binary frames included', async () => {
    const [push, reply] = [rows[2]!, rows[3]!];
    const ref = lineAt(push).decoded!.id!;
    const [pushed] = await panel.decodedDetail(push.seq);
    expect(pushed).toMatchObject({
      kind: 'new_msg',
      head: `phoenix new_msg room:lobby · id ${ref}`,
      exchange: `1 reply: #${reply.seq}`,
    });
    expect(pushed!.body).toContain('body: "hello"');
    const [replied] = await panel.decodedDetail(reply.seq);
    expect(replied!.head).toBe(`phoenix phx_reply room:lobby · id ${ref}`);
    expect(replied!.exchange).toMatch(new RegExp(`^Reply to #${push.seq} after [\\d.]+ m?s$`));
    for (const part of ['status: "ok"', 'id: 1']) expect(replied!.body).toContain(part);
    const [broadcast] = await panel.decodedDetail(rows[4]!.seq);
    expect(broadcast).toMatchObject({ head: 'phoenix new_msg room:lobby', exchange: '' });
    expect(broadcast!.body).toContain('from: "the server"');

    const [upload, uploaded, thumb] = [rows[7]!, rows[8]!, rows[9]!];
    const uploadRef = lineAt(upload).decoded!.id!;
    const [binaryPush] = await panel.decodedDetail(upload.seq);
    expect(binaryPush).toMatchObject({
      head: `phoenix upload room:lobby · id ${uploadRef}`,
      exchange: `1 reply: #${uploaded.seq}`,
      body: '"<4 bytes>"',
    });
    const [binaryReply] = await panel.decodedDetail(uploaded.seq);
    expect(binaryReply!.head).toBe(`phoenix phx_reply room:lobby · id ${uploadRef}`);
    expect(binaryReply!.exchange).toMatch(new RegExp(`^Reply to #${upload.seq} after [\\d.]+ m?s$`));
    for (const part of ['status: "ok"', 'response: "<4 bytes>"']) expect(binaryReply!.body).toContain(part);
    const [binaryBroadcast] = await panel.decodedDetail(thumb.seq);
    expect(binaryBroadcast).toMatchObject({ head: 'phoenix thumb room:lobby', exchange: '', body: '"<1 byte>"' });

    const [refused] = await panel.decodedDetail(rows[11]!.seq);
    for (const part of ['status: "error"', 'reason: "unauthorized"']) expect(refused!.body).toContain(part);
  });

  it('exports events, topics, refs and pairs as NDJSON', () => {
    expect(new Set(lines.map((l) => l.decoded?.protocol))).toEqual(new Set(['phoenix']));
    const requests = rows.filter((r) => r.dir === 'sent');
    for (const request of requests) {
      const line = lineAt(request);
      expect(line.decoded!.id, request.meaning).toMatch(/^\d+$/);
      const replies = lines.filter((l) => l.decoded?.replyTo === line.seq);
      expect(replies, request.meaning).toHaveLength(1);
      expect(replies[0]!.decoded).toMatchObject({ kind: 'phx_reply', name: line.decoded!.name, id: line.decoded!.id });
      expectReply(lines, replies[0]!, line, request.meaning === 'new_msg room:lobby' ? PHOENIX_REPLY_DELAY_MS : 0);
    }
    expect(new Set(requests.map((r) => lineAt(r).decoded!.id)).size).toBe(requests.length);
    const heartbeat = lineAt(rowOf(rows, 'sent', 'heartbeat phoenix'));
    expect(heartbeat.decoded).toEqual({
      protocol: 'phoenix',
      kind: 'heartbeat',
      name: 'phoenix',
      id: heartbeat.decoded!.id,
    });
    expect(heartbeat.data).toBe(`[null,"${heartbeat.decoded!.id}","phoenix","heartbeat",{}]`);
    expect(lineAt(rowOf(rows, 'received', 'new_msg room:lobby')).decoded).toEqual({
      protocol: 'phoenix',
      kind: 'new_msg',
      name: 'room:lobby',
    });
    expect(lineAt(rowOf(rows, 'received', 'thumb room:lobby'))).toMatchObject({
      type: 'binary',
      decoded: { protocol: 'phoenix', kind: 'thumb', name: 'room:lobby' },
    });
  });
});

describe('Action Cable: @rails/actioncable against an actioncable-v1-json server', () => {
  let server: ProtocolServer;
  let panel: PanelView;
  let rows: DecodedRow[];
  let lines: FrameLine[];
  beforeAll(async () => {
    server = await startActionCable();
    const scenario = await runScenario(lens, server, 'actioncable.html');
    expect(scenario.result).toEqual({
      received: [{ text: 'hello', from: 'the server' }],
      rejected: true,
      subscriptions: 0,
    });
    panel = await lens.openPanel(scenario.tabId);
    rows = await decodedRowsOf(panel, '/cable', (r) => r.some((row) => row.meaning === 'unsubscribe ChatChannel'));
    lines = (await ndjsonOf(lens, scenario.tabId)).filter((l) => l.url.endsWith('/cable'));
  });
  afterAll(() => server?.close());
  const lineAt = (row: DecodedRow) => lines.find((l) => l.seq === row.seq)!;
  /** The rows but the server's pings, which come every ACTION_CABLE_PING_MS wherever they fall. */
  const withoutPings = (of: DecodedRow[]) => of.filter((r) => r.meaning !== 'ping');

  it('delivers the subscriptions, the action and the unsubscribe to the server', async () => {
    await expect.poll(() => server.log.length).toBe(4);
    expect(server.log).toEqual([
      { subscribe: { channel: 'ChatChannel', room: 'lobby' } },
      { perform: 'ChatChannel#speak', data: { text: 'hello' } },
      { subscribe: { channel: 'SecretChannel' } },
      { unsubscribe: 'ChatChannel' },
    ]);
  });

  it('shows commands, channels, actions and subscription pairs in the Message column', () => {
    expect(lines[0]).toMatchObject({ type: 'text', dir: 'received' });
    expect(shown(withoutPings(rows))).toEqual([
      '↓ welcome',
      '↑ subscribe ChatChannel',
      '↓ confirm_subscription ChatChannel ↩',
      '↑ message ChatChannel#speak',
      '↓ message ChatChannel',
      '↑ subscribe SecretChannel',
      '↓ reject_subscription SecretChannel ↩',
      '↑ unsubscribe ChatChannel',
    ]);
    const pings = rows.filter((r) => r.meaning === 'ping');
    expect(pings.length).toBeGreaterThanOrEqual(1);
    expect(pings.every((r) => r.dir === 'received' && r.pair === '')).toBe(true);
    for (const row of rows.filter((r) => r.pair)) expectShownLatency(row.pair, lineAt(row).decoded!.latencyMs!);
  });

  it('hides welcome and pings, and only them, with Hide control', async () => {
    await panel.select('/cable');
    await panel.hideControl(true);
    await expect
      .poll(async () => shown(await panel.decodedRows()))
      .toEqual(shown(withoutPings(rows).filter((r) => r.meaning !== 'welcome')));
    await panel.hideControl(false);
    await expect.poll(async () => (await panel.decodedRows()).length).toBe(rows.length);
  });

  it('shows identifiers, action data and the answers to subscriptions in the Decoded tab', async () => {
    const subscribe = rowOf(rows, 'sent', 'subscribe ChatChannel');
    const confirm = rowOf(rows, 'received', 'confirm_subscription ChatChannel');
    const [subscribed] = await panel.decodedDetail(subscribe.seq);
    expect(subscribed).toMatchObject({
      kind: 'subscribe',
      head: 'actioncable subscribe ChatChannel',
      exchange: `1 reply: #${confirm.seq}`,
    });
    for (const part of ['channel: "ChatChannel"', 'room: "lobby"']) expect(subscribed!.body).toContain(part);
    const [confirmed] = await panel.decodedDetail(confirm.seq);
    expect(confirmed!.exchange).toMatch(new RegExp(`^Reply to #${subscribe.seq} after [\\d.]+ m?s$`));

    const [speak] = await panel.decodedDetail(rowOf(rows, 'sent', 'message ChatChannel#speak').seq);
    expect(speak).toMatchObject({ head: 'actioncable message ChatChannel#speak', exchange: '' });
    for (const part of ['text: "hello"', 'action: "speak"']) expect(speak!.body).toContain(part);
    const [broadcast] = await panel.decodedDetail(rowOf(rows, 'received', 'message ChatChannel').seq);
    expect(broadcast!.body).toContain('from: "the server"');

    const secret = rowOf(rows, 'sent', 'subscribe SecretChannel');
    const [rejected] = await panel.decodedDetail(rowOf(rows, 'received', 'reject_subscription SecretChannel').seq);
    expect(rejected).toMatchObject({
      kind: 'reject_subscription',
      head: 'actioncable reject_subscription SecretChannel',
    });
    expect(rejected!.exchange).toMatch(new RegExp(`^Reply to #${secret.seq} after [\\d.]+ m?s$`));
    const [ping] = await panel.decodedDetail(rows.find((r) => r.meaning === 'ping')!.seq);
    expect(ping!.body).toMatch(/^\d{10}$/);
  });

  it('exports kinds, channels and pairs as NDJSON', () => {
    expect(new Set(lines.map((l) => l.decoded?.protocol))).toEqual(new Set(['actioncable']));
    const of = (dir: Dir, meaning: string) => lineAt(rowOf(rows, dir, meaning));
    const subscribe = of('sent', 'subscribe ChatChannel');
    expect(subscribe.decoded).toEqual({ protocol: 'actioncable', kind: 'subscribe', name: 'ChatChannel' });
    expectReply(lines, of('received', 'confirm_subscription ChatChannel'), subscribe);
    expectReply(lines, of('received', 'reject_subscription SecretChannel'), of('sent', 'subscribe SecretChannel'));
    expect(of('sent', 'message ChatChannel#speak').decoded).toEqual({
      protocol: 'actioncable',
      kind: 'message',
      name: 'ChatChannel#speak',
    });
    expect(of('received', 'welcome').decoded).toEqual({ protocol: 'actioncable', kind: 'welcome' });
    expect(lines.filter((l) => l.decoded?.kind === 'ping').every((l) => !l.decoded!.replyTo)).toBe(true);
  });
});
