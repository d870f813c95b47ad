/**
 * WAMP v2 messages, whatever the serializer: `decodeWampMessage` reads an
 * already-parsed array `[code, …]`, so JSON, MessagePack and CBOR WAMP share it.
 *
 * Pairs follow request ids, which each side numbers on its own, so keys carry
 * the requester's direction: `wamp:sent:7`. CALL → RESULT or ERROR (a CALL
 * asking for progressive results opens a stream whose progress RESULTs are its
 * items), SUBSCRIBE → SUBSCRIBED, PUBLISH with `acknowledge` → PUBLISHED,
 * REGISTER → REGISTERED, the router's INVOCATION → the client's YIELD, and HELLO
 * → WELCOME or ABORT. Names (topic, procedure) are remembered from the request
 * and from SUBSCRIBED / REGISTERED ids in a `WampState`, bounded.
 */
import type { DecodedMessage } from './types';
import { BoundedMap, describeValue, isRecord, opposite } from './json-text';

type Direction = 'sent' | 'received';

interface MessageShape {
  kind: string;
  /** Names of the elements after the code, in order, for the Decoded tab. */
  fields: readonly string[];
  /** How many of them must be there. */
  required: number;
}

const ARGS = ['args', 'kwargs'] as const;

/** The message table of the WAMP basic and advanced profiles. */
export const WAMP_MESSAGES: ReadonlyMap<number, MessageShape> = new Map([
  [1, { kind: 'HELLO', fields: ['realm', 'details'], required: 2 }],
  [2, { kind: 'WELCOME', fields: ['session', 'details'], required: 2 }],
  [3, { kind: 'ABORT', fields: ['details', 'reason'], required: 2 }],
  [4, { kind: 'CHALLENGE', fields: ['authMethod', 'extra'], required: 2 }],
  [5, { kind: 'AUTHENTICATE', fields: ['signature', 'extra'], required: 2 }],
  [6, { kind: 'GOODBYE', fields: ['details', 'reason'], required: 2 }],
  [8, { kind: 'ERROR', fields: ['requestType', 'request', 'details', 'error', ...ARGS], required: 4 }],
  [16, { kind: 'PUBLISH', fields: ['request', 'options', 'topic', ...ARGS], required: 3 }],
  [17, { kind: 'PUBLISHED', fields: ['request', 'publication'], required: 2 }],
  [32, { kind: 'SUBSCRIBE', fields: ['request', 'options', 'topic'], required: 3 }],
  [33, { kind: 'SUBSCRIBED', fields: ['request', 'subscription'], required: 2 }],
  [34, { kind: 'UNSUBSCRIBE', fields: ['request', 'subscription'], required: 2 }],
  [35, { kind: 'UNSUBSCRIBED', fields: ['request', 'details'], required: 1 }],
  [36, { kind: 'EVENT', fields: ['subscription', 'publication', 'details', ...ARGS], required: 3 }],
  [48, { kind: 'CALL', fields: ['request', 'options', 'procedure', ...ARGS], required: 3 }],
  [49, { kind: 'CANCEL', fields: ['request', 'options'], required: 2 }],
  [50, { kind: 'RESULT', fields: ['request', 'details', ...ARGS], required: 2 }],
  [64, { kind: 'REGISTER', fields: ['request', 'options', 'procedure'], required: 3 }],
  [65, { kind: 'REGISTERED', fields: ['request', 'registration'], required: 2 }],
  [66, { kind: 'UNREGISTER', fields: ['request', 'registration'], required: 2 }],
  [67, { kind: 'UNREGISTERED', fields: ['request', 'details'], required: 1 }],
  [68, { kind: 'INVOCATION', fields: ['request', 'registration', 'details', ...ARGS], required: 3 }],
  [69, { kind: 'INTERRUPT', fields: ['request', 'options'], required: 2 }],
  [70, { kind: 'YIELD', fields: ['request', 'options', ...ARGS], required: 2 }],
]);

const ID_FIELDS = new Set(['request', 'session', 'publication', 'subscription', 'registration', 'requestType']);
const DICT_FIELDS = new Set(['details', 'options', 'extra', 'kwargs']);
const URI_FIELDS = new Set(['realm', 'reason', 'error', 'topic', 'procedure']);

/** What a connection remembers to name replies and events; every map bounded. */
export class WampState {
  readonly requestNames = new BoundedMap<string, string>();
  readonly subscriptionTopics = new BoundedMap<string, string>();
  readonly registrationProcedures = new BoundedMap<string, string>();
  realm: string | undefined;
  goodbyeFrom: Direction | undefined;
}

/** WAMP ids are integers up to 2^53; MessagePack and CBOR may hand them over as bigints. */
function wampId(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return String(value);
  if (typeof value === 'bigint') return value.toString();
  return undefined;
}

function checkFields(shape: MessageShape, values: readonly unknown[]): string | undefined {
  if (values.length < shape.required) {
    return `${shape.kind} needs ${shape.required} elements after its code, this one has ${values.length}`;
  }
  for (const [index, value] of values.slice(0, shape.fields.length).entries()) {
    const field = shape.fields[index]!;
    if (ID_FIELDS.has(field) && wampId(value) === undefined) return `${shape.kind} ${field} must be an integer id`;
    if (DICT_FIELDS.has(field) && !isRecord(value)) return `${shape.kind} ${field} must be a dictionary`;
    if (URI_FIELDS.has(field) && typeof value !== 'string') return `${shape.kind} ${field} must be a URI string`;
    if (field === 'args' && !Array.isArray(value)) return `${shape.kind} arguments must be a list`;
  }
  return undefined;
}

