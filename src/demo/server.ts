/**
 * The bundled demo: a chat room, a binary price feed and a session that the
 * server ends, served with the demo page on 127.0.0.1. `npm start` opens it in
 * Chromium with the extension loaded.
 *
 *   /chat     JSON text: a welcome, echoes of what the page says as broadcasts, presence every 2 s
 *   /ticks    binary: 16-byte ticks (float64 price + float64 time) every 300 ms; answers binary pings
 *   /session  JSON text, then the server closes with 4000 "session expired" after 3 s
 *   /socket.io/  a real Socket.IO server: chat messages answered by acks 20–120 ms later,
 *             presence events, a binary snapshot event, pings every 5 s
 */
import { fileURLToPath } from 'node:url';
import type { RawData, WebSocket } from 'ws';
import { Server as SocketIoServer, type Socket } from 'socket.io';
import { startLocalServer, toBuffer, type LocalServer } from '../cli/local-server';

const SITE = fileURLToPath(new URL('./site/', import.meta.url));

export async function startDemoServer(port = 0): Promise<LocalServer> {
  let io: SocketIoServer | undefined;
  const server = await startLocalServer({
    root: SITE,
    port,
    onSocket: (ws, url) => (ROUTES[url.pathname] ?? refuse)(ws),
    attach(http) {
      // Its own upgrades only (destroyUpgrade would end the demo's other sockets); it serves its client script too.
      io = new SocketIoServer(http, { destroyUpgrade: false, pingInterval: 5000, transports: ['websocket'] });
      io.on('connection', socketIoRoom);
      return (request) => request.url?.startsWith('/socket.io/') ?? false;
    },
  });
  return {
    ...server,
    async close() {
      io?.disconnectSockets(true);
      await server.close();
    },
  };
}

function socketIoRoom(socket: Socket): void {
  socket.emit('welcome', { room: 'lobby', users: ['ada', 'linus', 'grace'] });
  socket.on('chat message', (text: unknown, ack?: (reply: object) => void) => {
    socket.emit('chat message', { from: 'you', text });
    // A reply a little later, as a real backend's would be: the panel shows the latency.
    setTimeout(() => ack?.({ ok: true, at: Date.now() }), 20 + Math.random() * 100);
  });
  let n = 0;
  const presence = setInterval(() => socket.emit('presence', { user: ['ada', 'linus', 'grace'][n++ % 3] }), 1500);
  const snapshot = setInterval(
    () => socket.emit('snapshot', { at: Date.now(), bytes: Buffer.from([1, 2, 3, 4]) }),
    3000,
  );
  socket.on('disconnect', () => {
    clearInterval(presence);
    clearInterval(snapshot);
  });
}

const ROUTES: Record<string, (ws: WebSocket) => void> = {
  '/chat': chat,
  '/ticks': ticks,
  '/session': session,
};

function refuse(ws: WebSocket): void {
  ws.close(4404, 'no such room');
}

function every(ws: WebSocket, ms: number, tick: () => void): void {
  const timer = setInterval(() => ws.readyState === ws.OPEN && tick(), ms);
  ws.on('close', () => clearInterval(timer));
}

function chat(ws: WebSocket): void {
  const send = (message: object) => ws.send(JSON.stringify({ ...message, at: new Date().toISOString() }));
  send({ type: 'welcome', room: 'general', users: ['ada', 'linus', 'grace'] });
  ws.on('message', (data: RawData) => {
    let text = toBuffer(data).toString('utf8');
    try {
      text = (JSON.parse(text) as { text?: string }).text ?? text;
    } catch {
      // plain text is fine too
    }
    send({ type: 'message', from: 'you', text });
  });
  let n = 0;
  every(ws, 2000, () => send({ type: 'presence', user: ['ada', 'linus', 'grace'][n++ % 3], typing: n % 2 === 0 }));
}

function ticks(ws: WebSocket): void {
  let price = 100;
  every(ws, 300, () => {
    price += Math.round((Math.random() - 0.5) * 100) / 100;
    const tick = Buffer.alloc(16);
    tick.writeDoubleLE(price, 0);
    tick.writeDoubleLE(Date.now(), 8);
    ws.send(tick, { binary: true });
  });
  ws.on('message', (data: RawData, isBinary: boolean) => {
    if (isBinary) ws.send(Buffer.concat([Buffer.from([0x50, 0x4f, 0x4e, 0x47]), toBuffer(data)]), { binary: true });
  });
}

function session(ws: WebSocket): void {
  ws.send(JSON.stringify({ type: 'session', id: Math.random().toString(36).slice(2), ttl: 3 }));
  setTimeout(() => ws.close(4000, 'session expired'), 3000);
}
