/**
 * Which decoder reads a connection: the most certain one (subprotocol, then
 * URL, then the first frames' content), or the one the user chose. Earlier
 * decoders in the list win ties, so specific protocols come before the
 * generic payload encodings.
 */
import type { Confidence, ConnectionInfo, Decoder, DecoderFrame } from './types';
import { actionCableDecoder } from './actioncable';
import { engineIoDecoder } from './engine-io';
import { graphqlWsDecoder, subscriptionsTransportWsDecoder } from './graphql-ws';
import { jsonRpcDecoder } from './json-rpc';
import { mqttDecoder } from './mqtt';
import { phoenixDecoder } from './phoenix';
import { signalrJsonDecoder } from './signalr-json';
import { socketIoDecoder } from './socket-io';
import { sockJsDecoder } from './sockjs';
import { stompDecoder } from './stomp';
import { wampJsonDecoder } from './wamp-json';
import { signalrMsgpackDecoder } from './signalr-msgpack';
import { createWampBinaryDecoders } from './wamp-binary';
import { decodeWampMessage, WampState } from './wamp-messages';
import { msgpackDecoder } from './msgpack';
import { cborDecoder } from './cbor';
import { protobufWireDecoder } from './protobuf-wire';

/** WAMP over MessagePack and CBOR: the JSON decoder's message table, one state per connection. */
const wampBinary = createWampBinaryDecoders(() => {
  const state = new WampState();
  return (array, dir) => decodeWampMessage(array, dir, state);
});

/** Every decoder, most specific first. */
export const DECODERS: readonly Decoder[] = [
  socketIoDecoder,
  engineIoDecoder,
  sockJsDecoder,
  stompDecoder,
  graphqlWsDecoder,
  subscriptionsTransportWsDecoder,
  signalrJsonDecoder,
  signalrMsgpackDecoder,
  actionCableDecoder,
  phoenixDecoder,
  wampJsonDecoder,
  wampBinary.msgpack,
  wampBinary.cbor,
  mqttDecoder,
  jsonRpcDecoder,
  // Generic payload encodings last: they read what no protocol claimed.
  msgpackDecoder,
  cborDecoder,
  // Never detected (any bytes parse as some protobuf): for the user to choose.
  protobufWireDecoder,
];

/** Frames a connection may show before detection gives up on its content. */
export const DETECT_FRAMES = 3;

export interface Detection {
  decoder: Decoder;
  confidence: Confidence;
}

export function detect(
  info: ConnectionInfo,
  firstFrames: readonly DecoderFrame[],
  decoders: readonly Decoder[] = DECODERS,
): Detection | null {
  let best: Detection | null = null;
  for (const decoder of decoders) {
    let confidence: Confidence = 0;
    try {
      confidence = decoder.detect(info, firstFrames);
    } catch {
      // A decoder that throws on detection does not get the connection.
    }
    if (confidence > (best?.confidence ?? 0)) best = { decoder, confidence };
  }
  return best;
}

/** The decoder a user chose by its label (labels are unique; protocols are not: SignalR has two). */
export function decoderByLabel(label: string, decoders: readonly Decoder[] = DECODERS): Decoder | undefined {
  return decoders.find((d) => d.label === label);
}
