/**
 * Hand-written servers for the protocol e2e tests (issue 19) whose real
 * servers do not run on Node: ASP.NET Core SignalR (C#), Phoenix Channels
 * (Elixir) and Rails Action Cable (Ruby). No npm package implements their
 * server side, so each is a minimal server on `ws`, written from the protocol's
 * specification and checked against the real browser client in the page: if a
 * frame were wrong, the client library would fail the page's scenario.
 *
 * They share protocol-servers.ts's `listen` (static pages and /vendor/
 * bundles on the same origin) and keep what their "application code" saw in
 * `log`. Only what the tests use is implemented; what each implements is said
 * above its start function.
 */
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { decode as msgpackDecode, encode as msgpackEncode } from '@msgpack/msgpack';
import { later, listen, type ProtocolServer } from './protocol-servers';

/** Takes `POST <path>` before the static pages (which `listen` serves for every other request). */
function route(http: HttpServer, path: string, handle: (request: IncomingMessage, response: ServerResponse) => void) {
  const others = http.listeners('request') as ((request: IncomingMessage, response: ServerResponse) => void)[];
  http.removeAllListeners('request');
  http.on('request', (request: IncomingMessage, response: ServerResponse) => {
    if (request.method === 'POST' && new URL(request.url ?? '/', 'http://x').pathname === path)
      handle(request, response);
    else for (const other of others) other.call(http, request, response);
  });
}

const text = (data: RawData): string =>
  (Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as Buffer)).toString();
const bytes = (data: RawData): Buffer =>
  Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data instanceof ArrayBuffer ? new Uint8Array(data) : data);

// ---------------------------------------------------------------------------------------------
// SignalR

/** How long the hub waits before it completes `Add`: the latency the panel must show at least. */
export const SIGNALR_COMPLETION_DELAY_MS = 40;
/** Between two items of the `Counter` stream. */
export const SIGNALR_ITEM_INTERVAL_MS = 20;

const RS = '\u001e';

/** A hub message as the JSON hub protocol writes it; the MessagePack one is converted from and to it. */
interface HubMessage {
  type: number;
  invocationId?: string;
  target?: string;
  arguments?: unknown[];
  item?: unknown;
  result?: unknown;
  error?: string;
  allowReconnect?: boolean;
}

/** The varint length prefix of the MessagePack hub protocol: 7 bits a byte, low first. */
function varint(length: number): number[] {
  const out: number[] = [];
  do {
    let byte = length & 0x7f;
    length >>>= 7;
    if (length > 0) byte |= 0x80;
    out.push(byte);
  } while (length > 0);
  return out;
}

/** A hub message as the MessagePack hub protocol's array (its spec, "MessagePack Encoding"). */
function toMsgpackArray(m: HubMessage): unknown[] {
  const id = m.invocationId ?? null;
  switch (m.type) {
    case 1:
      return [1, {}, id, m.target, m.arguments ?? []];
    case 2:
      return [2, {}, id, m.item];
    case 3:
      if (m.error !== undefined) return [3, {}, id, 1, m.error];
      return m.result === undefined ? [3, {}, id, 2] : [3, {}, id, 3, m.result];
    case 6:
      return [6];
    case 7:
      return [7, m.error ?? null, m.allowReconnect ?? false];
    default:
      throw new Error(`the hub does not send type ${m.type}`);
  }
}

function fromMsgpackArray(array: unknown[]): HubMessage {
  const [type] = array as [number];
  const id = (array[2] ?? undefined) as string | undefined;
  switch (type) {
    case 1:
    case 4:
      return { type, invocationId: id, target: array[3] as string, arguments: array[4] as unknown[] };
    case 3:
      // Completion: [3, headers, id, result kind (1 error, 2 void, 3 result), error or result].
      return array[3] === 1
        ? { type, invocationId: id, error: array[4] as string }
        : { type, invocationId: id, result: array[4] };
    case 5:
      return { type, invocationId: id };
    default:
      return { type };
  }
}

/** The MessagePack hub protocol's messages in one binary frame: each a length prefix and a MessagePack array. */
function readMsgpackMessages(frame: Buffer): HubMessage[] {
  const messages: HubMessage[] = [];
  let pos = 0;
  while (pos < frame.length) {
    let length = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = frame[pos++]!;
      length |= (byte & 0x7f) << shift;
      shift += 7;
    } while (byte & 0x80);
    messages.push(fromMsgpackArray(msgpackDecode(frame.subarray(pos, pos + length)) as unknown[]));
    pos += length;
  }
  return messages;
}

