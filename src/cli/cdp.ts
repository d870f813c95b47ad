/**
 * A tiny Chrome DevTools Protocol client over `ws`, and the one step that
 * reaches our panel inside real DevTools: find the DevTools window of a page,
 * select the "WebSocket Lens" tab in it, and hand back the panel's own target.
 *
 * Only `ws` and Node's fetch: no Playwright, so `npm start` can reuse it
 * against a headed browser too. Selecting the panel relies on DevTools
 * internals (checked on Chromium 156), so keep its users to a few smoke tests.
 */
import { WebSocket } from 'ws';

/** One entry of `GET /json/list`. */
export interface CdpTarget {
  id: string;
  type: string;
  title: string;
  url: string;
  parentId?: string;
  webSocketDebuggerUrl: string;
}

export async function listTargets(port: number): Promise<CdpTarget[]> {
  const response = await fetch(`http://127.0.0.1:${port}/json/list`);
  if (!response.ok) throw new Error(`/json/list answered ${response.status}`);
  return (await response.json()) as CdpTarget[];
}

interface Pending {
  resolve(result: unknown): void;
  reject(error: Error): void;
}

interface EvaluateResult {
  result: { value?: unknown };
  exceptionDetails?: { text: string; exception?: { description?: string } };
}

export class CdpClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { id?: number; result?: unknown; error?: { message: string } };
      // Messages without an id are events: nothing here subscribes to any.
      const waiting = message.id === undefined ? undefined : this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id!);
      if (message.error) waiting.reject(new Error(message.error.message));
      else waiting.resolve(message.result);
    });
    // An error is always followed by 'close'; without a listener it would crash the test process.
    socket.on('error', () => {});
    // A target that goes away (DevTools closed, iframe reloaded) must fail its callers, not hang them.
    socket.on('close', () => {
      for (const waiting of this.pending.values()) waiting.reject(new Error('CDP connection closed'));
      this.pending.clear();
    });
  }

  static connect(webSocketDebuggerUrl: string): Promise<CdpClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(webSocketDebuggerUrl);
      socket.once('open', () => resolve(new CdpClient(socket)));
      socket.once('error', reject);
    });
  }

  send<T = unknown>(method: string, params: object = {}): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (result: unknown) => void, reject });
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }

  /** Runs `expression` in the target's page, awaits it if it is a promise, and returns its JSON value. */
  async evaluate<T>(expression: string): Promise<T> {
    const { result, exceptionDetails } = await this.send<EvaluateResult>('Runtime.evaluate', {
      expression,
      awaitPromise: true,
      returnByValue: true,
    });
    if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
    return result.value as T;
  }

  close(): void {
    this.socket.close();
  }
}

/**
 * Calls `attempt` until it returns something other than undefined; throws after
 * `timeoutMs` with the last error. `what` may be a function, to describe what was seen last.
 */
export async function waitFor<T>(
  what: string | (() => string),
  attempt: () => Promise<T | undefined>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await attempt();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline)
      throw new Error(
        `timed out waiting for ${typeof what === 'string' ? what : what()}${lastError ? `: ${String(lastError)}` : ''}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Runs in the DevTools frontend: selects the tab whose id DevTools made from
 * our origin plus the panel title with its spaces removed (on Chromium 156:
 * "chrome-extension://<id>WebSocketLens"). Returns the tab ids seen, and
 * whether ours was there to show: extension panels are added only after the
 * extension's devtools page has run, so the caller retries.
 */
function showPanelExpression(origin: string, title: string): string {
  const [originJson, titleJson] = [JSON.stringify(origin), JSON.stringify(title.replace(/\s+/g, ''))];
  return `(async () => {
    const UI = await import('./ui/legacy/legacy.js');
    const view = UI.InspectorView.InspectorView.instance();
    const ids = view.tabbedPane.tabIds();
    const ours = ids.find((id) => id.startsWith(${originJson}) && id.includes(${titleJson}));
    if (ours) await view.showPanel(ours);
    return { ids, shown: ours !== undefined };
  })()`;
}

/**
 * Shows our panel in the DevTools window of the page whose URL contains
 * `pageUrlPart`, and returns the panel iframe's webSocketDebuggerUrl.
 * The browser must run with `--auto-open-devtools-for-tabs` and a debugging port.
 */
export async function showLensPanel(
  debuggingPort: number,
  extensionId: string,
  pageUrlPart: string,
  panelTitle = 'WebSocket Lens',
): Promise<string> {
  // DevTools titles its window "DevTools - <url without scheme>"; until its
  // frontend has loaded, the target is of type "other" and titled just "DevTools".
  const titlePart = pageUrlPart.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  const devtools = await waitFor(`the DevTools window of ${pageUrlPart}`, async () =>
    (await listTargets(debuggingPort)).find(
      (t) => t.type === 'page' && t.url.startsWith('devtools://') && t.title.includes(titlePart),
    ),
  );

  const origin = `chrome-extension://${extensionId}`;
  const frontend = await CdpClient.connect(devtools.webSocketDebuggerUrl);
  try {
    let seen: string[] = [];
    await waitFor(
      () => `the "${panelTitle}" tab in DevTools (tabs seen: ${seen.join(', ') || 'none'})`,
      async () => {
        const { ids, shown } = await frontend.evaluate<{ ids: string[]; shown: boolean }>(
          showPanelExpression(origin, panelTitle),
        );
        seen = ids;
        return shown || undefined;
      },
    );
  } finally {
    frontend.close();
  }

  // The panel page is created lazily when first shown; it is a child of this DevTools window.
  const panel = await waitFor('the panel iframe target', async () =>
    (await listTargets(debuggingPort)).find(
      (t) => t.type === 'iframe' && t.parentId === devtools.id && t.url.startsWith(`${origin}/src/panel/index.html`),
    ),
  );
  return panel.webSocketDebuggerUrl;
}
