/**
 * `npm run bench:decoders`: how fast each protocol decoder reads a session of
 * 100,000 typical frames (its connection's detection, decoding and pairing, as
 * the panel and exports run it). A benchmark, not a test: it asserts nothing.
 *
 *   BENCH_FRAMES=100000  frames per protocol
 *   BENCH_RUNS=3         runs per protocol (the median is printed)
 */
import { cpus } from 'node:os';
import { TabDecoding } from '../lib/decoders/tab-decoding';
import type { SessionRecord } from '../protocol/schema';

const FRAMES = Number(process.env.BENCH_FRAMES ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

type Dir = 'sent' | 'received';
type Payload = string | Uint8Array<ArrayBuffer>;
interface Workload {
  url: string;
  protocol?: string;
  /** Frames before the stream (handshakes). */
  start?: [Dir, Payload][];
  /** The i-th frame of the stream. */
  frame(i: number): [Dir, Payload];
}

const stomp = (i: number) =>
  `MESSAGE\ndestination:/topic/prices\nsubscription:0\nmessage-id:${i}\ncontent-type:application/json\n\n{"price":${i}}\0`;

/** An MQTT packet: fixed header, remaining length (varint), body. */
function mqttPacket(first: number, body: number[]): Uint8Array<ArrayBuffer> {
  const length: number[] = [];
  let n = body.length;
  do {
    length.push((n & 0x7f) | (n > 0x7f ? 0x80 : 0));
    n >>= 7;
  } while (n > 0);
  return Uint8Array.from([first, ...length, ...body]);
}
const topic = [...new TextEncoder().encode('prices/EUR')];
const publishQos1 = (id: number, payload: number[]) =>
  mqttPacket(0x32, [0, topic.length, ...topic, id >> 8, id & 0xff, ...payload]);

const WORKLOADS: Record<string, Workload> = {
  'Socket.IO event ↔ ack': {
    url: 'ws://b.test/socket.io/?EIO=4&transport=websocket',
    start: [
      ['received', '0{"sid":"x","pingInterval":25000}'],
      ['sent', '40'],
      ['received', '40{"sid":"y"}'],
    ],
    frame: (i) => (i % 2 ? ['received', `43${i - 1}[{"ok":true}]`] : ['sent', `42${i}["chat",{"text":"hi","n":${i}}]`]),
  },
  'graphql-ws next': {
    url: 'ws://b.test/graphql',
    protocol: 'graphql-transport-ws',
    start: [['sent', '{"id":"1","type":"subscribe","payload":{"query":"subscription { tick { n } }"}}']],
    frame: (i) => ['received', `{"id":"1","type":"next","payload":{"data":{"tick":{"n":${i}}}}}`],
  },
  'subscriptions-transport-ws data': {
    url: 'ws://b.test/graphql',
    protocol: 'graphql-ws',
    start: [['sent', '{"id":"1","type":"start","payload":{"query":"subscription { tick { n } }"}}']],
    frame: (i) => ['received', `{"id":"1","type":"data","payload":{"data":{"tick":{"n":${i}}}}}`],
  },
  'STOMP MESSAGE': { url: 'ws://b.test/stomp', protocol: 'v12.stomp', frame: (i) => ['received', stomp(i)] },
  'SockJS carrying STOMP': {
    url: 'ws://b.test/stomp/123/abcdefgh/websocket',
    start: [['received', 'o']],
    frame: (i) => ['received', `a${JSON.stringify([stomp(i)])}`],
  },
  'MQTT PUBLISH QoS 1 ↔ PUBACK': {
    url: 'ws://b.test/mqtt',
    protocol: 'mqtt',
    frame: (i) => {
      const id = (Math.floor(i / 2) % 65535) + 1;
      return i % 2
        ? ['sent', mqttPacket(0x40, [id >> 8, id & 0xff])]
        : ['received', publishQos1(id, [...new TextEncoder().encode(`{"p":${i}}`)])];
    },
  },
  'JSON-RPC request ↔ result': {
    url: 'ws://b.test/rpc',
    frame: (i) =>
      i % 2
        ? ['received', `{"jsonrpc":"2.0","result":${i},"id":${i - 1}}`]
        : ['sent', `{"jsonrpc":"2.0","method":"sum","params":[${i},1],"id":${i}}`],
  },
  'SignalR JSON invocation': {
    url: 'ws://b.test/hub?id=abc',
    start: [
      ['sent', '{"protocol":"json","version":1}\u001e'],
      ['received', '{}\u001e'],
    ],
    frame: (i) => ['received', `{"type":1,"target":"send","arguments":["hi",${i}]}\u001e`],
  },
  'WAMP JSON EVENT': {
    url: 'ws://b.test/ws',
    protocol: 'wamp.2.json',
    frame: (i) => ['received', `[36,5512315355,${i},{},["hi",${i}]]`],
  },
  'Action Cable message': {
    url: 'ws://b.test/cable',
    protocol: 'actioncable-v1-json',
    start: [['received', '{"type":"welcome"}']],
    frame: (i) => ['received', `{"identifier":"{\\"channel\\":\\"ChatChannel\\"}","message":{"text":"hi","n":${i}}}`],
  },
  'Phoenix v2 broadcast': {
    url: 'ws://b.test/socket/websocket?vsn=2.0.0',
    frame: (i) => ['received', `[null,null,"room:lobby","new_msg",{"body":"hi","n":${i}}]`],
  },
};

function session(workload: Workload): SessionRecord[] {
  const records: SessionRecord[] = [];
  const at = { sid: 1, frameId: 0, conn: '1.1' };
  let seq = 0;
  records.push({
    ...at,
    seq: seq++,
    t: 1000,
    kind: 'create',
    url: workload.url,
    protocols: workload.protocol ? [workload.protocol] : [],
    stack: '',
    frameUrl: '',
  });
  records.push({ ...at, seq: seq++, t: 1001, kind: 'open', protocol: workload.protocol ?? '', extensions: '' });
  const frames = [...(workload.start ?? []), ...Array.from({ length: FRAMES }, (_, i) => workload.frame(i))];
  for (const [dir, data] of frames) {
    const t = 1002 + seq * 0.01;
    records.push(
      typeof data === 'string'
        ? { ...at, seq: seq++, t, kind: 'frame', dir, type: 'text', size: data.length, truncated: false, data }
        : { ...at, seq: seq++, t, kind: 'frame', dir, type: 'binary', size: data.byteLength, truncated: false, data },
    );
  }
  return records;
}

console.log(
  `Decoders: ${FRAMES.toLocaleString('en')} frames per protocol, median of ${RUNS} runs (${cpus().length} cores)`,
);
for (const [label, workload] of Object.entries(WORKLOADS)) {
  const records = session(workload);
  const times: number[] = [];
  let decoding!: TabDecoding;
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    decoding = new TabDecoding();
    decoding.update(records);
    times.push(performance.now() - start);
  }
  const ms = times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
  const decoder = decoding.connections.get('1.1')?.decoder?.label ?? 'none';
  const errors = [...decoding.frames.values()].filter((f) => 'error' in f).length;
  const perSecond = (FRAMES / ms) * 1000;
  console.log(
    `  ${label.padEnd(32)} ${ms.toFixed(0).padStart(5)} ms  ${(perSecond / 1e6).toFixed(2)} M frames/s  (${decoder}${errors ? `, ${errors} not readable` : ''})`,
  );
}