/**
 * An ASP.NET Core SignalR hub at /hub, as the real client library meets one:
 * - `POST /hub/negotiate?negotiateVersion=1` answers a connectionId, a
 *   connectionToken and WebSockets as the one transport (Text and Binary); the
 *   WebSocket at /hub must then carry that token as `id`, or is refused (404,
 *   as ASP.NET answers an unknown id).
 * - The handshake (`{"protocol":"json"|"messagepack","version":1}` + 0x1E)
 *   picks the hub protocol; the answer `{}` + 0x1E comes as a text frame for
 *   JSON and a binary one for MessagePack, then a Ping and an Invocation of
 *   the client's `whoami` with an id (a client result, SignalR 7+); the
 *   client's Completion of it makes the hub invoke `notify` without an id.
 * - Hub methods: `Add` completes with the sum after SIGNALR_COMPLETION_DELAY_MS;
 *   `Fail` completes with an error; `Log` (sent without id) only logs;
 *   `Counter(n)` streams n…1 every SIGNALR_ITEM_INTERVAL_MS, its last item and
 *   its Completion written in one frame (as the server's pipe batches them);
 *   `Ticker` streams one item and then nothing until the client cancels it;
 *   `Leave` makes the server end the connection with a Close message, as
 *   `Context.Abort()` does. A client Close or CancelInvocation is logged.
 * JSON frames hold records ending in 0x1E; MessagePack frames hold
 * varint-length-prefixed MessagePack arrays, per the hub protocol spec.
 */
export function startSignalr(): Promise<ProtocolServer> {
  return listen((http) => {
    const log: unknown[] = [];
    const tokens = new Set<string>();
    route(http, '/hub/negotiate', (request, response) => {
      const query = Object.fromEntries(new URL(request.url ?? '/', 'http://x').searchParams);
      const connectionToken = randomUUID();
      tokens.add(connectionToken);
      log.push({ negotiate: query });
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          negotiateVersion: 1,
          connectionId: randomUUID(),
          connectionToken,
          availableTransports: [{ transport: 'WebSockets', transferFormats: ['Text', 'Binary'] }],
        }),
      );
    });
    const wss = new WebSocketServer({
      server: http,
      path: '/hub',
      verifyClient: ({ req }, done) => {
        const id = new URL(req.url ?? '/', 'http://x').searchParams.get('id');
        if (id !== null && tokens.delete(id)) done(true);
        else done(false, 404, 'No Connection with that ID');
      },
    });
    wss.on('connection', (ws) => {
      let protocol: 'json' | 'messagepack' | undefined;
      const write = (...messages: HubMessage[]) => {
        if (ws.readyState !== ws.OPEN) return;
        if (protocol === 'json') ws.send(messages.map((m) => JSON.stringify(m) + RS).join(''));
        else
          ws.send(
            Buffer.concat(
              messages.map((m) => {
                const body = msgpackEncode(toMsgpackArray(m));
                return Buffer.concat([Buffer.from(varint(body.length)), body]);
              }),
            ),
          );
      };
      const invoke = async (m: HubMessage) => {
        const args = m.arguments ?? [];
        log.push({ type: m.type, target: m.target, args, ...(m.invocationId !== undefined && { id: m.invocationId }) });
        const id = m.invocationId;
        if (m.type === 4 && m.target === 'Counter') {
          for (let n = args[0] as number; n > 1; n--) {
            await later(SIGNALR_ITEM_INTERVAL_MS);
            write({ type: 2, invocationId: id, item: n });
          }
          await later(SIGNALR_ITEM_INTERVAL_MS);
          write({ type: 2, invocationId: id, item: 1 }, { type: 3, invocationId: id });
        } else if (m.type === 4 && m.target === 'Ticker') {
          // An endless stream: its first item now, the next ones never (the client cancels).
          write({ type: 2, invocationId: id, item: 'tick' });
        } else if (m.target === 'Add') {
          await later(SIGNALR_COMPLETION_DELAY_MS);
          write({ type: 3, invocationId: id, result: (args as number[]).reduce((a, b) => a + b, 0) });
        } else if (m.target === 'Fail') {
          write({ type: 3, invocationId: id, error: 'Fail always fails' });
        } else if (m.target === 'Leave') {
          write({ type: 7 });
        } else if (id !== undefined) {
          write({ type: 3, invocationId: id, error: `Unknown hub method '${m.target}'` });
        }
      };
      const handle = (m: HubMessage) => {
        if (m.type === 1 || m.type === 4) void invoke(m);
        else if (m.type === 5) log.push({ cancel: m.invocationId });
        else if (m.type === 3 && m.invocationId === 'whoami-1') {
          log.push({ completion: m.invocationId, result: m.result });
          write({ type: 1, target: 'notify', arguments: ['welcome', m.result] });
        } else if (m.type === 7) log.push({ close: 'from the client' });
      };
      const handshake = (json: string) => {
        const request = JSON.parse(json) as { protocol: string; version: number };
        log.push({ handshake: request.protocol, version: request.version });
        if (request.protocol !== 'json' && request.protocol !== 'messagepack') {
          ws.send(JSON.stringify({ error: `The protocol '${request.protocol}' is not supported.` }) + RS);
          ws.close();
          return;
        }
        protocol = request.protocol;
        ws.send(protocol === 'json' ? `{}${RS}` : Buffer.from(`{}${RS}`));
        write({ type: 6 });
        write({ type: 1, invocationId: 'whoami-1', target: 'whoami', arguments: ['who are you?'] });
      };
      ws.on('message', (data, isBinary) => {
        if (protocol === 'messagepack' && isBinary) {
          for (const m of readMsgpackMessages(bytes(data))) handle(m);
          return;
        }
        const records = text(data).split(RS).slice(0, -1);
        for (const record of records) {
          if (!protocol) handshake(record);
          else handle(JSON.parse(record) as HubMessage);
        }
      });
    });
    return { log };
  });
}

