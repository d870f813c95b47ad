/**
 * A handshake's outcome in words: the status line when the server answered,
 * else what the browser's error name means. The browsers name errors their
 * own way (Chrome `net::ERR_…`, Firefox `NS_ERROR_…`); the name stays beside
 * the words, for searching.
 */
import type { Handshake } from '../protocol/handshake';

/** Words for the errors a socket's handshake commonly ends with, by the browser's name. */
const NET_ERRORS: Record<string, string> = {
  'net::ERR_CONNECTION_REFUSED': 'Connection refused',
  NS_ERROR_CONNECTION_REFUSED: 'Connection refused',
  'net::ERR_NAME_NOT_RESOLVED': 'Host not found',
  NS_ERROR_UNKNOWN_HOST: 'Host not found',
  'net::ERR_CONNECTION_TIMED_OUT': 'Timed out',
  NS_ERROR_NET_TIMEOUT: 'Timed out',
  'net::ERR_CONNECTION_RESET': 'Connection reset',
  NS_ERROR_NET_RESET: 'Connection reset',
  NS_ERROR_NET_INTERRUPT: 'Connection interrupted',
  'net::ERR_CONNECTION_CLOSED': 'Connection closed by the server',
  'net::ERR_ABORTED': 'Cancelled',
  NS_BINDING_ABORTED: 'Cancelled',
  NS_ERROR_ABORT: 'Cancelled',
  'net::ERR_BLOCKED_BY_CLIENT': 'Blocked by an extension',
  'net::ERR_UNSAFE_PORT': 'Port not allowed by the browser',
  NS_ERROR_PORT_ACCESS_NOT_ALLOWED: 'Port not allowed by the browser',
  'net::ERR_INVALID_HTTP_RESPONSE': 'Not an HTTP response',
  // Chrome reports every failed WebSocket handshake so, whatever the cause (docs/LIMITS.md).
  'net::ERR_FAILED': 'Handshake failed',
};

/** What more there is to say about an error, for the Headers tab (the list keeps to the short words). */
const NET_ERROR_HINTS: Record<string, string> = {
  'net::ERR_CONNECTION_REFUSED': 'the server is down or not listening on that port',
  NS_ERROR_CONNECTION_REFUSED: 'the server is down or not listening on that port',
  'net::ERR_FAILED':
    'Chrome reports every failed WebSocket handshake so: a refusing status (403…) and an unreachable server alike; its Console has the reason',
};

/** Whether the handshake opened the socket: a 101 and no error. */
export function handshakeOpened(handshake: Handshake): boolean {
  return handshake.status === 101 && !handshake.error;
}

/** The status line without its HTTP version ("403 Forbidden"); the code alone when there is no line. */
export function statusText(handshake: Handshake): string {
  const line = handshake.statusLine.replace(/^HTTP\/\S+\s+/i, '').trim();
  return line || String(handshake.status);
}

/** What the browser's error name means, with the name. */
export function netErrorText(error: string): string {
  if (error.startsWith('net::ERR_CERT_') || error.startsWith('SEC_ERROR_') || error.startsWith('SSL_ERROR_'))
    return `Certificate not trusted (${error})`;
  const words = NET_ERRORS[error];
  return words ? `${words} (${error})` : error;
}

/** Why a handshake failed, in words; '' when it opened the socket. */
export function failureText(handshake: Handshake): string {
  if (handshakeOpened(handshake)) return '';
  if (handshake.status !== 0 && handshake.status !== 101) return `Refused: ${statusText(handshake)}`;
  if (handshake.error) return netErrorText(handshake.error);
  return 'Handshake failed';
}

/** Why it failed, with what more is known (for the Headers tab); '' when it opened the socket. */
export function failureExplanation(handshake: Handshake): string {
  const text = failureText(handshake);
  const hint = handshake.status === 0 ? NET_ERROR_HINTS[handshake.error] : undefined;
  return hint ? `${text}: ${hint}` : text;
}

/** One line for the message timeline. */
export function handshakeLine(handshake: Handshake): string {
  const took = Math.max(0, Math.round(handshake.endedAt - handshake.t));
  if (handshakeOpened(handshake)) return `Handshake ${statusText(handshake)} in ${took} ms`;
  return `Handshake failed after ${took} ms: ${failureText(handshake)}`;
}

/** Who opened a socket the page hook did not see. */
export function contextText(context: Handshake['context']): string {
  if (context === 'worker') return 'a worker';
  if (context === 'document') return 'the page';
  return 'a worker or another context the page hook does not see';
}
