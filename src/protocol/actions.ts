/**
 * Acting on live sockets (docs/ARCHITECTURE.md, "Commands, rules and
 * breakpoints"): the commands a panel sends to one socket, their results, the
 * intercept rules of a tab and the frames paused at a breakpoint.
 *
 *   client ──{command, id, tabId, conn}──▶ service ──{command, id, sid}──▶ relay ══▶ hook
 *   client ◀──{result, id, error?}──────── service ◀──{result, id, error?}── relay ◀══ hook
 *
 * Payloads of commands, rules and paused frames are text or base64 on every
 * extension hop (rules are stored in each tab's meta, and the composer edits
 * and compares payloads as text); the relay hands the hook bytes (HookPayload). Captured
 * frames are bytes everywhere (schema.ts). The hook cannot run valibot, so the relay validates
 * what it forwards and the session service validates everything the relay sends back.
 */
import * as v from 'valibot';
import {
  MAX_BASE64_CHARS,
  MAX_CAPTURED_CHARS,
  MAX_DELAY_MS,
  MAX_PROTOCOL_CHARS,
  MAX_PROTOCOLS,
  MAX_REASON_CHARS,
  MAX_REPLAY_FRAMES,
  MAX_RULES,
  MAX_URL_CHARS,
} from './limits';
import { conn, count, sid } from './fields';

export const PayloadSchema = v.variant('type', [
  v.object({ type: v.literal('text'), data: v.pipe(v.string(), v.maxLength(MAX_CAPTURED_CHARS)) }),
  v.object({ type: v.literal('binary'), data: v.pipe(v.string(), v.maxLength(MAX_BASE64_CHARS), v.base64()) }),
]);
export type Payload = v.InferOutput<typeof PayloadSchema>;

const utf8Bytes = (text: string) => new TextEncoder().encode(text).length;
/** close() throws unless the reason fits 123 bytes of UTF-8 (RFC 6455). */
const closeReason = v.pipe(
  v.string(),
  v.maxLength(MAX_REASON_CHARS),
  v.check((text) => utf8Bytes(text) <= MAX_REASON_CHARS, 'The close reason is longer than 123 bytes of UTF-8'),
);
/** What close() accepts from a page: 1000 or 3000–4999. */
const clientCloseCode = v.pipe(
  v.number(),
  v.integer(),
  v.check((code) => code === 1000 || (code >= 3000 && code <= 4999), 'A close code must be 1000 or 3000–4999'),
);
/** What a page may see in a close event, 1006 (abnormal closure) included. */
const eventCloseCode = v.pipe(v.number(), v.integer(), v.minValue(1000), v.maxValue(4999));

