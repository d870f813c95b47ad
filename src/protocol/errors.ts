/**
 * Errors that cross a boundary: a code a program can act on and a message
 * for a developer's log. No UI wording here: the panel words codes itself
 * (src/lib/error-text.ts), naming what the user acted on.
 */
import * as v from 'valibot';

export const ServiceErrorCodeSchema = v.picklist([
  /** A request that failed validation; `message` says which field. */
  'bad-request',
  /** Client and extension speak different protocol versions. */
  'version',
  /** No such socket in this tab (never seen, or cleared away). */
  'unknown-socket',
  /** No page hook can act on the socket: known only from its handshake (webRequest), or a worker's (debugger). */
  'read-only',
  /** This browser cannot do it (deep capture: Firefox has no debugger API for extensions). */
  'unsupported',
  /** The browser refused the permission it needs (the debugger). */
  'permission',
  /** The socket has closed. */
  'closed',
  /** The socket has not opened yet. */
  'not-open',
  /** The page that owned the socket is gone (navigated away, closed). */
  'page-gone',
  /** That frame is no longer paused at a breakpoint. */
  'no-pause',
  /** The browser refused it (the message holds the browser's words). */
  'failed',
  /** No answer in time. */
  'timeout',
  /** The client is not connected to the extension (reconnecting). */
  'not-connected',
  /** A message to the client could not be delivered (too large, port gone): the client resubscribes. */
  'undeliverable',
]);
export type ServiceErrorCode = v.InferOutput<typeof ServiceErrorCodeSchema>;

export const ServiceErrorSchema = v.object({
  code: ServiceErrorCodeSchema,
  message: v.pipe(v.string(), v.maxLength(1000)),
});
export type ServiceError = v.InferOutput<typeof ServiceErrorSchema>;

export const serviceError = (code: ServiceErrorCode, message: string): ServiceError => ({
  code,
  message: message.slice(0, 1000),
});
