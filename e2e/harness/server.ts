/**
 * The e2e tests' web and WebSocket server on 127.0.0.1: serves e2e/fixtures/
 * and answers WebSockets on the same port. Behaviour is chosen by the URL:
 *
 *   /echo                      echoes every message (text as text, binary as binary)
 *   /echo?closeAfter=N&code=C&reason=R
 *                              after echoing N messages, closes with C and R
 *   /push?count=N&interval=MS[&burst=B]
 *                              sends N JSON text frames {"seq":1…N}, B (default 1) every MS
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
  const server = await startLocalServer({ root: FIXTURES, onSocket: (ws, url) => serve(ws, url, received, closes) });
  return { ...server, received, closes };
}

function serve(ws: WebSocket, url: URL, received: ReceivedMessage[], closes: ClosedBy[]): void {
  const params = url.searchParams;
  ws.on('close', (code: number, reason: Buffer) =>
    closes.push({ path: url.pathname + url.search, code, reason: reason.toString() }),
  );
  if (url.pathname === '/push') {
    const count = Number(params.get('count') ?? 10);
    const interval = Number(params.get('interval') ?? 100);
    const burst = Number(params.get('burst') ?? 1);
    let sent = 0;
    const timer = setInterval(() => {
      for (let i = 0; i < burst; i++) {
        if (ws.readyState !== ws.OPEN || sent >= count) return clearInterval(timer);
        ws.send(JSON.stringify({ seq: ++sent }));
      }
    }, interval);
    ws.on('close', () => clearInterval(timer));
  }
  const closeAfter = params.has('closeAfter') ? Number(params.get('closeAfter')) : Infinity;
  let echoed = 0;
  ws.on('message', (data: RawData, isBinary: boolean) => {
    const bytes = toBuffer(data);
    received.push({ path: url.pathname + url.search, data: bytes, isBinary });
    if (url.pathname !== '/echo') return;
    ws.send(bytes, { binary: isBinary });
    if (++echoed >= closeAfter) ws.close(Number(params.get('code') ?? 1000), params.get('reason') ?? '');
  });
}
