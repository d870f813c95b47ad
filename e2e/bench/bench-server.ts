/**
 * The benchmark's web and WebSocket server on 127.0.0.1, built on the shared
 * local server. It serves e2e/bench/page/ and answers WebSockets by path:
 *
 *   /echo                  sends every message back as it came (text as text, binary as binary)
 *   /sink                  drops every message
 *   /push?count=N&size=B   on the page's first message, sends N text frames of B bytes
 *                          (&binary=1: binary frames, B up to 65,535)
 *
 * It must cost the browser nothing measurable, so it does the least per frame:
 * echo hands ws the Buffer it received, and push writes all its frames,
 * framed once in advance, with a single socket write.
 */
import { fileURLToPath } from 'node:url';
import type { RawData } from 'ws';
import { startLocalServer, type LocalServer } from '../../src/cli/local-server';

const PAGE_ROOT = fileURLToPath(new URL('./page/', import.meta.url));

export function startBenchServer(): Promise<LocalServer> {
  return startLocalServer({
    root: PAGE_ROOT,
    onSocket(ws, url, request) {
      if (url.pathname === '/echo') {
        // With ws's default binaryType every message arrives as one Buffer.
        ws.on('message', (data: RawData, isBinary: boolean) => ws.send(data as Buffer, { binary: isBinary }));
      } else if (url.pathname === '/push') {
        const binary = url.searchParams.get('binary') === '1';
        const count = Number(url.searchParams.get('count'));
        const frames = pushFrames(count, Number(url.searchParams.get('size')), binary);
        // After the handshake the request's socket is the WebSocket's TCP stream; ws writes to it only
        // when asked to send, so frames written here in one piece reach the page intact and in order.
        ws.once('message', () => request.socket.write(frames));
      }
      // Anything else (/sink) just drops what it receives.
    },
  });
}

/** count unmasked, unfragmented text (ASCII) or binary frames (RFC 6455 §5.2) of size bytes each. */
function pushFrames(count: number, size: number, binary: boolean): Buffer {
  if (!(size >= 0 && size < 65_536)) throw new Error('push frames must be shorter than 64 KiB');
  // 7-bit length below 126, else 126 and a 16-bit length.
  const header = size < 126 ? Buffer.from([0, size]) : Buffer.from([0, 126, size >> 8, size & 0xff]);
  header[0] = binary ? 0x82 : 0x81; // FIN + binary or text opcode
  const frame = Buffer.concat([header, Buffer.alloc(size, 'x')]);
  const all = Buffer.allocUnsafe(frame.length * count);
  for (let i = 0; i < count; i++) frame.copy(all, i * frame.length);
  return all;
}
