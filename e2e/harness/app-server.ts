/**
 * The app server of fixtures/mcp.html, for the MCP and tail tests: answers
 * the page's JSON-RPC calls (order.place fails), pushes what a test asks, and
 * logs every frame each way and every close, the ground truth for what the
 * tools say they saw, sent and blocked.
 */
import { fileURLToPath } from 'node:url';
import type { WebSocket } from 'ws';
import { startLocalServer, toBuffer, type LocalServer } from '../../src/cli/local-server';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** The app server of fixtures/mcp.html: answers the JSON-RPC calls (one fails) and logs every frame each way. */
export interface AppServer extends LocalServer {
  received: string[];
  sent: string[];
  closes: { code: number; reason: string }[];
  push(text: string): void;
}

export async function startAppServer(): Promise<AppServer> {
  const received: string[] = [];
  const sent: string[] = [];
  const closes: { code: number; reason: string }[] = [];
  const sockets = new Set<WebSocket>();
  const send = (ws: WebSocket, text: string) => {
    sent.push(text);
    ws.send(text);
  };
  const server = await startLocalServer({
    root: FIXTURES,
    onSocket(ws) {
      sockets.add(ws);
      ws.on('close', (code: number, reason: Buffer) => {
        sockets.delete(ws);
        closes.push({ code, reason: reason.toString() });
      });
      ws.on('message', (data) => {
        const text = toBuffer(data).toString('utf8');
        received.push(text);
        let call: { id?: number; method?: string } = {};
        try {
          call = JSON.parse(text) as typeof call;
        } catch {
          return;
        }
        if (call.method === 'user.get')
          send(ws, JSON.stringify({ jsonrpc: '2.0', id: call.id, result: { name: 'Ada' } }));
        if (call.method === 'order.place')
          send(ws, JSON.stringify({ jsonrpc: '2.0', id: call.id, error: { code: -32000, message: 'out of stock' } }));
      });
    },
  });
  return {
    ...server,
    received,
    sent,
    closes,
    push(text) {
      for (const ws of sockets) send(ws, text);
    },
  };
}
