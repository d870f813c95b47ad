/**
 * The second capture source: every WebSocket handshake of every tab, as the
 * browser's webRequest reports it (resource type `websocket`). The page hook
 * cannot see headers, statuses or why a handshake failed; this can, without
 * the debugger.
 *
 *   onBeforeRequest ─ onSendHeaders ─ onHeadersReceived ─ onCompleted | onErrorOccurred
 *        start          request headers   status, response      end ──▶ report(tab, frame, handshake)
 *
 * One handshake is put together per requestId from its events and reported
 * when it ends; the service validates it and joins it to the hook's socket.
 * What differs between the browsers (verified in Chromium 156 and Firefox 153):
 * Chrome shows Cookie, Origin and Authorization only with `extraHeaders`, which
 * costs every handshake of the browser about 0.3 ms, whatever the filter
 * (docs/PERFORMANCE.md), so it is asked for only while someone looks (index.ts),
 * and a handshake without them says so (`hiddenHeaders`); Chrome leaves
 * Host and the Sec-WebSocket-Key/-Protocol/-Extensions headers out (its
 * WebSocket stack adds them later); Firefox takes no `extraHeaders` and shows
 * them all. Chrome reports a refused handshake (403) and an unreachable server
 * alike, as `net::ERR_FAILED` with no status; Firefox completes a 403 with its
 * status and headers and names network errors (`NS_ERROR_CONNECTION_REFUSED`).
 * Both report ws:// and wss:// URLs.
 */
import { cutHeaders, type Handshake, type RawHeader } from '../../protocol/handshake';
import { MAX_NET_ERROR_CHARS, MAX_STATUS_LINE_CHARS, MAX_URL_CHARS } from '../../protocol/limits';

/** What the browser tells about a request, as far as we read it (checked before use, validated after). */
export interface RequestDetails {
  requestId: string;
  url: string;
  method?: string;
  tabId: number;
  frameId: number;
  timeStamp: number;
  /** Absent for a request no document made (Firefox: a worker's). */
  documentId?: string;
  requestHeaders?: RawHeader[];
  responseHeaders?: RawHeader[];
  statusCode?: number;
  statusLine?: string;
  error?: string;
}

type Listener = (details: RequestDetails) => void;
interface RequestFilter {
  urls: string[];
  types: string[];
}
interface RequestEvent {
  addListener(listener: Listener, filter: RequestFilter, extraInfoSpec?: string[]): void;
  removeListener(listener: Listener): void;
}

/** The part of `browser.webRequest` this source uses (tests hand in fakes). */
export interface WebRequestEvents {
  onBeforeRequest: RequestEvent;
  onSendHeaders: RequestEvent;
  onHeadersReceived: RequestEvent;
  onCompleted: RequestEvent;
  onErrorOccurred: RequestEvent;
}

export type HandshakeReport = (tabId: number, frameId: number, handshake: Handshake) => void;

/** Handshakes in flight at once beyond which the oldest is forgotten (its end never came). */
const MAX_IN_FLIGHT = 1000;

const FILTER: RequestFilter = { urls: ['<all_urls>'], types: ['websocket'] };

interface InFlight {
  t: number;
  url: string;
  method: string;
  sentAt?: number;
  requestHeaders?: RawHeader[];
  respondedAt?: number;
  status: number;
  statusLine: string;
  responseHeaders?: RawHeader[];
  worker: boolean;
  hiddenHeaders?: true;
}

/** Switches Chrome's `extraHeaders` (Cookie, Origin, Authorization, Set-Cookie) on or off for handshakes from now on. */
export interface HandshakeObserver {
  showAllHeaders(on: boolean): void;
}

/**
 * Registers the listeners (call at the top level of the worker, so an event
 * that wakes it is heard), without `extraHeaders` until `showAllHeaders(true)`.
 * `browser` says which spelling of the options to use.
 */
