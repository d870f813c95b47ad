/**
 * JSON-RPC 2.0, batches included. Either side may call the other, so a
 * request's pair key carries its direction (`rpc:sent:1` vs `rpc:received:1`)
 * and a response looks for the request that came the other way. Responses are
 * named after the method of their request, remembered in a bounded map.
 *
 * Messages without `"jsonrpc":"2.0"` are still read when they have the shape
 * (some servers leave it out); detection by content asks for it.
 */
import {
  BY_CONTENT,
  BY_SUBPROTOCOL,
  type ConnectionDecoder,
  type Decoder,
  type DecodedMessage,
  type DecoderFrame,
  type FrameDecoding,
} from './types';
import {
  BoundedMap,
  describeValue,
  frameText,
  idText,
  isRecord,
  opposite,
  parseJson,
  speaksSubprotocol,
  stringField,
  truncatedReason,
} from './json-text';

type Direction = 'sent' | 'received';

class JsonRpcConnection implements ConnectionDecoder {
  private readonly methodOfRequest = new BoundedMap<string, string>();

  decode(frame: DecoderFrame): FrameDecoding {
    if (frame.truncated) return { error: truncatedReason(frame) };
    const text = frameText(frame).trim();
    const first = text[0];
    if (first !== '{' && first !== '[') return { error: 'a JSON-RPC message is a JSON object or a batch (array)' };
    const parsed = parseJson(text);
    if ('error' in parsed) return parsed;
    if (!Array.isArray(parsed.value)) {
      const message = this.message(parsed.value, frame.dir);
      return 'error' in message ? message : { messages: [message] };
    }
    if (parsed.value.length === 0) return { error: 'an empty JSON-RPC batch' };
    const messages: DecodedMessage[] = [];
    for (const [index, element] of parsed.value.entries()) {
      const message = this.message(element, frame.dir);
      if ('error' in message)
        return { error: `batch element ${index + 1} of ${parsed.value.length}: ${message.error}` };
      messages.push(message);
    }
    return { messages };
  }

  private message(value: unknown, dir: Direction): DecodedMessage | { error: string } {
    if (!isRecord(value)) return { error: 'a JSON-RPC message is a JSON object' };
    const version = value.jsonrpc;
    if (version !== undefined && version !== '2.0')
      return { error: `"jsonrpc" is ${describeValue(version)}, not "2.0"` };
    const id = idText(value.id);
    const method = stringField(value, 'method');
    if (method !== undefined) {
      const message: DecodedMessage = {
        protocol: 'json-rpc',
        kind: id === undefined ? 'notification' : 'request',
        name: method,
      };
      if (value.params !== undefined) message.body = value.params;
      if (id !== undefined) {
        const key = `rpc:${dir}:${id}`;
        message.id = id;
        message.pair = { key, role: 'request' };
        this.methodOfRequest.set(key, method);
      }
      return message;
    }
    const isError = 'error' in value;
    if (!isError && !('result' in value))
      return { error: 'neither a request (method) nor a response (result or error)' };
    const message: DecodedMessage = { protocol: 'json-rpc', kind: isError ? 'error' : 'result' };
    message.body = isError ? value.error : value.result;
    if (id !== undefined) {
      const key = `rpc:${opposite(dir)}:${id}`;
      message.id = id;
      message.pair = { key, role: 'reply' };
      const name = this.methodOfRequest.get(key);
      if (name !== undefined) message.name = name;
      this.methodOfRequest.delete(key);
    }
    return message;
  }
}

const JSONRPC_2 = /"jsonrpc"\s*:\s*"2\.0"/;

/** `"jsonrpc":"2.0"` in one of the first frames, with or without a space after the colon. */
function mentionsJsonRpc2(frame: DecoderFrame): boolean {
  if (frame.truncated) return false;
  const text = frameText(frame);
  const first = text.trimStart()[0];
  return (first === '{' || first === '[') && JSONRPC_2.test(text.slice(0, 4096));
}

export const jsonRpcDecoder: Decoder = {
  protocol: 'json-rpc',
  label: 'JSON-RPC 2.0',
  detect(info, firstFrames) {
    if (speaksSubprotocol(info, ['jsonrpc', 'json-rpc', 'jsonrpc2', 'jsonrpc-2.0'])) return BY_SUBPROTOCOL;
    return firstFrames.slice(0, 4).some(mentionsJsonRpc2) ? BY_CONTENT : 0;
  },
  create: () => new JsonRpcConnection(),
};
