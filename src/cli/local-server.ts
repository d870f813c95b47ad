/**
 * A static file server with WebSockets on the same port, on 127.0.0.1. The demo
 * (`npm start`) and the e2e tests each build their scenarios on it.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

export interface LocalServer {
  origin: string;
  wsOrigin: string;
  close(): Promise<void>;
}

export interface LocalServerOptions {
  /** Folder whose files are served at /. */
  root: string;
  /** Called for every accepted WebSocket with its request URL (path and query). */
  onSocket(socket: WebSocket, url: URL, request: IncomingMessage): void;
  port?: number;
  /**
   * Attaches another server to the same HTTP server (the demo's Socket.IO);
   * returns which requests are that server's, so files and WebSockets leave them alone.
   */
  attach?(http: Server): (request: IncomingMessage) => boolean;
}

export async function startLocalServer({ root, onSocket, port = 0, attach }: LocalServerOptions): Promise<LocalServer> {
  let claimed: (request: IncomingMessage) => boolean = () => false;
  // Room for very long socket URLs (the e2e tests open one of 100 KB); Node's default is 16 KB of headers.
  const http = createServer({ maxHeaderSize: 256 * 1024 }, async (request, response) => {
    if (claimed(request)) return;
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname));
    try {
      const body = await readFile(join(root, path.endsWith('/') ? `${path}index.html` : path));
      response.writeHead(200, { 'content-type': TYPES[extname(path) || '.html'] ?? 'application/octet-stream' });
      response.end(body);
    } catch {
      response.writeHead(404).end('not found');
    }
  });
  const wss = new WebSocketServer({ noServer: true });
  http.on('upgrade', (request, socket, head) => {
    if (claimed(request)) return;
    wss.handleUpgrade(request, socket, head, (ws) => onSocket(ws, new URL(request.url ?? '/', 'http://x'), request));
  });
  if (attach) claimed = attach(http);
  await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve));
  const address = http.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${address.port}`,
    wsOrigin: `ws://127.0.0.1:${address.port}`,
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

/** A ws message as one Buffer, whatever ws delivered it as. */
export function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  return Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
}
