/**
 * The small schemas every message and record is built from, written once:
 * counts, ids, times. Limits come from limits.ts.
 */
import * as v from 'valibot';

/** A whole number from 0 up, safe as a JS number. */
export const count = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER));
/** A socket's number within its document, from 1. */
export const sid = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(Number.MAX_SAFE_INTEGER));
export const tabId = v.pipe(v.number(), v.integer(), v.minValue(0));
/** A connection id, `<doc>.<sid>` (see TabSession). */
export const conn = v.pipe(v.string(), v.maxLength(64), v.regex(/^[1-9]\d*\.[1-9]\d*$/));
/** A request's id, numbered by whoever sends it; the answer carries it back. */
export const requestId = count;
/** A session epoch: records of another epoch do not mix. */
export const epoch = v.pipe(v.string(), v.maxLength(64));
/** A per-tab sequence number, or -1 for "before the first". */
export const seqOrStart = v.pipe(v.number(), v.integer(), v.minValue(-1), v.maxValue(Number.MAX_SAFE_INTEGER));
/** Milliseconds since the epoch, as the page's clock told them. */
export const time = v.pipe(v.number(), v.finite(), v.minValue(0));

/**
 * Which capture source made a record: the page hook, the browser's
 * webRequest (handshakes, background/sources/web-request.ts), or Chrome's
 * debugger (workers' sockets under deep capture, sources/deep-capture.ts).
 * Records say whose they are so sources seeing the same socket merge without
 * duplicates.
 */
export const CaptureSourceSchema = v.picklist(['hook', 'webrequest', 'debugger']);
export type CaptureSource = v.InferOutput<typeof CaptureSourceSchema>;