export const CommandSchema = v.variant('type', [
  /** Sends a frame to the server with the native send(). */
  v.object({ type: v.literal('send'), payload: PayloadSchema }),
  /** Delivers a message to the page as if the server had sent it. */
  v.object({ type: v.literal('simulate'), payload: PayloadSchema }),
  /** Closes the socket with the native close(code, reason): the server sees them. */
  v.object({ type: v.literal('close'), code: v.optional(clientCloseCode), reason: v.optional(closeReason) }),
  /** The page sees a close from the server (or a dropped connection: 1006, unclean); the real socket is closed too. */
  v.object({ type: v.literal('simulate-close'), code: eventCloseCode, reason: closeReason, wasClean: v.boolean() }),
  /** Ends a breakpoint: forward the paused frame (edited when a payload is given) or drop it. */
  v.object({
    type: v.literal('resume'),
    pause: count,
    action: v.picklist(['forward', 'drop']),
    payload: v.optional(PayloadSchema),
  }),
  /**
   * Opens a new socket from the page of the connection the command names (its
   * document, as the page would: the native constructor) to `url`, and sends
   * `frames` at their offsets from the open divided by `speed` ('max': one
   * after another), then closes it as the page closed the original. Its records are those of any socket, its `create` marked
   * `replayOf` (the connection replayed). See src/page/replay.ts.
   */
  v.object({
    type: v.literal('replay'),
    replayOf: conn,
    url: v.pipe(v.string(), v.maxLength(MAX_URL_CHARS), v.regex(/^wss?:\/\//i, 'A replay goes to a ws: or wss: URL')),
    protocols: v.pipe(v.array(v.pipe(v.string(), v.maxLength(MAX_PROTOCOL_CHARS))), v.maxLength(MAX_PROTOCOLS)),
    frames: v.pipe(
      v.array(v.object({ offsetMs: v.pipe(v.number(), v.finite(), v.minValue(0)), payload: PayloadSchema })),
      v.maxLength(MAX_REPLAY_FRAMES),
    ),
    speed: v.union([v.literal('max'), v.pipe(v.number(), v.minValue(0.1), v.maxValue(100))]),
    /** The page closed the original: the replay closes so too, at that offset (no code: close() without one). */
    close: v.optional(
      v.object({
        code: v.optional(clientCloseCode),
        reason: v.optional(closeReason),
        offsetMs: v.pipe(v.number(), v.finite(), v.minValue(0)),
      }),
    ),
  }),
]);
export type Command = v.InferOutput<typeof CommandSchema>;
export type ReplayCommand = Extract<Command, { type: 'replay' }>;

/** Why the hook could not do it: a code (protocol/errors.ts); the panel words it. */
export const CommandErrorSchema = v.picklist(['unknown-socket', 'closed', 'not-open', 'no-pause', 'failed']);
export type CommandError = v.InferOutput<typeof CommandErrorSchema>;

// ---- intercept rules --------------------------------------------------------

const PATTERN_SYNTAX = /^\/(.+)\/([a-z]*)$/s;
const PATTERN_FLAGS = /^[imsu]*$/;

export interface PatternSource {
  source: string;
  flags: string;
}

/**
 * A rule's URL or payload pattern as the user types it: '' matches
 * everything, `/regex/flags` is a regular expression (flags i, m, s, u), any
 * other text matches itself exactly (case-sensitive, anywhere).
 */
export function parseRulePattern(
  text: string,
): { ok: true; pattern: PatternSource | null } | { ok: false; error: string } {
  if (text === '') return { ok: true, pattern: null };
  const regex = PATTERN_SYNTAX.exec(text);
  if (!regex) return { ok: true, pattern: { source: text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), flags: '' } };
  const source = regex[1]!;
  const flags = regex[2]!;
  if (!PATTERN_FLAGS.test(flags)) return { ok: false, error: `Unsupported flags "${flags}" (use i, m, s, u)` };
  try {
    new RegExp(source, flags);
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  return { ok: true, pattern: { source, flags } };
}

const patternText = v.pipe(
  v.string(),
  v.maxLength(4096),
  v.check((text) => parseRulePattern(text).ok, 'Invalid pattern'),
);

export const RuleDirectionSchema = v.picklist(['sent', 'received', 'both']);
/** Fault actions make a bad network on purpose (issue 23); each takes its parameters from the rule's `fault`. */
export const FAULT_ACTIONS = ['jitter', 'duplicate', 'reorder', 'drop', 'rate', 'bandwidth'] as const;
/**
 * Connection faults act on connections, not frames, matched by URL only:
 * - `offline`: an open socket is dropped as a lost network would drop it
 *   (1006) and a new one fails as a refused connection does;
 * - `drop-every`: each open socket is dropped (1006) `dropEveryMs` after it
 *   opened (or after the rule came), so a reconnecting page drops again and again;
 * - `refuse`: new sockets fail as under `offline` for `refuseMs` from the
 *   rule's `startedAt` (kept in the rule, so a reload does not restart it);
 * - `delay-open`: the page's socket stays CONNECTING `openDelayMs` after the
 *   real open; its open event, and what comes meanwhile, wait in order.
 */
export const CONNECTION_FAULTS = ['drop-every', 'refuse', 'delay-open'] as const;
/**
 * `debugger` stops the page's JavaScript in DevTools' debugger (a `debugger`
 * statement, a no-op while no debugger is attached) at a matching send, or
 * just before the page's handlers get a matching message; the frame goes on
 * as if no rule matched, and later rules still act on it.
 */
export const RuleActionSchema = v.picklist([
  'block',
  'replace',
  'delay',
  'break',
  ...FAULT_ACTIONS,
  'offline',
  ...CONNECTION_FAULTS,
  'debugger',
]);
export type ConnectionFault = (typeof CONNECTION_FAULTS)[number];
export const isConnectionFault = (action: string): action is ConnectionFault =>
  (CONNECTION_FAULTS as readonly string[]).includes(action);
/** Whether a rule of this action carries `fault` parameters. */
export const hasFaultParameters = (action: string) => isFaultAction(action) || isConnectionFault(action);
export type FaultAction = (typeof FAULT_ACTIONS)[number];
export const isFaultAction = (action: string): action is FaultAction =>
  (FAULT_ACTIONS as readonly string[]).includes(action);

const int = (min: number, max: number) => v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max));
/** Most messages (or bytes) a second a rate (or bandwidth) rule allows: above this nothing is limited. */
export const MAX_FAULT_RATE = 1_000_000_000;

