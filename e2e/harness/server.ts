/**
 * The e2e tests' web and WebSocket server on 127.0.0.1: serves e2e/fixtures/
 * and answers WebSockets on one port. Behaviour is chosen by the socket's URL:
 *
 *   /echo                      echoes every message (text as text, binary as binary)
 *   /echo?closeAfter=N&code=C&reason=R
 *                              after echoing N messages, closes with C and R
 *   /push?count=N&interval=MS  sends N text frames, one every MS
 *
 * Every message the server receives is kept in `received`, so tests can check
 * what really went over the wire.
 */
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript' };

export interface ReceivedMessage {
  path: string;
  data: Buffer;
  isBinary: boolean;
}

export interface TestServer {
  origin: string;
  wsOrigin: string;
  received: ReceivedMessage[];
  close(): Promise<void>;
}

export async function startTestServer(): Promise<TestServer> {
  const received: ReceivedMessage[] = [];
  const http: Server = createServer(async (request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname));
    try {
      const body = await readFile(join(FIXTURES, path));
      response.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' });
      response.end(body);
    } catch {
      response.writeHead(404).end('not found');
    }
  });
  const wss = new WebSocketServer({ noServer: true });
  http.on('upgrade', (request, socket, head) => {
    wss.handleUpgrade(request, socket, head, (ws) => serve(ws, new URL(request.url ?? '/', 'http://x'), received));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    wsOrigin: `ws://127.0.0.1:${port}`,
    received,
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

function serve(ws: WebSocket, url: URL, received: ReceivedMessage[]): void {
  const params = url.searchParams;
  if (url.pathname === '/push') {
    const count = Number(params.get('count') ?? 10);
    const interval = Number(params.get('interval') ?? 100);
    let sent = 0;
    const timer = setInterval(() => {
      if (ws.readyState !== ws.OPEN || sent >= count) return clearInterval(timer);
      ws.send(JSON.stringify({ seq: ++sent }));
    }, interval);
    ws.on('close', () => clearInterval(timer));
  }
  const closeAfter = params.has('closeAfter') ? Number(params.get('closeAfter')) : Infinity;
  let echoed = 0;
  ws.on('message', (data: RawData, isBinary: boolean) => {
    const bytes = Buffer.isBuffer(data) ? data : Buffer.concat(Array.isArray(data) ? data : [Buffer.from(data)]);
    received.push({ path: url.pathname + url.search, data: bytes, isBinary });
    if (url.pathname !== '/echo') return;
    ws.send(bytes, { binary: isBinary });
    if (++echoed >= closeAfter) ws.close(Number(params.get('code') ?? 1000), params.get('reason') ?? '');
  });
}
