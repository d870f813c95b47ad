/**
 * Rails Action Cable (subprotocol `actioncable-v1-json`).
 *
 * The client sends commands `{"command":"subscribe"|"unsubscribe"|"message",
 * "identifier":"{\"channel\":\"ChatChannel\",…}", "data":"{\"action\":\"speak\",…}"}`
 * where identifier and data are JSON inside strings. The server sends `welcome`,
 * `ping`, `confirm_subscription`, `reject_subscription`, `disconnect`, and
 * broadcasts `{identifier, message}` without a type.
 *
 * name is the channel; a client message calling an action is named the way
 * Rails logs it, `ChatChannel#speak`. A subscribe is a request answered by the
 * confirm or reject carrying the same identifier string.
 */
import {
  BY_CONTENT,
  BY_SUBPROTOCOL,
  BY_URL,
  type ConnectionDecoder,
  type Decoder,
  type DecodedMessage,
  type DecoderFrame,
  type FrameDecoding,
} from './types';
import {
  BoundedMap,
  firstFrameIn,
  frameText,
  isRecord,
  parseJson,
  speaksSubprotocol,
  stringField,
  truncatedReason,
  urlParts,
} from './json-text';

const SERVER_TYPES = new Set(['welcome', 'ping', 'confirm_subscription', 'reject_subscription', 'disconnect']);
const COMMANDS = new Set(['subscribe', 'unsubscribe', 'message']);

/** JSON inside a string, parsed when it parses, else the string itself. */
function innerJson(text: string): unknown {
  const first = text[0];
  if (first !== '{' && first !== '[') return text;
  const parsed = parseJson(text);
  return 'value' in parsed ? parsed.value : text;
}

/**
 * Action Cable's welcome is `{"type":"welcome"}` (a `sid` with some servers)
 * and nothing else: many apps greet with a richer `{"type":"welcome", …}` of
 * their own, which must not make them Action Cable.
 */
const WELCOME_KEYS = new Set(['type', 'sid']);
function isWelcome(text: string): boolean {
  if (!text.startsWith('{"type":"welcome"')) return false;
  const parsed = parseJson(text);
  return 'value' in parsed && isRecord(parsed.value) && Object.keys(parsed.value).every((key) => WELCOME_KEYS.has(key));
}

class ActionCableConnection implements ConnectionDecoder {
  /** Identifier string → its parsed params, since every message repeats it. */
  private readonly identifiers = new BoundedMap<string, unknown>(1000);

  decode(frame: DecoderFrame): FrameDecoding {
    if (frame.truncated) return { error: truncatedReason(frame) };
    const text = frameText(frame);
    if (!text.startsWith('{')) return { error: 'an Action Cable message is a JSON object' };
    const parsed = parseJson(text);
    if ('error' in parsed) return parsed;
    if (!isRecord(parsed.value)) return { error: 'an Action Cable message is a JSON object' };
    const object = parsed.value;
    const identifier = stringField(object, 'identifier');
    const command = stringField(object, 'command');
    if (command !== undefined) {
      if (!COMMANDS.has(command)) return { error: `"${command.slice(0, 40)}" is not an Action Cable command` };
      if (identifier === undefined) return { error: `the ${command} command has no identifier string` };
      return { messages: [this.command(command, identifier, object)] };
    }
    const type = stringField(object, 'type');
    if (type !== undefined && !SERVER_TYPES.has(type))
      return { error: `"${type.slice(0, 40)}" is not an Action Cable message type` };
    if (type === undefined && identifier === undefined)
      return { error: 'neither a command, a typed message nor a broadcast with an identifier' };
    return { messages: [this.serverMessage(type ?? 'message', identifier, object)] };
  }

  private command(command: string, identifier: string, object: Record<string, unknown>): DecodedMessage {
    const message: DecodedMessage = { protocol: 'actioncable', kind: command };
    const channel = this.channelOf(identifier);
    if (channel !== undefined) message.name = channel;
    if (command === 'subscribe') {
      message.body = this.identifiers.get(identifier);
      message.pair = { key: `cable:${identifier}`, role: 'request' };
    } else if (command === 'message') {
      const data = typeof object.data === 'string' ? innerJson(object.data) : object.data;
      message.body = data;
      const action = isRecord(data) ? stringField(data, 'action') : undefined;
      if (action !== undefined) message.name = `${channel ?? ''}#${action}`;
    }
    return message;
  }

  private serverMessage(type: string, identifier: string | undefined, object: Record<string, unknown>): DecodedMessage {
    const message: DecodedMessage = { protocol: 'actioncable', kind: type };
    const channel = identifier === undefined ? undefined : this.channelOf(identifier);
    if (channel !== undefined) message.name = channel;
    switch (type) {
      case 'welcome':
      case 'ping':
        message.control = true;
        if (object.message !== undefined) message.body = object.message;
        break;
      case 'confirm_subscription':
      case 'reject_subscription':
        if (identifier !== undefined) message.pair = { key: `cable:${identifier}`, role: 'reply' };
        break;
      case 'disconnect':
        message.body = { reason: object.reason, reconnect: object.reconnect };
        break;
      default:
        message.body = object.message;
    }
    return message;
  }

  private channelOf(identifier: string): string | undefined {
    if (!this.identifiers.has(identifier)) this.identifiers.set(identifier, innerJson(identifier));
    const params = this.identifiers.get(identifier);
    return isRecord(params) ? stringField(params, 'channel') : undefined;
  }
}

export const actionCableDecoder: Decoder = {
  protocol: 'actioncable',
  label: 'Action Cable',
  detect(info, firstFrames) {
    if (speaksSubprotocol(info, ['actioncable-v1-json'])) return BY_SUBPROTOCOL;
    // Another subprotocol chosen (AnyCable's actioncable-v1-msgpack): not JSON frames.
    if (info.protocol !== '') return 0;
    if (urlParts(info.url).path.endsWith('/cable')) return BY_URL;
    const first = firstFrameIn(firstFrames, 'received');
    return first && !first.truncated && isWelcome(frameText(first)) ? BY_CONTENT : 0;
  },
  create: () => new ActionCableConnection(),
};