// ---------------------------------------------------------------------------------------------
// Phoenix Channels

/** How long the channel waits before it replies to `new_msg`. */
export const PHOENIX_REPLY_DELAY_MS = 30;

type PhoenixMessage = [joinRef: string | null, ref: string | null, topic: string, event: string, payload: unknown];

/** A v2 binary frame the server sends: reply (kind 1) or broadcast (kind 2), phoenix.js's serializer layout. */
function phoenixBinary(kind: 1 | 2, fields: string[], payload: Uint8Array): Buffer {
  const texts = fields.map((f) => Buffer.from(f));
  return Buffer.concat([Buffer.from([kind, ...texts.map((t) => t.length)]), ...texts, payload]);
}

/**
 * A Phoenix endpoint with a socket at /socket (`/socket/websocket?vsn=2.0.0`)
 * speaking the V2 serializer: JSON arrays `[join_ref, ref, topic, event,
 * payload]`, and binary frames for binary payloads.
 * - `heartbeat` on topic `phoenix` → `phx_reply` `{status: "ok"}`.
 * - `phx_join` `room:lobby` → ok; `room:secret` → error `unauthorized`.
 * - `new_msg` → after PHOENIX_REPLY_DELAY_MS the reply `{status: "ok",
 *   response: {id}}`, then the message broadcast to the topic (`join_ref` and
 *   `ref` null, as Phoenix fastlanes broadcasts).
 * - a binary push `upload` → a binary reply (kind 1, status ok, the bytes
 *   reversed), then a binary broadcast (kind 2) `thumb` with the byte count.
 * - `phx_leave` → ok, then, for a joined topic, `phx_close` with the join
 *   ref, as the channel process does when it stops.
 */
