/**
 * Real protocol servers for the decoder e2e tests (issue 19), each on its own
 * HTTP server on 127.0.0.1 that also serves the fixture pages of
 * e2e/fixtures/protocols/ and the client libraries' browser bundles from
 * node_modules under /vendor/, so a page, its library and its server share an
 * origin, as in an app.
 *
 * Each server keeps what its application code saw in `log`, so a test can
 * check that an action landed (the server got the acked event, the broker the
 * QoS 2 publish).
 */
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Server as SocketIoServer } from 'socket.io';
import { WebSocketServer, createWebSocketStream } from 'ws';
import { Aedes } from 'aedes';
import { createRequire } from 'node:module';
import { useServer } from 'graphql-ws/use/ws';
import { SubscriptionServer } from 'subscriptions-transport-ws';

// graphql as Node loads it for graphql-ws and subscriptions-transport-ws (CommonJS): the ES build
// vitest would pick is another instance, whose schema those servers refuse ("from another module or realm").
const require = createRequire(import.meta.url);
const { buildSchema, execute, subscribe } = require('graphql') as typeof import('graphql');

const FIXTURES = fileURLToPath(new URL('../fixtures/protocols/', import.meta.url));
const NODE_MODULES = fileURLToPath(new URL('../../node_modules/', import.meta.url));

/** The client libraries' own browser builds (UMD or IIFE), as a page of an app would load them. */
export const VENDOR: Record<string, string> = {
  'socket.io.min.js': 'socket.io-client/dist/socket.io.min.js',
  'graphql-ws.min.js': 'graphql-ws/umd/graphql-ws.min.js',
  'subscriptions-transport-ws.js': 'subscriptions-transport-ws/browser/client.js',
  'mqtt.min.js': 'mqtt/dist/mqtt.min.js',
  'stomp.umd.min.js': '@stomp/stompjs/bundles/stomp.umd.min.js',
  'sockjs.min.js': 'sockjs-client/dist/sockjs.min.js',
  'rpc-websockets.js': 'rpc-websockets/dist/index.browser-bundle.js',
  'signalr.min.js': '@microsoft/signalr/dist/browser/signalr.min.js',
  'signalr-protocol-msgpack.min.js': '@microsoft/signalr-protocol-msgpack/dist/browser/signalr-protocol-msgpack.min.js',
  'phoenix.min.js': 'phoenix/priv/static/phoenix.min.js',
  'actioncable.js': '@rails/actioncable/app/assets/javascripts/actioncable.js',
};

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript' };

export interface ProtocolServer {
  origin: string;
  wsOrigin: string;
  /** What the server's application code saw, in order. */
  log: unknown[];
  close(): Promise<void>;
}

/** Serves /vendor/<bundle> and the fixture pages; 404 for anything else. */
async function serveStatic(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname));
  const vendor = path.startsWith('/vendor/') ? VENDOR[path.slice('/vendor/'.length)] : undefined;
  const file = vendor ? join(NODE_MODULES, vendor) : join(FIXTURES, path);
  try {
    const body = await readFile(file);
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    response.end(body);
  } catch {
    response.writeHead(404).end('not found');
  }
}

/** An HTTP server with the static pages, listening on 127.0.0.1; `attach` adds the protocol's handlers. */
export async function listen(
  attach: (http: HttpServer) => { log: unknown[]; stop?(): Promise<void> | void },
): Promise<ProtocolServer> {
  // Handlers that attach to 'request' (engine.io, sockjs) take over their own paths and pass on the rest.
  const http = createServer((request, response) => void serveStatic(request, response));
  const { log, stop } = attach(http);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    wsOrigin: `ws://127.0.0.1:${port}`,
    log,
    async close() {
      // Some servers close the HTTP server themselves (socket.io): drop the browser's keep-alive connections first.
      const closed = new Promise<void>((resolve) => http.close(() => resolve()));
      http.closeAllConnections();
      await stop?.();
      await closed;
    },
  };
}

export const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How long the Socket.IO server waits before it acks `chat`: the latency the panel must show at least. */
export const SOCKET_IO_ACK_DELAY_MS = 40;

/**
 * socket.io 4 (Engine.IO 4): on connect it emits `welcome` and asks the client
 * `confirm` with an ack; it acks `chat` after SOCKET_IO_ACK_DELAY_MS and
 * `upload` (a binary event) with the byte count; it never acks `ignored`. The
 * `/admin` namespace acks `kick`.
 */