export function decodeWampMessage(
  array: readonly unknown[],
  dir: Direction,
  state: WampState = new WampState(),
): DecodedMessage | { error: string } {
  const code = array[0];
  const shape =
    typeof code === 'number'
      ? WAMP_MESSAGES.get(code)
      : typeof code === 'bigint'
        ? WAMP_MESSAGES.get(Number(code))
        : undefined;
  if (shape === undefined) {
    return { error: `${describeValue(code)} is not a WAMP message code` };
  }
  const values = array.slice(1);
  const problem = checkFields(shape, values);
  if (problem) return { error: problem };

  const fields: Record<string, unknown> = {};
  shape.fields.forEach((field, index) => {
    if (index < values.length) fields[field] = values[index];
  });
  const message: DecodedMessage = { protocol: 'wamp', kind: shape.kind, body: fields };
  const request = wampId(fields.request);
  if (request !== undefined) message.id = request;
  name(message, shape.kind, fields, dir, state);
  pair(message, shape.kind, fields, dir, state);
  return message;
}

/** Names each message by its topic, procedure or realm, remembering what later messages will need. */
function name(
  message: DecodedMessage,
  kind: string,
  fields: Record<string, unknown>,
  dir: Direction,
  state: WampState,
): void {
  const request = wampId(fields.request);
  const own = `${dir}:${request}`;
  const answered = `${opposite(dir)}:${request}`;
  const details = isRecord(fields.details) ? fields.details : {};
  let name: string | undefined;
  switch (kind) {
    case 'HELLO':
      name = state.realm = fields.realm as string;
      break;
    case 'WELCOME':
    case 'ABORT':
      name = state.realm;
      break;
    case 'PUBLISH':
    case 'SUBSCRIBE':
    case 'CALL':
    case 'REGISTER':
      name = (fields.topic ?? fields.procedure) as string;
      state.requestNames.set(own, name);
      break;
    case 'UNSUBSCRIBE':
    case 'UNREGISTER': {
      const id = wampId(fields.subscription ?? fields.registration)!;
      name = kind === 'UNSUBSCRIBE' ? state.subscriptionTopics.get(id) : state.registrationProcedures.get(id);
      if (name !== undefined) state.requestNames.set(own, name);
      break;
    }
    case 'SUBSCRIBED':
    case 'REGISTERED': {
      name = state.requestNames.get(answered);
      const id = wampId(fields.subscription ?? fields.registration)!;
      if (name !== undefined) {
        if (kind === 'SUBSCRIBED') state.subscriptionTopics.set(id, name);
        else state.registrationProcedures.set(id, name);
      }
      break;
    }
    case 'EVENT':
      // Pattern subscriptions say which topic matched.
      name =
        typeof details.topic === 'string' ? details.topic : state.subscriptionTopics.get(wampId(fields.subscription)!);
      break;
    case 'INVOCATION':
      name =
        typeof details.procedure === 'string'
          ? details.procedure
          : state.registrationProcedures.get(wampId(fields.registration)!);
      if (name !== undefined) state.requestNames.set(own, name);
      break;
    case 'CANCEL':
    case 'INTERRUPT':
      name = state.requestNames.get(kind === 'CANCEL' ? own : answered);
      break;
    case 'PUBLISHED':
    case 'UNSUBSCRIBED':
    case 'UNREGISTERED':
    case 'RESULT':
    case 'YIELD':
    case 'ERROR':
      if (request !== undefined) name = state.requestNames.get(answered);
      break;
  }
  if (name !== undefined) message.name = name;
}

function pair(
  message: DecodedMessage,
  kind: string,
  fields: Record<string, unknown>,
  dir: Direction,
  state: WampState,
): void {
  const request = wampId(fields.request);
  const own = `wamp:${dir}:${request}`;
  const answered = `wamp:${opposite(dir)}:${request}`;
  const options = isRecord(fields.options) ? fields.options : {};
  const details = isRecord(fields.details) ? fields.details : {};
  switch (kind) {
    case 'HELLO':
      message.pair = { key: 'wamp:session', role: 'request' };
      break;
    case 'WELCOME':
    case 'ABORT':
      message.pair = { key: 'wamp:session', role: 'reply' };
      break;
    case 'GOODBYE':
      // One side says goodbye, the other answers with GOODBYE.
      if (state.goodbyeFrom === undefined) {
        state.goodbyeFrom = dir;
        message.pair = { key: 'wamp:goodbye', role: 'request' };
      } else if (state.goodbyeFrom !== dir) {
        message.pair = { key: 'wamp:goodbye', role: 'reply' };
      }
      break;
    case 'PUBLISH':
      if (options.acknowledge === true) message.pair = { key: own, role: 'request' };
      break;
    case 'SUBSCRIBE':
    case 'UNSUBSCRIBE':
    case 'REGISTER':
    case 'UNREGISTER':
      message.pair = { key: own, role: 'request' };
      break;
    case 'CALL':
      message.pair = { key: own, role: options.receive_progress === true ? 'stream-start' : 'request' };
      break;
    case 'INVOCATION':
      message.pair = { key: own, role: details.receive_progress === true ? 'stream-start' : 'request' };
      break;
    case 'RESULT':
      message.pair = { key: answered, role: details.progress === true ? 'stream-item' : 'reply' };
      break;
    case 'YIELD':
      message.pair = { key: answered, role: options.progress === true ? 'stream-item' : 'reply' };
      break;
    case 'PUBLISHED':
    case 'SUBSCRIBED':
    case 'UNSUBSCRIBED':
    case 'REGISTERED':
    case 'UNREGISTERED':
    case 'ERROR':
      // Router-initiated UNSUBSCRIBED/UNREGISTERED carry request 0: nothing asked for them.
      if (request !== undefined && request !== '0') message.pair = { key: answered, role: 'reply' };
      break;
  }
}
