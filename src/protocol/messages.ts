/**
 * Port messages between relay, background and panel. Every message is
 * validated on arrival with the `parse…` functions here.
 *
 * Delivery from the relay is at-least-once with dedup: the relay numbers its
 * records per document (`n`), keeps them until the background acknowledges that
 * they are stored, and resends what is unacknowledged on a new port (after the
 * service worker stopped). The background ignores numbers it has already stored.
 */
import * as v from 'valibot';
import { SessionRecordSchema, parseWith, type ParseResult, type SessionRecord } from './schema';
import { isPlainFrame } from './plain-frames';
import { PayloadLimitSchema, SettingsSchema } from './settings';
import { CommandErrorSchema, CommandSchema, PausedFrameSchema, RelayPausedSchema, RulesSchema } from './actions';
import { count, conn, epoch, requestId, seqOrStart, sid, tabId } from './fields';
import { ServiceErrorSchema } from './errors';

// ---- relay ⇄ background -------------------------------------------------------

/** relay → background */
export const RelayMessageSchema = v.variant('type', [
  v.object({
    type: v.literal('hello'),
    v: v.number(),
    /** Random per document, made in the isolated world, so the page cannot choose it. */
    docId: v.pipe(v.string(), v.regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)),
  }),
  v.object({
    type: v.literal('records'),
    /** The document-local number of the first record; the rest follow consecutively. */
    first: count,
    /** Columns of records (protocol/batch.ts), read by readBatch, then every record validated. */
    batch: v.custom<object>((input) => typeof input === 'object' && input !== null, 'a batch is an object'),
  }),
  /** The hook's answer to a command: no error means done. */
  v.object({
    type: v.literal('result'),
    id: requestId,
    error: v.optional(CommandErrorSchema),
    detail: v.optional(v.pipe(v.string(), v.maxLength(200))),
  }),
  /** A frame stopped at a breakpoint (repeated after a reconnect while it stays paused). */
  v.object({ type: v.literal('paused'), paused: RelayPausedSchema }),
  /** That frame went on or was dropped. */
  v.object({ type: v.literal('pause-end'), sid, pause: count }),
  /** The hook failed to record this many events since its last report (src/page/outbox.ts `failed`). */
  v.object({ type: v.literal('hook-errors'), count: v.pipe(count, v.minValue(1)) }),
]);

/** For every hook of a tab: record frames or not, and how much of each payload to keep (settings.ts). */
export const CaptureControlSchema = v.object({
  type: v.literal('capture'),
  paused: v.boolean(),
  maxPayloadBytes: PayloadLimitSchema,
});

/** background → relay */
export const RelayControlSchema = v.variant('type', [
  /** Everything numbered below `next` is stored: the relay may forget it. */
  v.object({ type: v.literal('ack'), next: count }),
  /** Capture paused or resumed for this tab, or the payload limit changed: after every hello and on every change. */
  CaptureControlSchema,
  /** A command for one socket of this document. */
  v.object({ type: v.literal('command'), id: requestId, sid, command: CommandSchema }),
  /** The tab's intercept rules, whole, whenever they change and after every hello. */
  v.object({ type: v.literal('rules'), rules: RulesSchema }),
]);

/** background → relay by `tabs.sendMessage`: connect again if not connected (to one document, or all of the tab). */
export const RelayWakeSchema = v.object({ type: v.literal('wake'), docId: v.optional(v.string()) });

// ---- clients ⇄ the session service (the panel port, and any endpoint after it) -----

/** Where a client that held records of an epoch up to seq `after` picks up. */
export const ResumePointSchema = v.object({ epoch, after: seqOrStart });

/**
 * client → service. Every request but `subscribe` has an id and gets exactly
 * one answer with that id: `result` (done, or an error with a code), `slice`
 * or `tabs`.
 */
