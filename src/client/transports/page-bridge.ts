/**
 * A transport for Node (the CLI, the e2e harness): a bridge through an idle
 * extension page driven over CDP or WebDriver BiDi. The page holds the real
 * extension ports; events come to Node through an exposed function
 * (page → Node), requests go to the page with `evaluate` (Node → page).
 * Works with a Playwright or a Puppeteer page: both fit BridgePage. Where a
 * page cannot expose a function (Firefox over BiDi, for extension pages) the
 * bridge polls instead: the page queues events and Node drains them.
 *
 *   Node client ──evaluate(send)──▶ extension page ──port──▶ service
 *   Node client ◀──exposed fn────── extension page ◀──port──
 *
 * Both ways are JSON: binary payloads cross as base64 (bridge-bytes.ts).
 */
import type { Transport } from '../transport';
import { BYTES_TAG, ENCODE_BYTES, decodeBridgeBytes } from './bridge-bytes';

export interface BridgePage {
  exposeFunction(name: string, fn: (...args: never[]) => unknown): Promise<unknown>;
  evaluate(expression: string): Promise<unknown>;
}

export interface BridgeOptions {
  /** Drain queued events by polling rather than through an exposed function. */
  poll?: boolean;
}

/** Events the page hands over per poll: a records message may be megabytes. */
const DRAIN_MAX = 8;
const POLL_IDLE_MS = 20;

const BINDING = '__wslBridgeEvent';
const BRIDGE = '__wslBridge';

/**
 * Runs in the extension page. A string, not a function: tsx compiles named
 * functions with a `__name` helper that does not exist in the page.
 */
const INSTALL = `(([portName, binding, bridge, bytesTag]) => {
  const ports = new Map();
  const queue = [];
  const encodeBytes = (${ENCODE_BYTES})(bytesTag);
  const emit = (...event) => {
    encodeBytes(event);
    return window[binding] ? window[binding](...event) : queue.push(event);
  };
  window[bridge] = {
    drain(max) {
      return queue.splice(0, max);
    },
    open(link) {
      const port = chrome.runtime.connect({ name: portName });
      ports.set(link, port);
      port.onMessage.addListener((message) => emit(link, message));
      port.onDisconnect.addListener(() => {
        if (ports.get(link) !== port) return;
        ports.delete(link);
        emit(link, null, true);
      });
    },
    send(link, message) {
      const port = ports.get(link);
      if (!port) return false;
      port.postMessage(message);
      return true;
    },
    close(link) {
      const port = ports.get(link);
      ports.delete(link);
      if (port) port.disconnect();
    },
  };
})`;

/**
 * Prepares `page` as a bridge: exposes the binding, then `load()` must bring
 * the page to an extension URL (the binding survives the navigation), then
 * the bridge is installed. Returns the transport.
 */
export async function pageBridgeTransport(
  page: BridgePage,
  portName: string,
  load: () => Promise<unknown>,
  { poll = false }: BridgeOptions = {},
): Promise<Transport> {
  const links = new Map<number, { onEvent(raw: unknown): void; onClose(): void }>();
  const deliver = (link: number, message: unknown, closed?: boolean) => {
    const target = links.get(link);
    if (!target) return;
    if (closed) {
      links.delete(link);
      target.onClose();
    } else target.onEvent(decodeBridgeBytes(message));
  };
  if (!poll) await page.exposeFunction(BINDING, deliver as (...args: never[]) => unknown);
  await load();
  await page.evaluate(`(${INSTALL})(${JSON.stringify([portName, BINDING, BRIDGE, BYTES_TAG])})`);
  if (poll) void drainLoop(page, deliver);
  let nextLink = 1;
  return {
    open(onEvent, onClose) {
      const link = nextLink++;
      links.set(link, { onEvent, onClose });
      let chain = page.evaluate(`window.${BRIDGE}.open(${link})`);
      const gone = () => {
        if (!links.delete(link)) return;
        onClose();
      };
      // Requests go in order, each after the previous evaluate; a page that went away closes the link.
      const run = (expression: string) => {
        chain = chain.then(() => page.evaluate(expression)).then((delivered) => delivered === false && gone(), gone);
      };
      chain = chain.catch(gone);
      return {
        send(request) {
          if (!links.has(link)) throw new Error('the bridge link is closed');
          run(`window.${BRIDGE}.send(${link}, ${JSON.stringify(request)})`);
        },
        close() {
          links.delete(link);
          run(`window.${BRIDGE}.close(${link})`);
        },
      };
    },
  };
}

/** Polls the page's queue while the page lives; an event at a time keeps each answer small. */
async function drainLoop(page: BridgePage, deliver: (link: number, message: unknown, closed?: boolean) => void) {
  for (;;) {
    let events: [number, unknown, boolean?][];
    try {
      events = (await page.evaluate(`window.${BRIDGE}.drain(${DRAIN_MAX})`)) as typeof events;
    } catch {
      return; // the page is gone
    }
    for (const [link, message, closed] of events) deliver(link, message, closed);
    if (events.length === 0) await new Promise((resolve) => setTimeout(resolve, POLL_IDLE_MS));
  }
}