export function startSocketIo(): Promise<ProtocolServer> {
  return listen((http) => {
    const log: unknown[] = [];
    const io = new SocketIoServer(http);
    io.on('connection', (socket) => {
      socket.emit('welcome', { motd: 'hello from socket.io' });
      socket.emit('confirm', 'are you there?', (answer: unknown) => log.push({ event: 'confirm-ack', answer }));
      socket.on('chat', async (text: unknown, ack: (reply: unknown) => void) => {
        log.push({ event: 'chat', text });
        await later(SOCKET_IO_ACK_DELAY_MS);
        ack({ ok: true, echo: text });
      });
      socket.on('upload', (file: { name: string; bytes: Buffer }, ack: (reply: unknown) => void) => {
        log.push({ event: 'upload', name: file.name, bytes: [...file.bytes] });
        ack({ size: file.bytes.length });
      });
      socket.on('ignored', (text: unknown) => log.push({ event: 'ignored', text }));
    });
    io.of('/admin').on('connection', (socket) => {
      socket.on('kick', (user: unknown, ack: (reply: unknown) => void) => {
        log.push({ nsp: '/admin', event: 'kick', user });
        ack({ kicked: user });
      });
    });
    return { log, stop: () => new Promise<void>((resolve) => void io.close(() => resolve())) };
  });
}

/**
 * The GraphQL schema both GraphQL servers serve: a query, and a subscription
 * that counts down from `from` to 1, one item every 20 ms, then completes.
 */
function graphqlSchema(log: unknown[]) {
  const schema = buildSchema(`
    type Query { hello(name: String!): String }
    type Subscription { countdown(from: Int!): Int }
  `);
  const rootValue = {
    hello: ({ name }: { name: string }) => {
      log.push({ query: 'hello', name });
      return `hello ${name}`;
    },
    countdown: async function* ({ from }: { from: number }) {
      log.push({ subscription: 'countdown', from });
      for (let n = from; n > 0; n--) {
        await later(20);
        yield { countdown: n };
      }
    },
  };
  return { schema, rootValue };
}

/** graphql-ws 6 (subprotocol graphql-transport-ws) on `ws`, at /graphql. */
export function startGraphqlWs(): Promise<ProtocolServer> {
  return listen((http) => {
    const log: unknown[] = [];
    const { schema, rootValue } = graphqlSchema(log);
    const wss = new WebSocketServer({ server: http, path: '/graphql' });
    const server = useServer(
      {
        schema,
        roots: { query: rootValue, subscription: rootValue },
        onComplete: (_ctx, id) => void log.push({ complete: id }),
      },
      wss,
    );
    return { log, stop: () => server.dispose() };
  });
}

/** The legacy subscriptions-transport-ws 0.11 server (subprotocol graphql-ws), at /subscriptions. */
export function startSubscriptionsTransportWs(): Promise<ProtocolServer> {
  return listen((http) => {
    const log: unknown[] = [];
    const { schema, rootValue } = graphqlSchema(log);
    const server = SubscriptionServer.create(
      { schema, rootValue, execute, subscribe, keepAlive: 10_000 },
      { server: http, path: '/subscriptions' },
    );
    return { log, stop: () => server.close() };
  });
}

/**
 * The aedes MQTT broker over WebSocket at /mqtt, the way aedes documents it:
 * each socket as a stream (`ws`'s createWebSocketStream) handed to the broker.
 * The log has every PUBLISH a client sent, with its QoS, and every subscription.
 */
export function startMqttBroker(): Promise<ProtocolServer> {
  let broker: Aedes | undefined;
  return listen((http) => {
    const log: unknown[] = [];
    const wss = new WebSocketServer({ server: http, path: '/mqtt' });
    const ready = Aedes.createBroker().then((created) => {
      broker = created;
      created.on('publish', (packet, client) => {
        if (client) log.push({ publish: packet.topic, qos: packet.qos, payload: packet.payload.toString() });
      });
      created.on('subscribe', (subscriptions) => {
        for (const { topic, qos } of subscriptions) log.push({ subscribe: topic, qos });
      });
      return created;
    });
    wss.on('connection', (ws) => void ready.then((b) => b.handle(createWebSocketStream(ws))));
    return {
      log,
      stop: async () => {
        for (const client of wss.clients) client.terminate();
        await new Promise<void>((resolve) => broker?.close(() => resolve()) ?? resolve());
      },
    };
  });
}