export const ClientRequestSchema = v.variant('type', [
  /** Snapshot of the tab, then live: `reset` (unless resumed), `records` chunks, `status`, `pauses`, and on. */
  v.object({
    type: v.literal('subscribe'),
    v: v.number(),
    tabId,
    /** A client that reconnects names the epoch and last seq it holds, to get only what it missed. */
    resume: v.optional(ResumePointSchema),
  }),
  /** Records of the tab with seq > `after`, at most `limit` (and at most a message's worth of bytes). */
  v.object({ type: v.literal('read'), id: requestId, tabId, after: seqOrStart, limit: v.optional(count) }),
  /** Tabs with a session, and their connection counts. */
  v.object({ type: v.literal('tabs'), id: requestId }),
  v.object({ type: v.literal('pause'), id: requestId, tabId, paused: v.boolean() }),
  v.object({ type: v.literal('clear'), id: requestId, tabId }),
  v.object({ type: v.literal('preserve-log'), id: requestId, value: v.boolean() }),
  /** The allHandshakeHeaders setting (settings.ts): for handshakes from now on. */
  v.object({ type: v.literal('all-handshake-headers'), id: requestId, value: v.boolean() }),
  /** Act on one socket of the tab. */
  v.object({ type: v.literal('command'), id: requestId, tabId, conn, command: CommandSchema }),
  /** Replaces the tab's intercept rules. */
  v.object({ type: v.literal('set-rules'), id: requestId, tabId, rules: RulesSchema }),
  /** Deep capture (Chrome's debugger, for the tab's workers' sockets) on or off for the tab. */
  v.object({ type: v.literal('deep-capture'), id: requestId, tabId, on: v.boolean() }),
]);

/**
 * Which capture runs for a tab besides the hook: 'off'; 'starting' while the
 * debugger attaches; 'on'; or 'ended' when it stopped without being asked
 * (`reason`: Chrome's detach reason, 'canceled_by_user' for the banner's Cancel,
 * 'target_closed', or the error that made attaching fail).
 */
export const DeepCaptureStateSchema = v.object({
  state: v.picklist(['off', 'starting', 'on', 'ended']),
  reason: v.optional(v.pipe(v.string(), v.maxLength(200))),
});
export type DeepCaptureState = v.InferOutput<typeof DeepCaptureStateSchema>;

/** A navigation of the tab's top frame, kept as a marker when "Preserve log" is on. */
export const NavigationSchema = v.object({ seq: count, t: v.number(), url: v.string() });

/** Why records are not being stored: the database refuses for lack of space, fails, or cannot be opened at all. */
export const StorageFaultCodeSchema = v.picklist(['quota', 'broken', 'unavailable']);
export type StorageFaultCode = v.InferOutput<typeof StorageFaultCodeSchema>;

/** Present in a tab's status only while storage is failing. */
export const StorageFaultSchema = v.object({
  code: StorageFaultCodeSchema,
  /** The browser's own error name and message, for the curious. */
  detail: v.pipe(v.string(), v.maxLength(500)),
  /** Records of this tab not in the database: kept in memory (and by the relays while unacknowledged). */
  unstored: count,
  /**
   * False while writes are retried and relays keep what is unacknowledged; true
   * once the background gave up waiting: records are acknowledged and kept in
   * memory only (lost if the worker stops), and writing is still retried.
   */
  memoryOnly: v.boolean(),
});
export type StorageFault = v.InferOutput<typeof StorageFaultSchema>;

/** What a client shows besides records: counters and switches of the tab's session. */
export const TabStatusSchema = v.object({
  tabId,
  /** Changes when the session is cleared or a new page session starts: records of another epoch do not mix. */
  epoch,
  paused: v.boolean(),
  preserveLog: v.boolean(),
  /** Frames with a lower seq, and connections closed below it, were dropped to stay within the budget. */
  framesKeptFrom: count,
  droppedFrames: count,
  /** Dropped frames per connection id, for the "N earlier frames dropped" marker. */
  droppedByConnection: v.record(v.string(), count),
  /** Closed connections dropped whole (create to close) to stay within the budget, oldest close first. */
  droppedConnections: v.optional(count, 0),
  /** Messages or records refused by validation since the worker started. */
  rejected: count,
  /** Stored records that failed validation when the session was loaded: skipped. */
  skippedRows: v.optional(count, 0),
  /** Set while records cannot be stored (see StorageFaultSchema). */
  storage: v.optional(StorageFaultSchema),
  /** Events the tab's hooks failed to record (each failure contained to that event) since the worker started. */
  hookErrors: v.optional(count),
  navigations: v.array(NavigationSchema),
  settings: SettingsSchema,
  /** The tab's intercept rules (protocol/actions.ts). */
  rules: RulesSchema,
  /** Deep capture of the tab's workers; absent means off. */
  deepCapture: v.optional(DeepCaptureStateSchema),
});