/**
 * A fault rule's parameters, each with a default so a rule stored before
 * faults existed (or one that sets only what its action uses) still parses.
 */
export const FaultSchema = v.pipe(
  v.object({
    /** jitter: each frame waits a time drawn from [min, max] ms; later frames wait behind it (order is kept). */
    jitterMinMs: v.optional(int(0, MAX_DELAY_MS), 0),
    jitterMaxMs: v.optional(int(0, MAX_DELAY_MS), 1000),
    /** duplicate: the frame goes this many extra times. */
    copies: v.optional(int(1, 10), 1),
    /** reorder: frames held until this many are, then released shuffled… */
    reorderWindow: v.optional(int(2, 50), 5),
    /** …or when the first held one has waited this long, or the socket closes. */
    reorderHoldMs: v.optional(int(1, MAX_DELAY_MS), 1000),
    /** drop: the share of matching frames lost, in percent. */
    dropPercent: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(100)), 50),
    /** Seeds the draws of jitter, reorder and drop, so a run can be repeated. */
    seed: v.optional(int(0, 0xffffffff), 1),
    /** rate: frames a second, queued, not dropped. */
    ratePerSecond: v.optional(v.pipe(v.number(), v.gtValue(0), v.maxValue(MAX_FAULT_RATE)), 10),
    /** bandwidth: bytes a second, queued, not dropped. */
    bytesPerSecond: v.optional(v.pipe(v.number(), v.gtValue(0), v.maxValue(MAX_FAULT_RATE)), 16_384),
    /** drop-every: an open socket is dropped this long after it opened. */
    dropEveryMs: v.optional(int(100, MAX_DELAY_MS), 5000),
    /** refuse: new sockets fail for this long after the rule's `startedAt`. */
    refuseMs: v.optional(int(1, MAX_DELAY_MS), 10_000),
    /** delay-open: the page sees the open this long after the real one. */
    openDelayMs: v.optional(int(0, MAX_DELAY_MS), 1000),
  }),
  v.check((f) => f.jitterMinMs <= f.jitterMaxMs, 'The shortest jitter must not be longer than the longest'),
);
export type Fault = v.InferOutput<typeof FaultSchema>;
/** The parameters of a fault rule that sets none. */
export const DEFAULT_FAULT: Fault = v.parse(FaultSchema, {});

export const RuleSchema = v.pipe(
  v.object({
    id: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
    name: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
    enabled: v.boolean(),
    direction: RuleDirectionSchema,
    /** Matches the connection URL; '' for every connection. */
    url: patternText,
    /** Matches text payloads; '' for every frame (text or binary). */
    payload: patternText,
    action: RuleActionSchema,
    delayMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_DELAY_MS)), 1000),
    /** `matches`: each match of the payload pattern becomes `text` ($1, $& as in String.replace); `whole`: the payload becomes `payload`. */
    replace: v.optional(
      v.variant('mode', [
        v.object({ mode: v.literal('matches'), text: v.pipe(v.string(), v.maxLength(MAX_CAPTURED_CHARS)) }),
        v.object({ mode: v.literal('whole'), payload: PayloadSchema }),
      ]),
    ),
    /** A fault action's parameters (DEFAULT_FAULT when absent). */
    fault: v.optional(FaultSchema),
    /** When the rule was first set (ms since the epoch): a refuse rule's time counts from it. */
    startedAt: v.optional(v.pipe(v.number(), v.finite(), v.minValue(0))),
  }),
  v.check((rule) => rule.action !== 'replace' || rule.replace !== undefined, 'A replace rule needs a replacement'),
  v.check(
    (rule) => rule.replace?.mode !== 'matches' || rule.payload !== '',
    'Replacing matches needs a payload pattern',
  ),
);
export type Rule = v.InferOutput<typeof RuleSchema>;
export type RuleDirection = v.InferOutput<typeof RuleDirectionSchema>;
export type RuleAction = v.InferOutput<typeof RuleActionSchema>;

