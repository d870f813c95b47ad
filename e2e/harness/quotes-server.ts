/**
 * The server of e2e/fixtures/replay.html, for the replay and mock tests:
 * serves e2e/fixtures/ and answers /quotes sockets. It pushes a tick 150 ms
 * after the open, greets a hello (with a volatile `ts`), answers binary with
 * the bytes reversed and a sum with its result; `changed` makes the sum wrong
 * by one, as a changed server would. Every client frame is kept with its
 * arrival time, per connection.
 */
import { fileURLToPath } from 'node:url';
import type { RawData } from 'ws';
import { startLocalServer, toBuffer, type LocalServer } from '../../src/cli/local-server';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

export interface ClientFrame {
  data: Buffer;
  isBinary: boolean;
  /** performance.now() at arrival. */
  at: number;
}

export interface QuotesServer extends LocalServer {
  /** Client frames per connection, in arrival order. */
  connections: ClientFrame[][];
  closes: number[];
  changed: boolean;
}

export async function startQuotesServer(): Promise<QuotesServer> {
  const state = { connections: [] as ClientFrame[][], closes: [] as number[], changed: false };
  const server = await startLocalServer({
    root: FIXTURES,
    onSocket: (ws, url) => {
      if (url.pathname !== '/quotes') return ws.close(4404, 'unknown path');
      const frames: ClientFrame[] = [];
      state.connections.push(frames);
      const tick = setTimeout(() => ws.send(JSON.stringify({ op: 'tick', n: 1 })), 150);
      ws.on('close', (code: number) => {
        clearTimeout(tick);
        state.closes.push(code);
      });
      ws.on('message', (data: RawData, isBinary: boolean) => {
        const bytes = toBuffer(data);
        frames.push({ data: bytes, isBinary, at: performance.now() });
        if (isBinary) return ws.send(Buffer.from(bytes).reverse(), { binary: true });
        const message = JSON.parse(bytes.toString()) as { op: string; user?: string; args?: number[] };
        if (message.op === 'hello') ws.send(JSON.stringify({ op: 'welcome', user: message.user, ts: Date.now() }));
        if (message.op === 'sum') {
          const value = message.args!.reduce((a, b) => a + b, 0) + (state.changed ? 1 : 0);
          ws.send(JSON.stringify({ op: 'result', value }));
        }
      });
    },
  });
  // The state object itself is returned, so a test's `server.changed = true` reaches the handler.
  return Object.assign(state, server);
}
