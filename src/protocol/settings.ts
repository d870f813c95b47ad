/**
 * User settings (the options page and the panel's "Preserve log"), kept in
 * extension storage and read by the background.
 */
import * as v from 'valibot';
import { MAX_CAPTURED_BYTES } from './limits';

/** The smallest payload limit: enough to recognise a frame by its start. */
export const MIN_PAYLOAD_BYTES = 256;

/** How many bytes of each payload the hook keeps: the option, and the capture control that carries it to the hook. */
export const PayloadLimitSchema = v.pipe(
  v.number(),
  v.integer(),
  v.minValue(MIN_PAYLOAD_BYTES),
  v.maxValue(MAX_CAPTURED_BYTES),
);

export const SettingsSchema = v.object({
  /** Frames kept per tab; beyond it the oldest frames are dropped (lifecycle records are kept). */
  maxFramesPerTab: v.optional(v.pipe(v.number(), v.integer(), v.minValue(100), v.maxValue(5_000_000)), 250_000),
  /** Payload bytes kept per tab. */
  maxBytesPerTab: v.optional(
    v.pipe(v.number(), v.integer(), v.minValue(64 * 1024), v.maxValue(4 * 1024 * 1024 * 1024)),
    256 * 1024 * 1024,
  ),
  /**
   * Of each frame's payload, the hook keeps this many bytes (characters of a
   * text); beyond it the frame keeps this much as a preview, its true size and
   * `truncated`. Lower it for pages that send huge frames: less to copy.
   */
  maxPayloadBytes: v.optional(PayloadLimitSchema, MAX_CAPTURED_BYTES),
  /** Keep earlier pages' connections when the tab navigates, as DevTools' "Preserve log". */
  preserveLog: v.optional(v.boolean(), false),
  /**
   * Chrome: ask webRequest for every handshake header (Cookie, Origin,
   * Authorization…) even while no client is connected; it costs every
   * handshake about 0.3 ms (background/index.ts). Firefox shows them all anyway.
   */
  allHandshakeHeaders: v.optional(v.boolean(), false),
});

export type Settings = v.InferOutput<typeof SettingsSchema>;

export const SETTINGS_KEY = 'settings';

export const DEFAULT_SETTINGS: Settings = v.parse(SettingsSchema, {});

/** Stored settings, with defaults for anything missing or invalid (a bad value never breaks capture). */
export function readSettings(stored: unknown): Settings {
  const result = v.safeParse(SettingsSchema, stored ?? {});
  return result.success ? result.output : DEFAULT_SETTINGS;
}