export const RulesSchema = v.pipe(v.array(RuleSchema), v.maxLength(MAX_RULES));

/** What a rule did to a frame, as the timeline shows it. */
export const InterceptActionSchema = v.picklist([
  'blocked',
  'replaced',
  'delayed',
  'forwarded',
  'edited',
  'dropped',
  'jittered',
  'duplicated',
  'reordered',
  'throttled',
]);
export type InterceptAction = v.InferOutput<typeof InterceptActionSchema>;
export const InterceptSchema = v.object({
  /** The rule's name; '' for a frame that only waited behind another and was dropped when the socket closed. */
  rule: v.pipe(v.string(), v.maxLength(100)),
  action: InterceptActionSchema,
});

// ---- breakpoints ---------------------------------------------------------------

const pausedFields = {
  /** Numbers pauses within a document; with the connection it names one paused frame. */
  pause: count,
  dir: v.picklist(['sent', 'received']),
  rule: v.pipe(v.string(), v.maxLength(100)),
  t: v.pipe(v.number(), v.finite(), v.minValue(0)),
  payload: PayloadSchema,
  /** True bytes of the frame; a payload above the capture limit is shown cut and cannot be edited. */
  size: count,
  truncated: v.boolean(),
};

/** relay → service: a frame is paused (sid is the relay's, the session service names the connection). */
export const RelayPausedSchema = v.object({ sid, ...pausedFields });
/** service → panel */
export const PausedFrameSchema = v.object({ conn: v.pipe(v.string(), v.maxLength(64)), ...pausedFields });
export type PausedFrame = v.InferOutput<typeof PausedFrameSchema>;
export type RelayPaused = v.InferOutput<typeof RelayPausedSchema>;

// ---- the hook's side (private port, no valibot there) ------------------------------

/** A payload as the hook takes and gives it: bytes instead of base64. */
export type HookPayload = string | ArrayBuffer;

/**
 * Every key is present, undefined when absent: the hook reads these objects in
 * the page's realm, where a missing key is looked up on the page's Object.prototype.
 */
export type HookCommand =
  | { type: 'send' | 'simulate'; data: HookPayload }
  | { type: 'close'; code: number | undefined; reason: string | undefined }
  | { type: 'simulate-close'; code: number; reason: string; wasClean: boolean }
  | { type: 'resume'; pause: number; action: 'forward' | 'drop'; data: HookPayload | undefined }
  | {
      type: 'replay';
      replayOf: string;
      url: string;
      protocols: string[];
      frames: { offsetMs: number; data: HookPayload }[];
      /** 0 for as fast as possible. */
      speed: number;
      close: { code: number | undefined; reason: string | undefined; offsetMs: number } | undefined;
    };

/** A rule as the hook runs it: patterns parsed, replacement bytes decoded; every key present, as above. */
export interface HookRule {
  name: string;
  direction: RuleDirection;
  url: PatternSource | null;
  payload: PatternSource | null;
  action: RuleAction;
  delayMs: number;
  replace: { mode: 'matches'; text: string } | { mode: 'whole'; data: HookPayload } | null;
  /** Always present (DEFAULT_FAULT for other actions); read only by fault actions. */
  fault: Fault;
  /** The rule's `startedAt`, 0 when it has none (read only by refuse). */
  startedAt: number;
}

/** Relay → hook over the private port, besides `{type: 'capture'}`. */
export type HookInbound =
  { type: 'command'; id: number; sid: number; command: HookCommand } | { type: 'rules'; rules: HookRule[] };

/** Hook → relay over the private port, besides record batches (arrays). */
export type HookOutbound =
  | { type: 'result'; id: number; error?: CommandError; detail?: string }
  /** Recording failed this many times since the last report (each failure contained to one event). */
  | { type: 'hook-errors'; count: number }
  | {
      type: 'paused';
      sid: number;
      pause: number;
      dir: 'sent' | 'received';
      rule: string;
      t: number;
      data: HookPayload;
      size: number;
      truncated: boolean;
    }
  | { type: 'pause-end'; sid: number; pause: number };
