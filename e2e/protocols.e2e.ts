/**
 * Acceptance 1 of issue 19, Socket.IO: the real socket.io-client in the page
 * against a real socket.io server, read back in the panel's Message column and
 * Decoded tab, in the NDJSON export of the same session, and in
 * `npm run record -- … --format ndjson`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FrameLine } from '../src/lib/logs';
import { startLens, type Lens } from './harness/lens';
import type { DecodedRow, PanelView } from './harness/panel-view';
import { SOCKET_IO_ACK_DELAY_MS, startSocketIo, type ProtocolServer } from './harness/protocol-servers';
import {
  decodedRowsOf,
  expectReply,
  lineOf,
  ndjsonOf,
  recordNdjson,
  rowOf,
  runScenario,
  shownMs,
  expectShownLatency,
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

/** The frames of a socket.io session, as `direction kind name` with the pair cell; same in the panel and the exports. */
function checkSocketIoLines(lines: FrameLine[]): void {
  const sio = lines.filter((l) => l.url.includes('/socket.io/?EIO=4'));
  expect(sio.map((l) => l.decoded?.protocol)).toEqual(['engine.io', ...Array(sio.length - 1).fill('socket.io')]);
  expect(sio[0]!.decoded).toEqual({ protocol: 'engine.io', kind: 'open' });

  // Namespaces: the client connects to / and /admin on one connection; each server CONNECT answers its own.
  expectReply(sio, lineOf(sio, 'received', 'CONNECT'), lineOf(sio, 'sent', 'CONNECT'));
  expectReply(sio, lineOf(sio, 'received', 'CONNECT', '/admin'), lineOf(sio, 'sent', 'CONNECT', '/admin'));

  const chat = lineOf(sio, 'sent', 'EVENT', 'chat');
  expect(chat.decoded).toEqual({ protocol: 'socket.io', kind: 'EVENT', name: 'chat', id: '0' });
  const chatAck = lineOf(sio, 'received', 'ACK', 'chat');
  expect(chatAck.decoded).toMatchObject({ kind: 'ACK', name: 'chat', id: '0' });
  expectReply(sio, chatAck, chat, SOCKET_IO_ACK_DELAY_MS);

  // The binary event: its text packet, then its attachment, then the server's ack.
  const upload = lineOf(sio, 'sent', 'BINARY_EVENT', 'upload');
  expect(upload.data).toBe('451-1["upload",{"name":"a.bin","bytes":{"_placeholder":true,"num":0}}]');
  const attachment = lineOf(sio, 'sent', 'attachment', 'upload');
  expect(attachment).toMatchObject({ seq: upload.seq + 1, type: 'binary', data: 'AQIDBA==' });
  expect(attachment.decoded).toEqual({ protocol: 'socket.io', kind: 'attachment', name: 'upload', id: '1' });
  expectReply(sio, lineOf(sio, 'received', 'ACK', 'upload'), upload);

  const kick = lineOf(sio, 'sent', 'EVENT', 'kick');
  expect(kick.data).toBe('42/admin,0["kick","bob"]');
  expect(kick.decoded?.id).toBe('0');
  expectReply(sio, lineOf(sio, 'received', 'ACK', 'kick'), kick);

  // An event the server emits with an ack: the client's ACK answers it.
  const confirm = lineOf(sio, 'received', 'EVENT', 'confirm');
  expect(confirm.decoded?.id).toMatch(/^\d+$/);
  expect(lineOf(sio, 'sent', 'ACK', 'confirm').decoded?.id).toBe(confirm.decoded?.id);
  expectReply(sio, lineOf(sio, 'sent', 'ACK', 'confirm'), confirm);
  expect(lineOf(sio, 'received', 'EVENT', 'welcome').decoded).toEqual({
    protocol: 'socket.io',
    kind: 'EVENT',
    name: 'welcome',
  });

  const ignored = lineOf(sio, 'sent', 'EVENT', 'ignored');
  expect(sio.filter((l) => l.decoded?.replyTo === ignored.seq)).toEqual([]);
  expect(sio.filter((l) => l.decoded?.kind === 'DISCONNECT').map((l) => [l.dir, l.decoded?.name])).toEqual([
    ['sent', '/admin'],
    ['sent', undefined],
  ]);
}

