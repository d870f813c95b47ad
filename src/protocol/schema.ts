/**
 * The records that cross a process or world boundary, as valibot
 * schemas; the TypeScript types are inferred from them so guard and type cannot
 * drift apart. Everything that arrives from a page or a port goes through
 * `parse…` here before anything else looks at it.
 */
import * as v from 'valibot';
import {
  MAX_CAPTURED_BYTES,
  MAX_CAPTURED_CHARS,
  MAX_EXTENSIONS_CHARS,
  MAX_PROTOCOL_CHARS,
  MAX_PROTOCOLS,
  MAX_REASON_CHARS,
  MAX_STACK_CHARS,
  MAX_URL_CHARS,
} from './limits';
import { InterceptSchema, type HookInbound } from './actions';
import { CaptureSourceSchema, count, sid, time } from './fields';
import type { CaptureControl } from './messages';
import { HandshakeRecordSchema, type HandshakeRecord } from './handshake';

const size = count;
const url = v.pipe(v.string(), v.maxLength(MAX_URL_CHARS));
const closeCode = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(4999));
const reason = v.pipe(v.string(), v.maxLength(MAX_REASON_CHARS));
/** The true length of a field the hook cut (limits.ts); absent when it was kept whole. */
const trueLength = v.optional(size);

export const DirectionSchema = v.picklist(['sent', 'received']);
/**
 * 'navigation': the page session ended (its document went away) while the socket was
 * still open; the background writes this close itself (the browser sent 1001).
 * 'unknown': the debugger reported the close, which carries no code, reason or side.
 * 'detached': deep capture ended while the socket was open (it may live on, unwatched).
 */
export const ClosedBySchema = v.picklist(['page', 'server', 'network', 'navigation', 'unknown', 'detached']);

/** The worker that made a socket (deep capture only; a document's socket names its frame instead). */
export const WorkerInfoSchema = v.object({
  type: v.picklist(['dedicated', 'shared', 'service']),
  url,
  urlLength: trueLength,
});
export type WorkerInfo = v.InferOutput<typeof WorkerInfoSchema>;
/** Not the page's own doing: sent or closed from DevTools, or simulated (the page saw it, the wire did not). */
export const OriginSchema = v.picklist(['devtools', 'simulated']);

export const CreateRecordSchema = v.object({
  kind: v.literal('create'),
  sid,
  t: time,
  url,
  urlLength: trueLength,
  protocols: v.pipe(v.array(v.pipe(v.string(), v.maxLength(MAX_PROTOCOL_CHARS))), v.maxLength(MAX_PROTOCOLS)),
  /** How many subprotocols the page asked for, when more than MAX_PROTOCOLS. */
  protocolCount: trueLength,
  /** The page's stack at the constructor call, hook frames removed. */
  stack: v.pipe(v.string(), v.maxLength(MAX_STACK_CHARS)),
  stackLength: trueLength,
  frameUrl: url,
  frameUrlLength: trueLength,
  /** Set by the debugger source only: the background drops it from a hook's record. */
  worker: v.optional(WorkerInfoSchema),
  /** Opened by the panel's "Replay connection": the connection it replays (protocol 11). */
  replayOf: v.optional(v.pipe(v.string(), v.maxLength(64))),
});

export const OpenRecordSchema = v.object({
  kind: v.literal('open'),
  sid,
  t: time,
  protocol: v.pipe(v.string(), v.maxLength(MAX_PROTOCOL_CHARS)),
  protocolLength: trueLength,
  extensions: v.pipe(v.string(), v.maxLength(MAX_EXTENSIONS_CHARS)),
  extensionsLength: trueLength,
});

const frameFields = {
  kind: v.literal('frame'),
  sid,
  t: time,
  dir: DirectionSchema,
  /** Exact payload size in bytes, even when the data was cut. */
  size,
  truncated: v.boolean(),
  origin: v.optional(OriginSchema),
  /** A rule or breakpoint acted on this frame (src/protocol/actions.ts). */
  intercept: v.optional(InterceptSchema),
};

/**
 * Text frames carry the text; binary frames carry bytes on every hop (structured
 * clone and IndexedDB carry them; base64 only where a format needs text).
 */
export const FrameRecordSchema = v.variant('type', [
  v.object({
    ...frameFields,
    type: v.literal('text'),
    data: v.pipe(v.string(), v.maxLength(MAX_CAPTURED_CHARS)),
  }),
  v.object({
    ...frameFields,
    type: v.literal('binary'),
    data: v.pipe(
      v.instance(Uint8Array),
      v.check(
        (bytes) => bytes.byteLength <= MAX_CAPTURED_BYTES,
        `a binary payload is at most ${MAX_CAPTURED_BYTES} bytes`,
      ),
    ),
  }),
]);

export const ErrorRecordSchema = v.object({ kind: v.literal('error'), sid, t: time });

/** The page called close(); the socket is now closing. */
export const ClosingRecordSchema = v.object({
  kind: v.literal('closing'),
  sid,
  t: time,
  code: v.optional(closeCode),
  reason: v.optional(reason),
  reasonLength: trueLength,
  /** 'devtools': closed from the panel; 'simulated': closed to keep the socket in step with a simulated close. */
  origin: v.optional(OriginSchema),
});

export const CloseRecordSchema = v.object({
  kind: v.literal('close'),
  sid,
  t: time,
  code: closeCode,
  reason,
  reasonLength: trueLength,
  wasClean: v.boolean(),
  by: ClosedBySchema,
  /** 'simulated': what the page saw instead of the real close. */
  origin: v.optional(OriginSchema),
});