export function startPhoenix(): Promise<ProtocolServer> {
  return listen((http) => {
    const log: unknown[] = [];
    const wss = new WebSocketServer({ server: http, path: '/socket/websocket' });
    wss.on('connection', (ws: WebSocket, request) => {
      const params = Object.fromEntries(new URL(request.url ?? '/', 'http://x').searchParams);
      log.push({ connect: params });
      if (params.vsn !== '2.0.0') return ws.close(1003, 'only the V2 serializer');
      let messages = 0;
      const joined = new Set<string>();
      const send = (message: PhoenixMessage) => ws.readyState === ws.OPEN && ws.send(JSON.stringify(message));
      const reply = (m: PhoenixMessage, status: 'ok' | 'error', response: unknown) =>
        send([m[0], m[1], m[2], 'phx_reply', { status, response }]);
      ws.on('message', (data, isBinary) => {
        if (isBinary) {
          // A client push: kind 0, then the sizes of join_ref, ref, topic and event, the texts, the payload.
          const frame = bytes(data);
          const sizes = [...frame.subarray(1, 5)];
          let pos = 5;
          const [joinRef, ref, topic, event] = sizes.map((size) => frame.subarray(pos, (pos += size)).toString());
          const payload = frame.subarray(pos);
          log.push({ binary: event, topic, bytes: [...payload] });
          ws.send(phoenixBinary(1, [joinRef!, ref!, topic!, 'ok'], Uint8Array.from(payload).reverse()));
          ws.send(phoenixBinary(2, [topic!, 'thumb'], Uint8Array.of(payload.length)));
          return;
        }
        const m = JSON.parse(text(data)) as PhoenixMessage;
        const [joinRef, , topic, event, payload] = m;
        if (topic === 'phoenix' && event === 'heartbeat') {
          log.push({ heartbeat: m[1] });
          reply(m, 'ok', {});
        } else if (event === 'phx_join') {
          log.push({ join: topic, payload });
          if (topic === 'room:lobby') {
            joined.add(topic);
            reply(m, 'ok', {});
          } else reply(m, 'error', { reason: 'unauthorized' });
        } else if (event === 'new_msg') {
          log.push({ push: event, topic, payload });
          void later(PHOENIX_REPLY_DELAY_MS).then(() => {
            reply(m, 'ok', { id: ++messages });
            send([null, null, topic, 'new_msg', { ...(payload as object), from: 'the server' }]);
          });
        } else if (event === 'phx_leave') {
          log.push({ leave: topic });
          reply(m, 'ok', {});
          // The socket itself answers the leave of a topic with no channel process (its join failed).
          if (joined.delete(topic)) send([joinRef, joinRef, topic, 'phx_close', {}]);
        } else {
          log.push({ unexpected: m });
        }
      });
    });
    return { log };
  });
}

// ---------------------------------------------------------------------------------------------
// Action Cable

/** Rails pings every 3 s; this server sooner, so a short session has some. */
export const ACTION_CABLE_PING_MS = 200;

/**
 * A Rails Action Cable server at /cable with the `actioncable-v1-json`
 * subprotocol (a connection without it is closed):
 * `{"type":"welcome"}` on connect, `{"type":"ping","message":<unix time>}`
 * every ACTION_CABLE_PING_MS. `subscribe` to `ChatChannel` →
 * `confirm_subscription`; to any other channel → `reject_subscription`.
 * A `message` command whose data calls `speak` is broadcast back to the
 * channel's subscribers as `{identifier, message}`. `unsubscribe` is logged
 * (Rails answers nothing).
 */
export function startActionCable(): Promise<ProtocolServer> {
  return listen((http) => {
    const log: unknown[] = [];
    const wss = new WebSocketServer({
      server: http,
      path: '/cable',
      handleProtocols: (protocols) => (protocols.has('actioncable-v1-json') ? 'actioncable-v1-json' : false),
    });
    const timers = new Set<NodeJS.Timeout>();
    wss.on('connection', (ws) => {
      if (ws.protocol !== 'actioncable-v1-json') return ws.close(1002, 'unsupported subprotocol');
      const send = (message: object) => ws.readyState === ws.OPEN && ws.send(JSON.stringify(message));
      send({ type: 'welcome' });
      const pings = setInterval(
        () => send({ type: 'ping', message: Math.floor(Date.now() / 1000) }),
        ACTION_CABLE_PING_MS,
      );
      timers.add(pings);
      ws.on('close', () => {
        clearInterval(pings);
        timers.delete(pings);
      });
      ws.on('message', (data) => {
        const command = JSON.parse(text(data)) as { command: string; identifier: string; data?: string };
        const { identifier } = command;
        const channel = (JSON.parse(identifier) as { channel: string }).channel;
        if (command.command === 'subscribe') {
          log.push({ subscribe: JSON.parse(identifier) as unknown });
          send({ identifier, type: channel === 'ChatChannel' ? 'confirm_subscription' : 'reject_subscription' });
        } else if (command.command === 'message') {
          const { action, ...data } = JSON.parse(command.data ?? '{}') as { action: string };
          log.push({ perform: `${channel}#${action}`, data });
          if (action === 'speak') send({ identifier, message: { ...data, from: 'the server' } });
        } else if (command.command === 'unsubscribe') {
          log.push({ unsubscribe: channel });
        }
      });
    });
    return {
      log,
      stop: () => {
        for (const timer of timers) clearInterval(timer);
      },
    };
  });
}