describe('Socket.IO: socket.io-client against a socket.io 4 server', () => {
  let server: ProtocolServer;
  let panel: PanelView;
  let rows: DecodedRow[];
  let tabId: number;
  beforeAll(async () => {
    server = await startSocketIo();
    const scenario = await runScenario<Record<string, unknown>>(lens, server, 'socketio.html');
    tabId = scenario.tabId;
    expect(scenario.result).toEqual({
      chat: { ok: true, echo: 'hello' },
      upload: { size: 4 },
      kick: { kicked: 'bob' },
    });
    panel = await lens.openPanel(tabId);
    // Complete once the connection closed: the unacked event is then flagged.
    rows = await decodedRowsOf(panel, 'socket.io', (r) =>
      r.some((row) => row.meaning === 'EVENT ignored' && row.pair === 'no reply'),
    );
  });
  afterAll(() => server?.close());

  it('delivers every event, ack and attachment to the server', async () => {
    // The last event races the disconnect on a loaded machine: its arrival is awaited, not assumed.
    await expect.poll(() => server.log.length, { timeout: 5000 }).toBe(5);
    expect(server.log).toEqual([
      { event: 'confirm-ack', answer: 'yes' },
      { event: 'chat', text: 'hello' },
      { event: 'upload', name: 'a.bin', bytes: [1, 2, 3, 4] },
      { nsp: '/admin', event: 'kick', user: 'bob' },
      { event: 'ignored', text: 'nobody answers this' },
    ]);
  });

  it('shows kinds, names, pairs and latencies in the Message column', async () => {
    const lines = await ndjsonOf(lens, tabId);
    const latencyOf = (row: DecodedRow) => lines.find((l) => l.seq === row.seq)!.decoded!.latencyMs!;
    expect(rowOf(rows, 'received', 'open').pair).toBe('');
    const exchanges: [Dir, string, Dir, string][] = [
      ['sent', 'CONNECT', 'received', 'CONNECT'],
      ['sent', 'CONNECT /admin', 'received', 'CONNECT /admin'],
      ['sent', 'EVENT chat', 'received', 'ACK chat'],
      ['sent', 'BINARY_EVENT upload', 'received', 'ACK upload'],
      ['sent', 'EVENT kick', 'received', 'ACK kick'],
      ['received', 'EVENT confirm', 'sent', 'ACK confirm'],
    ];
    for (const [requestDir, request, replyDir, reply] of exchanges) {
      expect(rowOf(rows, requestDir, request).pair, request).toBe('');
      const answer = rowOf(rows, replyDir, reply);
      expect(answer.pair, reply).toMatch(/^↩ [\d.]+ m?s$/);
      // The panel's latency is the export's, as shown (2–3 significant digits).
      expectShownLatency(answer.pair, latencyOf(answer));
    }
    expect(shownMs(rowOf(rows, 'received', 'ACK chat').pair)).toBeGreaterThanOrEqual(
      leastLatency(SOCKET_IO_ACK_DELAY_MS),
    );
    expect(rowOf(rows, 'sent', 'attachment upload')).toMatchObject({ type: 'binary', pair: '' });
    expect(rowOf(rows, 'received', 'EVENT welcome').pair).toBe('');
    expect(rowOf(rows, 'sent', 'EVENT ignored').pair).toBe('no reply');
    expect(rows.filter((r) => r.meaning.startsWith('DISCONNECT')).map((r) => r.meaning)).toEqual([
      'DISCONNECT /admin',
      'DISCONNECT',
    ]);
  });

  it('links a request and its reply both ways in the Decoded tab', async () => {
    const chat = rowOf(rows, 'sent', 'EVENT chat');
    const ack = rowOf(rows, 'received', 'ACK chat');
    const [request] = await panel.decodedDetail(chat.seq);
    expect(request).toMatchObject({
      kind: 'EVENT',
      head: 'socket.io EVENT chat · id 0',
      exchange: `1 reply: #${ack.seq}`,
    });
    expect(request!.body).toContain('"hello"');
    const [reply] = await panel.decodedDetail(ack.seq);
    expect(reply).toMatchObject({ kind: 'ACK', head: 'socket.io ACK chat · id 0' });
    expect(reply!.exchange).toMatch(new RegExp(`^Reply to #${chat.seq} after [\\d.]+ m?s$`));
    expect(shownMs(reply!.exchange)).toBe(shownMs(ack.pair));
    // The link selects the request.
    await panel.page.getByRole('button', { name: `#${chat.seq}` }).click();
    await expect
      .poll(() =>
        panel.page.locator('[aria-label="Messages"] [role="row"][aria-selected="true"]').getAttribute('data-seq'),
      )
      .toBe(String(chat.seq));
  });

  it('shows the binary event, its attachment, the namespace and the unanswered event in the Decoded tab', async () => {
    const upload = rowOf(rows, 'sent', 'BINARY_EVENT upload');
    const [event] = await panel.decodedDetail(upload.seq);
    expect(event).toMatchObject({
      head: 'socket.io BINARY_EVENT upload · id 1',
      exchange: `1 reply: #${rowOf(rows, 'received', 'ACK upload').seq}`,
    });
    const [attachment] = await panel.decodedDetail(rowOf(rows, 'sent', 'attachment upload').seq);
    expect(attachment!.head).toBe('socket.io attachment upload · id 1');
    for (const part of ['index: 0', 'of: 1', 'data: "<4 bytes>"']) expect(attachment!.body).toContain(part);

    const [kick] = await panel.decodedDetail(rowOf(rows, 'sent', 'EVENT kick').seq);
    expect(kick!.head).toBe('socket.io EVENT kick · id 0');
    expect(kick!.body).toContain('namespace: "/admin"');
    expect(kick!.body).toContain('"bob"');

    const [confirm] = await panel.decodedDetail(rowOf(rows, 'received', 'EVENT confirm').seq);
    expect(confirm).toMatchObject({
      head: 'socket.io EVENT confirm · id 0',
      exchange: `1 reply: #${rowOf(rows, 'sent', 'ACK confirm').seq}`,
    });
    const [ignored] = await panel.decodedDetail(rowOf(rows, 'sent', 'EVENT ignored').seq);
    expect(ignored!.head).toBe('socket.io EVENT ignored · id 2');
    expect(ignored!.exchange).toBe('Never answered: the connection closed or the id was reused');
    const [leave] = await panel.decodedDetail(rowOf(rows, 'sent', 'DISCONNECT /admin').seq);
    expect(leave).toMatchObject({ head: 'socket.io DISCONNECT /admin', exchange: '' });
    expect(leave!.body).toContain('namespace: "/admin"');
    expect(leave!.body).not.toContain('undefined');
  });

  it('exports the same meaning as NDJSON', async () => {
    checkSocketIoLines(await ndjsonOf(lens, tabId));
  });

  it('writes the same meaning with `npm run record -- … --format ndjson`', async () => {
    const before = server.log.length;
    const lines = await recordNdjson(`${server.origin}/socketio.html`);
    checkSocketIoLines(lines);
    expect(server.log.length - before).toBe(5);
  });
});
