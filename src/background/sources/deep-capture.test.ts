import { afterEach, describe, expect, it, vi } from 'vitest';
import { DeepCapture, type Debuggee, type DebuggerApi, type DebuggerTarget } from './deep-capture';
import type { DeepCaptureState } from '../../protocol/messages';
import type { CdpRecord } from './cdp-sockets';

const TAB = 7;
const ORIGIN = 'http://127.0.0.1:4000';

/** chrome.debugger as a script: commands are logged and answered, events fired by the test. */
function fakeDebugger(targets: DebuggerTarget[] = []) {
  const sent: string[] = [];
  let onEvent: (source: Debuggee, method: string, params?: object) => void = () => {};
  let onDetach: (source: Debuggee, reason: string) => void = () => {};
  const where = (target: Debuggee) =>
    `${target.tabId ?? target.targetId}${target.sessionId ? `/${target.sessionId}` : ''}`;
  const api: DebuggerApi & { hang?: string; refuse?: string } = {
    attach: (target) => {
      sent.push(`attach ${where(target)}`);
      return api.refuse ? Promise.reject(new Error(api.refuse)) : Promise.resolve();
    },
    detach: (target) => {
      sent.push(`detach ${where(target)}`);
      return Promise.resolve();
    },
    sendCommand: (target, method) => {
      sent.push(`${method} ${where(target)}`);
      return method === api.hang ? new Promise(() => {}) : Promise.resolve({});
    },
    getTargets: () => Promise.resolve(targets),
    onEvent: { addListener: (listener) => void (onEvent = listener) },
    onDetach: { addListener: (listener) => void (onDetach = listener) },
  };
  return {
    api,
    sent,
    event: (...args: Parameters<typeof onEvent>) => onEvent(...args),
    detach: (...args: Parameters<typeof onDetach>) => onDetach(...args),
  };
}

