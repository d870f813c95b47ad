/**
 * The e2e tests' web and WebSocket server on 127.0.0.1: serves e2e/fixtures/
 * and answers WebSockets on the same port. Behaviour is chosen by the URL:
 *
 *   /echo                      echoes every message (text as text, binary as binary)
 *   /echo?closeAfter=N&code=C&reason=R
 *                              after echoing N messages, closes with C and R
 *   /counter                   answers every text message with {"reply": <it>, "run": n}, n counting
 *                              the sockets to /counter (a replay's answers differ from the original's)
 *   /push?count=N&interval=MS[&burst=B][&format=socketio]
 *                              sends N JSON text frames {"seq":1…N}, B (default 1) every MS;
 *                              as Socket.IO events 42["tick",{"seq":n}] with format=socketio
 *
 * Every message the server receives is kept in `received`, and every close
 * frame a client sent in `closes`, so tests can check what really went over
 * the wire.
 */
import { fileURLToPath } from 'node:url';
import type { RawData, WebSocket } from 'ws';
import { startLocalServer, toBuffer, type LocalServer } from '../../src/cli/local-server';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

export interface ReceivedMessage {
  path: string;
  data: Buffer;
  isBinary: boolean;
  /** When the server got it (Date.now()): fault tests check when frames arrived. */
  at: number;
  /** Which socket it came on, numbered from 1 in the order they connected (a replay is a new one). */
  socket: number;
  /** The subprotocol the server chose for that socket ('' for none): the first the client asked for. */
  protocol: string;
}

export interface ClosedBy {
  path: string;
  code: number;
  reason: string;
}

export interface TestServer extends LocalServer {
  received: ReceivedMessage[];
  closes: ClosedBy[];
}

export async function startTestServer(): Promise<TestServer> {
  const received: ReceivedMessage[] = [];
  const closes: ClosedBy[] = [];
  const counts = { sockets: 0, counter: 0 };
  const server = await startLocalServer({
    root: FIXTURES,
    onSocket: (ws, url) => serve(ws, url, received, closes, counts),
  });
  return { ...server, received, closes };
}

function serve(
  ws: WebSocket,
  url: URL,
  received: ReceivedMessage[],
  closes: ClosedBy[],
  counts: { sockets: number; counter: number },
): void {
  const params = url.searchParams;
  const socket = ++counts.sockets;
  const run = url.pathname === '/counter' ? ++counts.counter : 0;
  ws.on('close', (code: number, reason: Buffer) =>
    closes.push({ path: url.pathname + url.search, code, reason: reason.toString() }),
  );
  if (url.pathname === '/bulk') sendBulk(ws, params);
  if (url.pathname === '/push') {
    const count = Number(params.get('count') ?? 10);
    const interval = Number(params.get('interval') ?? 100);
    const burst = Number(params.get('burst') ?? 1);
    let sent = 0;
    const timer = setInterval(() => {
      for (let i = 0; i < burst; i++) {
        if (ws.readyState !== ws.OPEN || sent >= count) return clearInterval(timer);
        const json = JSON.stringify({ seq: ++sent });
        ws.send(params.get('format') === 'socketio' ? `42["tick",${json}]` : json);
      }
    }, interval);
    ws.on('close', () => clearInterval(timer));
  }
  const closeAfter = params.has('closeAfter') ? Number(params.get('closeAfter')) : Infinity;
  let echoed = 0;
  ws.on('message', (data: RawData, isBinary: boolean) => {
    const bytes = toBuffer(data);
    received.push({
      path: url.pathname + url.search,
      data: bytes,
      isBinary,
      at: Date.now(),
      socket,
      protocol: ws.protocol,
    });
    if (url.pathname === '/counter' && !isBinary) ws.send(JSON.stringify({ reply: bytes.toString(), run }));
    if (url.pathname !== '/echo') return;
    ws.send(bytes, { binary: isBinary });
    if (++echoed >= closeAfter) ws.close(Number(params.get('code') ?? 1000), params.get('reason') ?? '');
  });
}

/**
 * Frame `index` of a bulk session: binary frames filled with their index's
 * low byte after a 4-byte big-endian index; JSON text frames naming their
 * index, padded to `size` characters.
 */
export function bulkFrame(kind: 'binary' | 'json', index: number, size: number): Buffer | string {
  if (kind === 'json') {
    const head = `{"i":${index},"pad":"`;
    return `${head}${'x'.repeat(Math.max(0, size - head.length - 2))}"}`;
  }
  const bytes = Buffer.alloc(size, index & 0xff);
  bytes.writeUInt32BE(index, 0);
  return bytes;
}

/** `/bulk?count=N&size=B&kind=binary|json`: N frames as fast as the socket drains, then a close 1000 "done". */
function sendBulk(ws: WebSocket, params: URLSearchParams): void {
  const count = Number(params.get('count') ?? 10);
  const size = Number(params.get('size') ?? 1024);
  const kind = params.get('kind') === 'json' ? 'json' : 'binary';
  let sent = 0;
  const more = () => {
    while (sent < count && ws.readyState === ws.OPEN && ws.bufferedAmount < 4 * 1024 * 1024)
      ws.send(bulkFrame(kind, sent++, size), { binary: kind === 'binary' });
    if (ws.readyState !== ws.OPEN) return;
    if (sent < count) setTimeout(more, 5);
    else ws.close(1000, 'done');
  };
  more();
}