/**
 * Frames first: valibot tries a variant's options in order, and a miss costs
 * an issue object, so the common case goes first (twice as fast on a flood).
 */
export const WireRecordSchema = v.variant('kind', [
  FrameRecordSchema,
  CreateRecordSchema,
  OpenRecordSchema,
  ErrorRecordSchema,
  ClosingRecordSchema,
  CloseRecordSchema,
]);

export type Direction = v.InferOutput<typeof DirectionSchema>;
export type ClosedBy = v.InferOutput<typeof ClosedBySchema>;
export type Origin = v.InferOutput<typeof OriginSchema>;
export type CreateRecord = v.InferOutput<typeof CreateRecordSchema>;
export type OpenRecord = v.InferOutput<typeof OpenRecordSchema>;
export type FrameRecord = v.InferOutput<typeof FrameRecordSchema>;
export type ErrorRecord = v.InferOutput<typeof ErrorRecordSchema>;
export type ClosingRecord = v.InferOutput<typeof ClosingRecordSchema>;
export type CloseRecord = v.InferOutput<typeof CloseRecordSchema>;
export type WireRecord = v.InferOutput<typeof WireRecordSchema>;
/** A record as the background keeps and serves it: globally unique connection id, frame from the port's sender, per-tab sequence number. */
const sessionFields = {
  seq: count,
  conn: v.pipe(v.string(), v.maxLength(64)),
  frameId: v.pipe(v.number(), v.integer(), v.minValue(0)),
  /** The capture source that made it; absent in sessions stored before protocol 5 (the hook). */
  source: v.optional(CaptureSourceSchema),
};
/** A record schema with the session's fields added. */
const inSession = <E extends v.ObjectEntries>(schema: v.ObjectSchema<E, undefined>) =>
  v.object({ ...schema.entries, ...sessionFields });
/**
 * Written flat rather than as an intersection of the wire record and the
 * session fields: an intersection parses twice and merges, six times slower,
 * and clients validate every record they receive.
 */
export const SessionRecordSchema = v.variant('kind', [
  v.variant('type', [inSession(FrameRecordSchema.options[0]), inSession(FrameRecordSchema.options[1])]),
  inSession(CreateRecordSchema),
  inSession(OpenRecordSchema),
  inSession(ErrorRecordSchema),
  inSession(ClosingRecordSchema),
  inSession(CloseRecordSchema),
  // Made by the background's webRequest source, never by the hook: not a wire record.
  inSession(HandshakeRecordSchema),
]);
export type { HandshakeRecord };
export type SessionRecord = v.InferOutput<typeof SessionRecordSchema>;
/**
 * From the page to the relay a binary payload may be a view into one of the
 * hook's shared chunks (src/page/byte-pool.ts); the background copies it out.
 */
export type HookRecord = WireRecord;

/**
 * Relay → hook over the private port: record frames or not (lifecycle records
 * are always kept, so sockets stay known), commands and intercept rules.
 */
export type HookControl = CaptureControl | HookInbound;

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

export function parseWith<S extends v.GenericSchema>(schema: S, input: unknown): ParseResult<v.InferOutput<S>> {
  const result = v.safeParse(schema, input);
  if (result.success) return { ok: true, value: result.output };
  const issue = result.issues[0];
  const path = v.getDotPath(issue);
  return { ok: false, error: path ? `${path}: ${issue.message}` : issue.message };
}

export const parseWireRecord = (input: unknown) => parseWith(WireRecordSchema, input);

/**
 * A record as the background files it. A `create` the schema refuses (a
 * field over its limit from a hook that did not cut it, a protocol list out
 * of shape) is kept with its sid and time and its fields cut to the limits or
 * emptied, so the socket and all its frames are not lost with it; anything
 * else as parseWireRecord.
 */
export function parseRecordKeepingSockets(input: unknown): ParseResult<WireRecord> {
  const parsed = parseWireRecord(input);
  if (parsed.ok || typeof input !== 'object' || input === null) return parsed;
  const create = input as Record<string, unknown>;
  if (create.kind !== 'create') return parsed;
  const { url, frameUrl, stack, protocols } = create;
  if (typeof url !== 'string' || typeof frameUrl !== 'string' || typeof stack !== 'string') return parsed;
  if (!Array.isArray(protocols)) return parsed;
  const kept = protocols.slice(0, MAX_PROTOCOLS);
  if (!kept.every((name) => typeof name === 'string')) return parsed;
  const salvaged: Record<string, unknown> = {
    kind: 'create',
    sid: create.sid,
    t: create.t,
    protocols: kept.map((name: string) => name.slice(0, MAX_PROTOCOL_CHARS)),
  };
  if (protocols.length > MAX_PROTOCOLS) salvaged.protocolCount = protocols.length;
  cutInto(salvaged, 'url', 'urlLength', url, MAX_URL_CHARS);
  cutInto(salvaged, 'stack', 'stackLength', stack, MAX_STACK_CHARS);
  cutInto(salvaged, 'frameUrl', 'frameUrlLength', frameUrl, MAX_URL_CHARS);
  const salvage = parseWireRecord(salvaged);
  return salvage.ok ? salvage : parsed;
}

function cutInto(record: Record<string, unknown>, key: string, lengthKey: string, text: string, max: number): void {
  record[key] = text.slice(0, max);
  if (text.length > max) record[lengthKey] = text.length;
}
