/**
 * The handshake tests' own server on 127.0.0.1, and readers of the panel's
 * Headers tab and connection list that work in both browsers (through
 * `evaluate`, which Playwright's and Puppeteer's pages both have).
 *
 *   GET /handshakes.html   sets the cookie lens=sess-42 on the page's origin, then opens:
 *   WS  /ok                accepted with the first subprotocol asked, answers with X-Lens-Test
 *   WS  /forbidden         refused: 403 Forbidden, X-Why: members-only
 *   WS  :<closed port>     a server that is down
 *   GET /worker.js         a dedicated worker that opens WS /from-worker
 *
 * The server keeps every upgrade request's headers (`seen`), so a test checks
 * what really reached it, not only what the panel says.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { Har } from '../../src/lib/logs/har-types';
import type { Evaluator } from './panel-export';

export const COOKIE = 'lens=sess-42';
export const SUBPROTOCOL = 'lens.v1';
export const SERVER_HEADER = { name: 'X-Lens-Test', value: 'hello-from-server' };

export interface HandshakeServer {
  origin: string;
  /** A port nothing listens on. */
  downPort: number;
  /** Headers of every upgrade request, by path. */
  seen: Map<string, IncomingHttpHeaders>;
  close(): Promise<void>;
}

function page(downPort: number): string {
  return `<!doctype html><meta charset="utf-8"><title>handshakes</title><script>
  const settle = (socket) => new Promise((resolve) => {
    socket.onopen = () => resolve('open ' + socket.protocol);
    socket.onerror = () => resolve('error');
  });
  window.done = (async () => [
    await settle(new WebSocket('ws://' + location.host + '/ok', ['${SUBPROTOCOL}'])),
    await settle(new WebSocket('ws://' + location.host + '/forbidden')),
    await settle(new WebSocket('ws://127.0.0.1:${downPort}/down')),
    await new Promise((resolve) => (new Worker('/worker.js').onmessage = (event) => resolve('worker ' + event.data))),
  ])();
</script>`;
}

const WORKER = `const socket = new WebSocket('ws://' + location.host + '/from-worker');
socket.onopen = () => postMessage('open');
socket.onerror = () => postMessage('error');`;

/** A port that was free a moment ago and is closed now. */
async function closedPort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function startHandshakeServer(): Promise<HandshakeServer> {
  const downPort = await closedPort();
  const seen = new Map<string, IncomingHttpHeaders>();
  const http = createServer((request, response) => {
    if (request.url === '/worker.js') {
      response.writeHead(200, { 'content-type': 'text/javascript' });
      return response.end(WORKER);
    }
    response.writeHead(200, { 'content-type': 'text/html', 'set-cookie': `${COOKIE}; Path=/` });
    response.end(page(downPort));
  });
  const wss = new WebSocketServer({ noServer: true, handleProtocols: (asked) => [...asked][0] ?? false });
  wss.on('headers', (headers) => headers.push(`${SERVER_HEADER.name}: ${SERVER_HEADER.value}`));
  http.on('upgrade', (request, socket, head) => {
    const path = request.url ?? '/';
    seen.set(path, request.headers);
    if (path === '/forbidden') {
      socket.end('HTTP/1.1 403 Forbidden\r\nX-Why: members-only\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => ws.send('welcome'));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    downPort,
    seen,
    async close() {
      for (const client of wss.clients) client.terminate();
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
    },
  };
}

/** What the handshake page's sockets told it, in order, when each has opened or failed. */
export const PAGE_EVENTS = [`open ${SUBPROTOCOL}`, 'error', 'error', 'worker open'];

/** Loads the handshake page in `page` and waits for all of its sockets; what they told the page. */
export async function loadHandshakePage(
  page: Evaluator & { goto(url: string): Promise<unknown> },
  server: HandshakeServer,
): Promise<string[]> {
  await page.goto(`${server.origin}/handshakes.html`);
  return page.evaluate(() => (window as unknown as { done: Promise<string[]> }).done, undefined);
}

export interface ConnectionRow {
  state: string;
  failure: string;
  badges: string[];
}

/** The connection list's row for a URL part: its state, the failure under its URL, its badges. */
export function connectionRow(panel: Evaluator, urlPart: string): Promise<ConnectionRow | undefined> {
  return panel.evaluate((part) => {
    const row = [...document.querySelectorAll<HTMLElement>('table[aria-label="Connections"] tbody tr')].find((tr) =>
      tr.querySelector('.url')?.textContent?.includes(part),
    );
    if (!row) return undefined;
    return {
      state: row.dataset.state ?? '',
      failure: row.querySelector('.failure')?.textContent ?? '',
      badges: [...row.querySelectorAll('.url .badge')].map((badge) => badge.textContent ?? ''),
    };
  }, urlPart);
}

/** Selects a connection, opens its Headers tab and reads each section as name → value. */
export function readHeaders(panel: Evaluator, urlPart: string): Promise<Record<string, Record<string, string>>> {
  return panel.evaluate(async (part) => {
    const row = [...document.querySelectorAll<HTMLElement>('table[aria-label="Connections"] tbody tr')].find((tr) =>
      tr.querySelector('.url')?.textContent?.includes(part),
    );
    if (!row) throw new Error(`no connection row for ${part}`);
    row.click();
    const until = async (find: () => Element | null | undefined) => {
      for (let i = 0; i < 100; i++) {
        const found = find();
        if (found) return found as HTMLElement;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error('not shown in time');
    };
    (
      await until(() => [...document.querySelectorAll('[role="tab"]')].find((t) => t.textContent === 'Headers'))
    ).click();
    const view = await until(() =>
      document
        .querySelector('[aria-label="Handshake headers"] [aria-label="Request Headers"]')
        ?.closest('[aria-label="Handshake headers"]'),
    );
    const sections: Record<string, Record<string, string>> = {};
    for (const section of view.querySelectorAll('section')) {
      const entries: Record<string, string> = {};
      for (const item of section.querySelectorAll('dl > div'))
        entries[item.querySelector('dt')?.textContent ?? ''] = item.querySelector('dd')?.textContent ?? '';
      sections[section.getAttribute('aria-label') ?? ''] = entries;
    }
    return sections;
  }, urlPart);
}

/** The HAR entry of the socket whose URL ends with `part`. */
export function harEntry(har: Har, part: string): Har['log']['entries'][number] {
  const entry = har.log.entries.find((e) => e.request.url.endsWith(part));
  if (!entry) throw new Error(`no HAR entry for ${part}`);
  return entry;
}

/** Header lookup by name, case-insensitive, in a HAR list. */
export function harHeader(headers: { name: string; value: string }[], name: string): string | undefined {
  return headers.find((header) => header.name.toLowerCase() === name.toLowerCase())?.value;
}
