/**
 * GraphQL over WebSocket, both generations. Beware the name clash:
 * - subprotocol `graphql-transport-ws` is the current protocol of the
 *   graphql-ws library (protocol name 'graphql-ws'): connection_init/ack,
 *   ping/pong, subscribe/next/error/complete;
 * - subprotocol `graphql-ws` is the LEGACY subscriptions-transport-ws protocol
 *   (protocol name 'subscriptions-transport-ws'): connection_init/ack/error, ka,
 *   start/data/error/complete/stop, connection_terminate.
 *
 * An operation is a stream keyed by its id: subscribe/start opens it,
 * next/data are its items, complete/error/stop end it. Its name is the
 * operationName, or the first field the query selects.
 */
import {
  BY_CONTENT,
  BY_SUBPROTOCOL,
  type ConnectionDecoder,
  type Decoder,
  type DecodedMessage,
  type DecoderFrame,
} from './types';
import {
  BoundedMap,
  frameText,
  isRecord,
  parseJson,
  speaksSubprotocol,
  stringField,
  truncatedReason,
} from './json-text';
import { graphqlOperationName } from './graphql-query';

type Role = 'start' | 'item' | 'end' | 'handshake' | 'handshake-reply' | 'control' | 'plain';

/** Message type → its role in the timeline, for each generation. */
const TRANSPORT_WS_TYPES: Record<string, Role> = {
  connection_init: 'handshake',
  connection_ack: 'handshake-reply',
  ping: 'control',
  pong: 'control',
  subscribe: 'start',
  next: 'item',
  error: 'end',
  complete: 'end',
};

const LEGACY_TYPES: Record<string, Role> = {
  connection_init: 'handshake',
  connection_ack: 'handshake-reply',
  connection_error: 'handshake-reply',
  connection_terminate: 'plain',
  ka: 'control',
  start: 'start',
  data: 'item',
  error: 'end',
  complete: 'end',
  stop: 'end',
};

class GraphqlConnection implements ConnectionDecoder {
  private readonly operationNames = new BoundedMap<string, string>();

  constructor(
    private readonly protocol: 'graphql-ws' | 'subscriptions-transport-ws',
    private readonly types: Record<string, Role>,
  ) {}

  decode(frame: DecoderFrame) {
    if (frame.truncated) return { error: truncatedReason(frame) };
    const text = frameText(frame);
    if (!text.startsWith('{')) return { error: 'a GraphQL over WebSocket message is a JSON object' };
    const parsed = parseJson(text);
    if ('error' in parsed) return parsed;
    if (!isRecord(parsed.value)) return { error: 'a GraphQL over WebSocket message is a JSON object' };
    const object = parsed.value;
    const type = stringField(object, 'type');
    if (type === undefined) return { error: 'the message has no "type" string' };
    const role = Object.hasOwn(this.types, type) ? this.types[type] : undefined;
    if (role === undefined) return { error: `"${type.slice(0, 60)}" is not a ${this.protocol} message type` };
    return { messages: [this.message(object, type, role)] };
  }

  private message(object: Record<string, unknown>, type: string, role: Role): DecodedMessage {
    const message: DecodedMessage = { protocol: this.protocol, kind: type };
    if (object.payload !== undefined) message.body = object.payload;
    const id = typeof object.id === 'string' || typeof object.id === 'number' ? String(object.id) : undefined;
    if (id !== undefined) message.id = id;
    switch (role) {
      case 'control':
        message.control = true;
        break;
      case 'handshake':
        message.pair = { key: 'gql:connection', role: 'request' };
        break;
      case 'handshake-reply':
        message.pair = { key: 'gql:connection', role: 'reply' };
        break;
      case 'start':
      case 'item':
      case 'end': {
        if (id === undefined) break;
        const key = `gql:${id}`;
        if (role === 'start') {
          const name = isRecord(object.payload) ? graphqlOperationName(object.payload) : undefined;
          if (name !== undefined) this.operationNames.set(key, name);
        }
        const name = this.operationNames.get(key);
        if (name !== undefined) message.name = name;
        if (role === 'end') this.operationNames.delete(key);
        message.pair = { key, role: role === 'start' ? 'stream-start' : role === 'item' ? 'stream-item' : 'reply' };
        break;
      }
      case 'plain':
        break;
    }
    return message;
  }
}

/** The `type` of the first few frames' JSON objects, read cheaply. */
function typesSeen(frames: readonly DecoderFrame[]): string[] {
  const types: string[] = [];
  for (const frame of frames.slice(0, 8)) {
    if (frame.truncated) continue;
    const text = frameText(frame);
    if (!text.startsWith('{') || !text.includes('"type"')) continue;
    const parsed = parseJson(text);
    if ('value' in parsed && isRecord(parsed.value)) {
      const type = stringField(parsed.value, 'type');
      if (type !== undefined) types.push(type);
    }
  }
  return types;
}

/** graphql-ws, the current protocol (subprotocol `graphql-transport-ws`). */
export const graphqlWsDecoder: Decoder = {
  protocol: 'graphql-ws',
  label: 'GraphQL over WebSocket (graphql-transport-ws)',
  detect(info, firstFrames) {
    if (speaksSubprotocol(info, ['graphql-transport-ws'])) return BY_SUBPROTOCOL;
    const types = typesSeen(firstFrames);
    if (types.some((t) => t === 'start' || t === 'data' || t === 'ka')) return 0;
    // connection_init alone is both generations' greeting; the current one is the likelier.
    return types.some((t) => t === 'connection_init' || t === 'subscribe' || t === 'next') ? BY_CONTENT : 0;
  },
  create: () => new GraphqlConnection('graphql-ws', TRANSPORT_WS_TYPES),
};

/** subscriptions-transport-ws, the legacy protocol (subprotocol `graphql-ws`). */
export const subscriptionsTransportWsDecoder: Decoder = {
  protocol: 'subscriptions-transport-ws',
  label: 'GraphQL subscriptions-transport-ws (legacy graphql-ws)',
  detect(info, firstFrames) {
    if (speaksSubprotocol(info, ['graphql-ws'])) return BY_SUBPROTOCOL;
    const types = typesSeen(firstFrames);
    return types.some((t) => t === 'start' || t === 'data' || t === 'ka') ? BY_CONTENT : 0;
  },
  create: () => new GraphqlConnection('subscriptions-transport-ws', LEGACY_TYPES),
};
