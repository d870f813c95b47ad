/**
 * The contract every protocol decoder keeps. Pure: no DOM, no extension API, no
 * Node globals, so the panel, the exports, the CLI and unit tests all decode the
 * same way. A decoder never throws on a frame: what it cannot read comes back as
 * `{ error }` with a reason, and the frame keeps its raw views.
 */

/** The names exports carry in `decoded.protocol` (docs/session-format.md). */
export type ProtocolName =
  | 'socket.io'
  | 'engine.io'
  | 'sockjs'
  | 'stomp'
  | 'mqtt'
  | 'graphql-ws'
  | 'subscriptions-transport-ws'
  | 'signalr'
  | 'wamp'
  | 'actioncable'
  | 'phoenix'
  | 'json-rpc'
  | 'msgpack'
  | 'cbor'
  | 'protobuf';

/** What a decoder is told about a connection before its first frame. */
export interface ConnectionInfo {
  url: string;
  /** Subprotocols the page asked for. */
  protocols: readonly string[];
  /** The subprotocol the server chose ('' for none, or before open). */
  protocol: string;
}

/** One frame as decoders see it. */
export interface DecoderFrame {
  /** The frame's per-tab sequence number: pairs point at requests by it. */
  seq: number;
  /** Milliseconds since the epoch. */
  t: number;
  dir: 'sent' | 'received';
  type: 'text' | 'binary';
  data: string | Uint8Array;
  /** The hook cut the payload: a decoder says so rather than guessing the rest. */
  truncated: boolean;
}

/**
 * How a message takes part in a request↔reply exchange. `key` is unique per
 * exchange within one connection and already includes whatever scopes it
 * (namespace, direction of the request, topic): the correlator only matches keys.
 */
export type PairRole =
  /** Expects one reply (JSON-RPC call, Socket.IO emit with ack, STOMP frame with receipt). */
  | 'request'
  /** Opens a stream of items (subscription, MQTT SUBSCRIBE flow, SignalR stream invocation). */
  | 'stream-start'
  /** One item of an open stream. */
  | 'stream-item'
  /** The reply to a request, or the end of a stream (complete, error, unsubscribe ack). */
  | 'reply';

export interface PairRef {
  key: string;
  role: PairRole;
}

export interface DecodedMessage {
  protocol: ProtocolName;
  /** The protocol's own name for the message type: EVENT, ACK, subscribe, next, PUBLISH, SEND… */
  kind: string;
  /** Event, method, topic, destination, target or channel, when the message has one. */
  name?: string;
  /** The protocol's id for the message (ack id, request id, packet identifier, ref), as text. */
  id?: string;
  /** Keep-alives and transport chatter the user can hide with one click. */
  control?: boolean;
  /** The message's content for the Decoded tab, as plain JSON-like values (Uint8Array allowed). */
  body?: unknown;
  pair?: PairRef;
}

/** One frame may carry several messages (JSON-RPC batches, SignalR's record separator, MQTT). */
export type FrameDecoding =
  | { messages: DecodedMessage[] }
  /** Not readable as this protocol; `reason` is for the user ("truncated at byte 12: …"). */
  | { error: string }
  /** Part of a message that continues in later frames (an attachment awaited, a split packet). */
  | { pending: string };

/** Decodes one connection's frames in order, keeping whatever state the protocol needs. */
export interface ConnectionDecoder {
  decode(frame: DecoderFrame): FrameDecoding;
}

/** How sure a decoder is that a connection speaks its protocol; 0 means no. */
export type Confidence = 0 | 1 | 2 | 3;
/** Picked by negotiated subprotocol. */
export const BY_SUBPROTOCOL: Confidence = 3;
/** Picked by the URL's shape (/socket.io/?EIO=, vsn=, /cable, SockJS paths). */
export const BY_URL: Confidence = 2;
/** Picked by the first frames' content. */
export const BY_CONTENT: Confidence = 1;

export interface Decoder {
  protocol: ProtocolName;
  /** A short label for the user's override menu ("Socket.IO", "MQTT"). */
  label: string;
  /** How sure this decoder is, from the connection and up to its first few frames. */
  detect(info: ConnectionInfo, firstFrames: readonly DecoderFrame[]): Confidence;
  create(info: ConnectionInfo): ConnectionDecoder;
}