function fakeSink() {
  const states: DeepCaptureState[] = [];
  const records: CdpRecord[] = [];
  let closed = 0;
  return {
    states,
    records,
    closed: () => closed,
    sink: {
      state: (_tabId: number, state: DeepCaptureState) => void states.push(state),
      open: () => ({
        ingest: (added: CdpRecord[]) => void records.push(...added),
        payloadLimit: () => 1024,
        close: () => void closed++,
      }),
    },
  };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
const attached = (sessionId: string, type: string, url: string) => ({
  sessionId,
  targetInfo: { type, url, targetId: `T-${sessionId}` },
  waitingForDebugger: true,
});

afterEach(() => vi.useRealTimers());

describe('DeepCapture', () => {
  it('auto-attaches with the workers waiting, gives Network to workers only, then lets each run', async () => {
    const { api, sent, event } = fakeDebugger();
    const { sink, states, records } = fakeSink();
    const deep = new DeepCapture(api, sink, 1000, 60_000, 0);
    await deep.start(TAB, `${ORIGIN}/page.html`);
    expect(states).toEqual([{ state: 'starting' }, { state: 'on' }]);
    expect(sent.slice(0, 2)).toEqual([`attach ${TAB}`, `Target.setAutoAttach ${TAB}`]);
    sent.length = 0;
    event({ tabId: TAB }, 'Target.attachedToTarget', attached('W1', 'worker', `${ORIGIN}/w.js`));
    event({ tabId: TAB }, 'Target.attachedToTarget', attached('F1', 'iframe', `${ORIGIN}/frame.html`));
    await flush();
    // Per session, in order (the two sessions' commands interleave).
    expect(sent.filter((line) => line.endsWith('/W1'))).toEqual([
      `Network.enable ${TAB}/W1`,
      `Target.setAutoAttach ${TAB}/W1`,
      `Runtime.runIfWaitingForDebugger ${TAB}/W1`,
    ]);
    expect(sent.filter((line) => line.endsWith('/F1'))).toEqual([
      `Target.setAutoAttach ${TAB}/F1`,
      `Runtime.runIfWaitingForDebugger ${TAB}/F1`,
    ]);
    // A worker's socket is recorded with its worker; the frame's session has no Network, and the page none at all.
    event({ tabId: TAB, sessionId: 'W1' }, 'Network.webSocketCreated', { requestId: '1', url: 'ws://h/a' });
    event({ tabId: TAB, sessionId: 'F1' }, 'Network.webSocketCreated', { requestId: '2', url: 'ws://h/b' });
    event({ tabId: TAB }, 'Network.webSocketCreated', { requestId: '3', url: 'ws://h/c' });
    expect(records).toMatchObject([
      { kind: 'create', sid: 1, url: 'ws://h/a', worker: { type: 'dedicated', url: `${ORIGIN}/w.js` } },
    ]);
    expect(deep.isOn(TAB)).toBe(true);
  });

  it('lets a service worker, which answers Network only once it runs, start after a short grace, not the timeout', async () => {
    vi.useFakeTimers();
    const { api, sent, event } = fakeDebugger();
    api.hang = 'Network.enable';
    const { sink } = fakeSink();
    const deep = new DeepCapture(api, sink, 60_000, 60_000, 0, 300);
    await deep.start(TAB, `${ORIGIN}/page.html`);
    event({ tabId: TAB }, 'Target.attachedToTarget', attached('S1', 'service_worker', `${ORIGIN}/sw.js`));
    const ofS1 = () => sent.filter((line) => line.endsWith('/S1'));
    await vi.advanceTimersByTimeAsync(299);
    // Both sent at once, unanswered: the worker still waits.
    expect(ofS1()).toEqual([`Network.enable ${TAB}/S1`, `Target.setAutoAttach ${TAB}/S1`]);
    await vi.advanceTimersByTimeAsync(1);
    expect(ofS1()).toEqual([
      `Network.enable ${TAB}/S1`,
      `Target.setAutoAttach ${TAB}/S1`,
      `Runtime.runIfWaitingForDebugger ${TAB}/S1`,
    ]);
  });

  it("attaches the tab origin's shared workers by target id, and not service workers nor other origins", async () => {
    const target = (id: string, title: string, url: string): DebuggerTarget => ({
      id,
      type: 'worker',
      title,
      url,
      attached: false,
    });
    const { api, sent } = fakeDebugger([
      target('S', 'shared', `${ORIGIN}/shared.js`),
      target('SW', `Service Worker ${ORIGIN}/sw.js`, `${ORIGIN}/sw.js`),
      target('X', 'shared', 'http://elsewhere.test/shared.js'),
    ]);
    const { sink } = fakeSink();
    await new DeepCapture(api, sink, 1000, 60_000, 0).start(TAB, `${ORIGIN}/page.html`);
    expect(sent.filter((line) => line.startsWith('attach'))).toEqual([`attach ${TAB}`, 'attach S']);
    expect(sent).toContain('Network.enable S');
  });

  it("ends on Chrome's detach (the banner's Cancel): open sockets closed 'detached', the state says why", async () => {
    const { api, event, detach } = fakeDebugger();
    const { sink, states, records, closed } = fakeSink();
    const deep = new DeepCapture(api, sink, 1000, 60_000, 0);
    await deep.start(TAB, `${ORIGIN}/page.html`);
    event({ tabId: TAB }, 'Target.attachedToTarget', attached('W1', 'service_worker', `${ORIGIN}/sw.js`));
    await flush();
    event({ tabId: TAB, sessionId: 'W1' }, 'Network.webSocketCreated', { requestId: '1', url: 'ws://h/a' });
    detach({ tabId: TAB }, 'canceled_by_user');
    expect(records.at(-1)).toMatchObject({ kind: 'close', sid: 1, by: 'detached' });
    expect(states.at(-1)).toEqual({ state: 'ended', reason: 'canceled_by_user' });
    expect(closed()).toBe(1);
    expect(deep.isOn(TAB)).toBe(false);
    // Events after the end are not recorded.
    event({ tabId: TAB, sessionId: 'W1' }, 'Network.webSocketCreated', { requestId: '2', url: 'ws://h/b' });
    expect(records).toHaveLength(2);
  });

  it('stops when asked: detaches the tab and its shared workers, state off', async () => {
    const { api, sent } = fakeDebugger([
      { id: 'S', type: 'worker', title: 'shared', url: `${ORIGIN}/shared.js`, attached: false },
    ]);
    const { sink, states } = fakeSink();
    const deep = new DeepCapture(api, sink, 1000, 60_000, 0);
    await deep.start(TAB, `${ORIGIN}/page.html`);
    await deep.stop(TAB);
    expect(sent.filter((line) => line.startsWith('detach'))).toEqual([`detach ${TAB}`, 'detach S']);
    expect(states.at(-1)).toEqual({ state: 'off' });
  });

  it('says why attaching failed, and a command that hangs fails within the timeout', async () => {
    const refused = fakeDebugger();
    refused.api.refuse = 'Cannot access a chrome:// URL';
    const first = fakeSink();
    await expect(
      new DeepCapture(refused.api, first.sink, 1000, 60_000, 0).start(TAB, 'chrome://settings'),
    ).rejects.toThrow('Cannot access');
    expect(first.states.at(-1)).toEqual({ state: 'ended', reason: 'Cannot access a chrome:// URL' });

    const hung = fakeDebugger();
    hung.api.hang = 'Target.setAutoAttach';
    const second = fakeSink();
    const deep = new DeepCapture(hung.api, second.sink, 20, 60_000, 0);
    await expect(deep.start(TAB, `${ORIGIN}/page.html`)).rejects.toThrow('did not answer');
    expect(deep.isOn(TAB)).toBe(false);
    expect(hung.sent.at(-1)).toBe(`detach ${TAB}`);
  });

  it('lets go of sessions a stopped worker left attached before it attaches again', async () => {
    const { api, sent } = fakeDebugger([
      { id: 'P', type: 'page', title: '', url: `${ORIGIN}/page.html`, attached: true, tabId: TAB },
      { id: 'S', type: 'worker', title: 'shared', url: 'http://elsewhere.test/s.js', attached: true },
    ]);
    await new DeepCapture(api, fakeSink().sink, 1000, 60_000).start(TAB, `${ORIGIN}/page.html`);
    expect(sent.slice(0, 3)).toEqual([`detach ${TAB}`, 'detach S', `attach ${TAB}`]);
  });

  it("ends a worker's sockets when the worker goes (its page left): closed, by nobody knows whom", async () => {
    const { api, event } = fakeDebugger();
    const { sink, records } = fakeSink();
    const deep = new DeepCapture(api, sink, 1000, 60_000, 0);
    await deep.start(TAB, `${ORIGIN}/page.html`);
    event({ tabId: TAB }, 'Target.attachedToTarget', attached('W1', 'worker', `${ORIGIN}/w.js`));
    await flush();
    event({ tabId: TAB, sessionId: 'W1' }, 'Network.webSocketCreated', { requestId: '1', url: 'ws://h/a' });
    event({ tabId: TAB }, 'Target.detachedFromTarget', { sessionId: 'W1' });
    expect(records.at(-1)).toMatchObject({ kind: 'close', sid: 1, by: 'unknown', code: 1005 });
    expect(deep.isOn(TAB)).toBe(true);
  });

  it("follows the tab's navigations: shared workers of the origin it is on now", async () => {
    const targets: DebuggerTarget[] = [
      { id: 'P', type: 'page', title: '', url: 'http://next.test/', attached: false, tabId: TAB },
      { id: 'S', type: 'worker', title: 'shared', url: 'http://next.test/shared.js', attached: false },
    ];
    const { api, sent } = fakeDebugger(targets);
    await new DeepCapture(api, fakeSink().sink, 1000, 60_000).start(TAB, 'about:blank');
    expect(sent).toContain('attach S');
  });
});