export function observeHandshakes(
  events: WebRequestEvents,
  browser: 'chrome' | 'firefox',
  report: HandshakeReport,
): HandshakeObserver {
  const inFlight = new Map<string, InFlight>();
  const begin = (d: RequestDetails): InFlight => {
    let request = inFlight.get(d.requestId);
    if (!request) {
      // A worker stopped mid-handshake misses the start: what follows still makes a handshake.
      request = {
        t: d.timeStamp,
        url: d.url,
        method: d.method ?? 'GET',
        status: 0,
        statusLine: '',
        worker: d.documentId === undefined,
      };
      inFlight.set(d.requestId, request);
      if (inFlight.size > MAX_IN_FLIGHT) inFlight.delete(inFlight.keys().next().value!);
    }
    return request;
  };
  const end = (d: RequestDetails, error: string) => {
    const request = begin(d);
    inFlight.delete(d.requestId);
    if (d.tabId < 0) return; // no tab (a service or shared worker's socket): no session to file it in (docs/LIMITS.md)
    report(d.tabId, d.frameId, handshakeOf(request, d.timeStamp, error));
  };

  let all = false;
  const sent: Listener = (d) => {
    const request = begin(d);
    request.sentAt = d.timeStamp;
    request.requestHeaders = headersOf(d.requestHeaders);
    if (browser === 'chrome' && !hasOrigin(request.requestHeaders)) request.hiddenHeaders = true;
  };
  const received: Listener = (d) => {
    const request = begin(d);
    request.respondedAt = d.timeStamp;
    request.status = typeof d.statusCode === 'number' ? d.statusCode : 0;
    request.statusLine = typeof d.statusLine === 'string' ? d.statusLine : '';
    request.responseHeaders = headersOf(d.responseHeaders);
  };
  // Options are fixed when a listener is added: switching re-adds the two, in one task, so no event falls between.
  const listenForHeaders = (extra: string[]) => {
    events.onSendHeaders.addListener(sent, FILTER, ['requestHeaders', ...extra]);
    events.onHeadersReceived.addListener(received, FILTER, ['responseHeaders', ...extra]);
  };

  events.onBeforeRequest.addListener((d) => void begin(d), FILTER);
  listenForHeaders([]);
  events.onCompleted.addListener((d) => end(d, ''), FILTER);
  // No options argument at all: Firefox refuses an explicit `undefined`.
  events.onErrorOccurred.addListener((d) => end(d, typeof d.error === 'string' ? d.error : 'unknown error'), FILTER);

  return {
    showAllHeaders(on) {
      // Firefox shows every header without being asked (and takes no `extraHeaders`).
      if (browser !== 'chrome' || on === all) return;
      all = on;
      events.onSendHeaders.removeListener(sent);
      events.onHeadersReceived.removeListener(received);
      listenForHeaders(on ? ['extraHeaders'] : []);
    },
  };
}

/**
 * Whether Chrome showed the handshake's Origin, which every WebSocket handshake carries and
 * Chrome shows only with `extraHeaders`: what it sent, not what we last asked for, says whether
 * headers were left out (a listener Chrome kept from before a worker restart has the old options).
 */
function hasOrigin(headers: RawHeader[]): boolean {
  return headers.some((header) => header.name.toLowerCase() === 'origin');
}

/** Only well-formed headers: the browser's own objects, but read defensively. */
function headersOf(raw: unknown): RawHeader[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter((h): h is RawHeader => typeof h === 'object' && h !== null && typeof h.name === 'string');
}

function handshakeOf(request: InFlight, endedAt: number, error: string): Handshake {
  const requestHeaders = cutHeaders(request.requestHeaders);
  const responseHeaders = cutHeaders(request.responseHeaders);
  const handshake: Handshake = {
    t: request.t,
    url: request.url.slice(0, MAX_URL_CHARS),
    method: request.method.slice(0, 16),
    requestHeaders: requestHeaders.headers,
    status: request.status,
    statusLine: request.statusLine.slice(0, MAX_STATUS_LINE_CHARS),
    responseHeaders: responseHeaders.headers,
    error: error.slice(0, MAX_NET_ERROR_CHARS),
    endedAt,
    context: request.worker ? 'worker' : 'unknown',
  };
  if (request.url.length > MAX_URL_CHARS) handshake.urlLength = request.url.length;
  if (requestHeaders.count !== undefined) handshake.requestHeaderCount = requestHeaders.count;
  if (responseHeaders.count !== undefined) handshake.responseHeaderCount = responseHeaders.count;
  if (request.sentAt !== undefined) handshake.sentAt = request.sentAt;
  if (request.respondedAt !== undefined) handshake.respondedAt = request.respondedAt;
  if (request.hiddenHeaders) handshake.hiddenHeaders = true;
  return handshake;
}