/** One tab with a session, as `tabs` lists it. */
export const TabSummarySchema = v.object({ tabId, epoch, connections: count, frames: count });

/** service → client */
export const ClientEventSchema = v.variant('type', [
  /** Start over: drop what you hold of this tab (a new epoch); records follow. */
  v.object({ type: v.literal('reset'), tabId, epoch }),
  /** Records in seq order, a message's worth of bytes at most (limits.ts). */
  v.object({ type: v.literal('records'), tabId, epoch, records: v.array(SessionRecordSchema) }),
  v.object({ type: v.literal('status'), status: TabStatusSchema }),
  /** Every frame of the tab paused at a breakpoint, whole, whenever that changes. */
  v.object({ type: v.literal('pauses'), tabId, pauses: v.array(PausedFrameSchema) }),
  /** Something went wrong outside any request (an undeliverable message, a bad request without an id). */
  v.object({ type: v.literal('error'), error: ServiceErrorSchema }),
  /** The answer to a request: no error means done. */
  v.object({ type: v.literal('result'), id: requestId, error: v.optional(ServiceErrorSchema) }),
  /** The answer to `read`: `more` when records beyond these were left for another read. */
  v.object({
    type: v.literal('slice'),
    id: requestId,
    tabId,
    epoch,
    records: v.array(SessionRecordSchema),
    more: v.boolean(),
  }),
  /** The answer to `tabs`. */
  v.object({ type: v.literal('tabs'), id: requestId, tabs: v.array(TabSummarySchema) }),
]);

export type RelayMessage = v.InferOutput<typeof RelayMessageSchema>;
export type CaptureControl = v.InferOutput<typeof CaptureControlSchema>;
export type RelayControl = v.InferOutput<typeof RelayControlSchema>;
export type RelayWake = v.InferOutput<typeof RelayWakeSchema>;
export type ResumePoint = v.InferOutput<typeof ResumePointSchema>;
export type ClientRequest = v.InferOutput<typeof ClientRequestSchema>;
export type Navigation = v.InferOutput<typeof NavigationSchema>;
export type TabStatus = v.InferOutput<typeof TabStatusSchema>;
export type TabSummary = v.InferOutput<typeof TabSummarySchema>;
export type ClientEvent = v.InferOutput<typeof ClientEventSchema>;

export const parseRelayMessage = (input: unknown) => parseWith(RelayMessageSchema, input);
export const parseRelayControl = (input: unknown) => parseWith(RelayControlSchema, input);
export const parseRelayWake = (input: unknown) => parseWith(RelayWakeSchema, input);
export const parseClientRequest = (input: unknown) => parseWith(ClientRequestSchema, input);
/**
 * Clients validate every record they receive: plain frames, most of a flood,
 * are checked by hand (plain-frames.ts), the rest of the event and its other
 * records by the schema. Any failure parses the whole event with the schema
 * again, so what is refused, and the words for it, are the schema's.
 */
export function parseClientEvent(input: unknown): ParseResult<ClientEvent> {
  const event = input as { type?: unknown; records?: unknown } | null;
  if (typeof event !== 'object' || event === null || (event.type !== 'records' && event.type !== 'slice'))
    return parseWith(ClientEventSchema, input);
  const records = event.records;
  if (!Array.isArray(records)) return parseWith(ClientEventSchema, input);
  const envelope = parseWith(ClientEventSchema, { ...event, records: [] });
  if (!envelope.ok) return parseWith(ClientEventSchema, input);
  const checked: SessionRecord[] = new Array(records.length);
  for (let i = 0; i < records.length; i++) {
    const record: unknown = records[i];
    if (isPlainFrame(record)) {
      checked[i] = record;
      continue;
    }
    const parsed = parseWith(SessionRecordSchema, record);
    if (!parsed.ok) return parseWith(ClientEventSchema, input);
    checked[i] = parsed.value;
  }
  return { ok: true, value: { ...envelope.value, records: checked } as ClientEvent };
}