/** stomp-broker-js's API, as much as the tests use (it ships no types). */
interface StompSocket {
  sessionId: string;
}
interface StompSendArgs {
  dest: string;
  frame: { body: unknown; headers: Record<string, string> };
}
interface StompBroker {
  on(event: 'send', listener: (message: StompSendArgs) => void): void;
  on(event: 'subscribe' | 'unsubscribe', listener: (subscription: { topic: string; id: string }) => void): void;
  addMiddleware(
    command: 'send',
    handler: (socket: StompSocket, args: StompSendArgs, next: () => boolean) => boolean,
  ): void;
  send(topic: string, headers: Record<string, string>, body: string): void;
}
type StompBrokerClass = new (config: {
  server: HttpServer;
  path: string;
  protocol: 'ws' | 'sockjs';
  heartbeat: [number, number];
}) => StompBroker;
interface StompServerFrames {
  ServerFrame: { RECEIPT(socket: StompSocket, receipt: string): void };
}

/**
 * stomp-broker-js 1.3 (a STOMP 1.1 broker), on plain WebSocket at /stomp or,
 * with `sockjs`, behind its sockjs 0.3 server at /sockjs. Heart-beats off, so
 * a session is only the frames its page sends and gets.
 *
 * The app on top: a SEND to /app/chat is published to /topic/chat as
 * "<body> (from the server)", as a Spring app would (the broker does not
 * deliver a message back to the session that sent it).
 *
 * The broker answers the receipt of a DISCONNECT but drops the one of a SEND:
 * its middleware chain loses the callback that would send it
 * (stompServer.js `withMiddleware`). A middleware sends it with the broker's
 * own RECEIPT frame, after the SEND was handled, as the broker means to.
 */
export function startStompBroker(transport: 'ws' | 'sockjs'): Promise<ProtocolServer> {
  return listen((http) => {
    const log: unknown[] = [];
    const StompServer = require('stomp-broker-js') as StompBrokerClass;
    const { ServerFrame } = require('stomp-broker-js/lib/stomp') as StompServerFrames;
    const broker = new StompServer({
      server: http,
      path: transport === 'ws' ? '/stomp' : '/sockjs',
      protocol: transport,
      heartbeat: [0, 0],
    });
    broker.addMiddleware('send', (socket, args, next) => {
      const receipt = args.frame.headers.receipt;
      const handled = next();
      if (handled && receipt) ServerFrame.RECEIPT(socket, receipt);
      return handled;
    });
    broker.on('subscribe', ({ topic, id }) => log.push({ subscribe: topic, id }));
    broker.on('unsubscribe', ({ id }) => log.push({ unsubscribe: id }));
    broker.on('send', ({ dest, frame }) => {
      if (dest !== '/app/chat') return;
      log.push({ send: dest, body: String(frame.body), receipt: frame.headers.receipt });
      broker.send('/topic/chat', {}, `${String(frame.body)} (from the server)`);
    });
    return { log };
  });
}

/**
 * rpc-websockets 10 (JSON-RPC 2.0) at /rpc: `sum` adds its params, `divide`
 * fails on a zero divisor (an error response), `log` is for notifications.
 * The library's server also answers batches.
 */
interface RpcServerInstance {
  register(name: string, fn: (params: unknown) => unknown, namespace?: string): void;
  close(): Promise<void>;
}
type RpcServerClass = new (options: { server: HttpServer; path: string }) => RpcServerInstance;

export function startJsonRpc(): Promise<ProtocolServer> {
  // Its package exports hide the types from this project's module resolution; Node finds its CommonJS build.
  const { Server: RpcServer } = require('rpc-websockets') as { Server: RpcServerClass };
  return listen((http) => {
    const log: unknown[] = [];
    // The library serves each URL path as a namespace of its own.
    const NS = '/rpc';
    const server = new RpcServer({ server: http, path: NS });
    server.register(
      'sum',
      (params) => {
        log.push({ call: 'sum', params });
        return (params as number[]).reduce((a, b) => a + b, 0);
      },
      NS,
    );
    server.register(
      'divide',
      (params) => {
        const [a, b] = params as number[];
        log.push({ call: 'divide', params });
        if (b === 0) throw new Error('division by zero');
        return a! / b!;
      },
      NS,
    );
    server.register('log', (params) => void log.push({ notify: 'log', params }), NS);
    return { log, stop: () => server.close() };
  });
}
