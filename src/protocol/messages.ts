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
import { SessionRecordSchema, parseWith, type CaptureControl, type SessionRecord } from './schema';
import { PayloadLimitSchema, SettingsSchema } from './settings';
import {
  CommandErrorSchema,
  CommandSchema,
  PausedFrameSchema,
  RelayPausedSchema,
  RulesSchema,
  type Command,
  type PausedFrame,
  type Rule,
} from './actions';

const count = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER));
const tabId = v.pipe(v.number(), v.integer(), v.minValue(0));
const sid = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(Number.MAX_SAFE_INTEGER));
/** A connection id, `<doc>.<sid>` (see TabSession). */
const conn = v.pipe(v.string(), v.maxLength(64), v.regex(/^[1-9]\d*\.[1-9]\d*$/));
/** A command's request id; the panel numbers its own, the hub its own towards relays. */
const requestId = count;

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

/** background → relay */
export type RelayControl =
  /** Everything numbered below `next` is stored: the relay may forget it. */
  | { type: 'ack'; next: number }
  /** Capture paused or resumed for this tab, or the payload limit changed: after every hello and on every change. */
  | CaptureControl
  /** A command for one socket of this document. */
  | { type: 'command'; id: number; sid: number; command: Command }
  /** The tab's intercept rules, whole, whenever they change and after every hello. */
  | { type: 'rules'; rules: Rule[] };

export const RelayControlSchema = v.variant('type', [
  v.object({ type: v.literal('ack'), next: count }),
  v.object({
    type: v.literal('capture'),
    paused: v.boolean(),
    maxPayloadBytes: PayloadLimitSchema,
  }),
  v.object({ type: v.literal('command'), id: requestId, sid, command: CommandSchema }),
  v.object({ type: v.literal('rules'), rules: RulesSchema }),
]);

/** background → relay by `tabs.sendMessage`: connect again if not connected (to one document, or all of the tab). */
export const RelayWakeSchema = v.object({ type: v.literal('wake'), docId: v.optional(v.string()) });
export type RelayWake = v.InferOutput<typeof RelayWakeSchema>;

/** panel → background */
export const PanelRequestSchema = v.variant('type', [
  v.object({
    type: v.literal('subscribe'),
    v: v.number(),
    tabId,
    /** A panel that reconnects names the epoch and last seq it holds, to get only what it missed. */
    resume: v.optional(v.object({ epoch: v.string(), after: v.pipe(v.number(), v.integer(), v.minValue(-1)) })),
  }),
  v.object({ type: v.literal('pause'), tabId, paused: v.boolean() }),
  v.object({ type: v.literal('clear'), tabId }),
  v.object({ type: v.literal('preserve-log'), value: v.boolean() }),
  /** Act on one socket of the tab; answered by a `result` with the same id. */
  v.object({ type: v.literal('command'), id: requestId, tabId, conn, command: CommandSchema }),
  /** Replaces the tab's intercept rules. */
  v.object({ type: v.literal('set-rules'), tabId, rules: RulesSchema }),
]);

/** A navigation of the tab's top frame, kept as a marker when "Preserve log" is on. */
export const NavigationSchema = v.object({ seq: count, t: v.number(), url: v.string() });

/** What a panel shows besides records: counters and switches of the tab's session. */
export const TabStatusSchema = v.object({
  tabId,
  /** Changes when the session is cleared or a new page session starts: records of another epoch do not mix. */
  epoch: v.string(),
  paused: v.boolean(),
  preserveLog: v.boolean(),
  /** Frames with a lower seq were dropped to stay within the budget. */
  framesKeptFrom: count,
  droppedFrames: count,
  /** Dropped frames per connection id, for the "N earlier frames dropped" marker. */
  droppedByConnection: v.record(v.string(), count),
  /** Messages or records refused by validation since the worker started. */
  rejected: count,
  /** Events the tab's hooks failed to record (each failure contained to that event) since the worker started. */
  hookErrors: v.optional(count),
  navigations: v.array(NavigationSchema),
  settings: SettingsSchema,
  /** The tab's intercept rules (protocol/actions.ts). */
  rules: RulesSchema,
});

/** background → panel */
export const PanelEventSchema = v.variant('type', [
  /** Start over: drop what you hold of this tab (a new epoch); records follow. */
  v.object({ type: v.literal('reset'), tabId, epoch: v.string() }),
  v.object({ type: v.literal('records'), tabId, epoch: v.string(), records: v.array(SessionRecordSchema) }),
  v.object({ type: v.literal('status'), status: TabStatusSchema }),
  v.object({ type: v.literal('error'), message: v.string() }),
  /** The answer to a panel's command: no error means done. */
  v.object({ type: v.literal('result'), id: requestId, error: v.optional(v.string()) }),
  /** Every frame of the tab paused at a breakpoint, whole, whenever that changes. */
  v.object({ type: v.literal('pauses'), tabId, pauses: v.array(PausedFrameSchema) }),
]);

export type RelayMessage = v.InferOutput<typeof RelayMessageSchema>;
export type PanelRequest = v.InferOutput<typeof PanelRequestSchema>;
export type Navigation = v.InferOutput<typeof NavigationSchema>;
export type TabStatus = v.InferOutput<typeof TabStatusSchema>;
export type PanelEvent =
  | { type: 'reset'; tabId: number; epoch: string }
  | { type: 'records'; tabId: number; epoch: string; records: SessionRecord[] }
  | { type: 'status'; status: TabStatus }
  | { type: 'error'; message: string }
  | { type: 'result'; id: number; error?: string }
  | { type: 'pauses'; tabId: number; pauses: PausedFrame[] };

export const parseRelayMessage = (input: unknown) => parseWith(RelayMessageSchema, input);
export const parseRelayControl = (input: unknown) => parseWith(RelayControlSchema, input);
export const parsePanelRequest = (input: unknown) => parseWith(PanelRequestSchema, input);
export const parsePanelEvent = (input: unknown) => parseWith(PanelEventSchema, input);
export const parseRelayWake = (input: unknown) => parseWith(RelayWakeSchema, input);
