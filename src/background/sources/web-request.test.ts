import { describe, expect, it } from 'vitest';
import { observeHandshakes, type RequestDetails, type WebRequestEvents } from './web-request';
import type { Handshake } from '../../protocol/handshake';
import { HandshakeSchema } from '../../protocol/handshake';
import { MAX_HEADER_VALUE_CHARS, MAX_HEADERS } from '../../protocol/limits';
import * as v from 'valibot';

/** webRequest as the browser drives it: listeners registered with their filter and options, events fired by the test. */
function fakeWebRequest() {
  const listeners: Record<string, { listener: (d: RequestDetails) => void; options?: string[]; types: string[] }> = {};
  const event = (name: string) => ({
    addListener(listener: (d: RequestDetails) => void, filter: { types: string[] }, options?: string[]) {
      if (listeners[name]) throw new Error(`${name}: a second listener (the browser would call both)`);
      listeners[name] = { listener, options, types: filter.types };
    },
    removeListener(listener: (d: RequestDetails) => void) {
      if (listeners[name]?.listener === listener) delete listeners[name];
    },
  });
  const events: WebRequestEvents = {
    onBeforeRequest: event('onBeforeRequest'),
    onSendHeaders: event('onSendHeaders'),
    onHeadersReceived: event('onHeadersReceived'),
    onCompleted: event('onCompleted'),
    onErrorOccurred: event('onErrorOccurred'),
  };
  const fire = (name: string, details: Partial<RequestDetails>) =>
    listeners[name]!.listener({
      requestId: '7',
      url: 'ws://127.0.0.1:8080/chat',
      method: 'GET',
      tabId: 3,
      frameId: 0,
      timeStamp: 1000,
      documentId: 'D0C',
      ...details,
    });
  return { events, listeners, fire };
}

function observe(browser: 'chrome' | 'firefox' = 'chrome') {
  const fake = fakeWebRequest();
  const reports: { tabId: number; frameId: number; handshake: Handshake }[] = [];
  const observer = observeHandshakes(fake.events, browser, (tabId, frameId, handshake) =>
    reports.push({ tabId, frameId, handshake }),
  );
  return { ...fake, reports, observer };
}

describe('observeHandshakes', () => {
  it('asks Chrome for extraHeaders (Cookie, Authorization) only while all headers are wanted, for sockets only', () => {
    const chrome = observe('chrome');
    expect(chrome.listeners.onSendHeaders!.options).toEqual(['requestHeaders']);
    expect(chrome.listeners.onHeadersReceived!.options).toEqual(['responseHeaders']);
    chrome.observer.showAllHeaders(true);
    expect(chrome.listeners.onSendHeaders!.options).toEqual(['requestHeaders', 'extraHeaders']);
    expect(chrome.listeners.onHeadersReceived!.options).toEqual(['responseHeaders', 'extraHeaders']);
    expect(chrome.listeners.onErrorOccurred!.options).toBeUndefined();
    chrome.observer.showAllHeaders(false);
    expect(chrome.listeners.onSendHeaders!.options).toEqual(['requestHeaders']);
    expect(chrome.listeners.onHeadersReceived!.options).toEqual(['responseHeaders']);
    for (const { types } of Object.values(chrome.listeners)) expect(types).toEqual(['websocket']);
  });

  it('never asks Firefox for extraHeaders, which it refuses (it shows every header anyway)', () => {
    const firefox = observe('firefox');
    firefox.observer.showAllHeaders(true);
    expect(firefox.listeners.onSendHeaders!.options).toEqual(['requestHeaders']);
    expect(firefox.listeners.onHeadersReceived!.options).toEqual(['responseHeaders']);
    for (const { types } of Object.values(firefox.listeners)) expect(types).toEqual(['websocket']);
  });

  it('puts together a handshake whose events straddle a switch of the headers asked for', () => {
    const { fire, reports, observer } = observe();
    fire('onBeforeRequest', { timeStamp: 1000 });
    fire('onSendHeaders', { timeStamp: 1002, requestHeaders: [{ name: 'User-Agent', value: 'Chrome' }] });
    observer.showAllHeaders(true);
    fire('onHeadersReceived', {
      timeStamp: 1010,
      statusCode: 101,
      responseHeaders: [{ name: 'Set-Cookie', value: 'x=1' }],
    });
    fire('onCompleted', { timeStamp: 1011, statusCode: 101 });
    expect(reports).toHaveLength(1);
    expect(reports[0]!.handshake).toMatchObject({
      requestHeaders: [{ name: 'User-Agent', value: 'Chrome' }],
      responseHeaders: [{ name: 'Set-Cookie', value: 'x=1' }],
      status: 101,
      hiddenHeaders: true, // its request headers came without extraHeaders
    });
    fire('onBeforeRequest', { requestId: '8' });
    fire('onSendHeaders', {
      requestId: '8',
      requestHeaders: [
        { name: 'Origin', value: 'http://a' },
        { name: 'Cookie', value: 'a=b' },
      ],
    });
    fire('onCompleted', { requestId: '8', statusCode: 101 });
    expect(reports[1]!.handshake.hiddenHeaders).toBeUndefined();
  });

  it("goes by the headers Chrome sent, not by the options last asked for (a listener it kept from before a worker's restart)", () => {
    const { fire, reports, observer } = observe();
    // Asked for every header, but this event came through a registration without extraHeaders: no Origin.
    observer.showAllHeaders(true);
    fire('onSendHeaders', { requestHeaders: [{ name: 'User-Agent', value: 'Chrome' }] });
    fire('onCompleted', { statusCode: 101 });
    expect(reports[0]!.handshake.hiddenHeaders).toBe(true);
    // Not asked, but this one came with them (any case of the name).
    observer.showAllHeaders(false);
    fire('onSendHeaders', { requestId: '9', requestHeaders: [{ name: 'origin', value: 'http://a' }] });
    fire('onCompleted', { requestId: '9', statusCode: 101 });
    expect(reports[1]!.handshake.hiddenHeaders).toBeUndefined();
  });

  it('never marks a Firefox handshake as missing headers', () => {
    const { fire, reports } = observe('firefox');
    fire('onBeforeRequest', {});
    fire('onSendHeaders', { requestHeaders: [{ name: 'Cookie', value: 'a=b' }] });
    fire('onCompleted', { statusCode: 101 });
    expect(reports[0]!.handshake.hiddenHeaders).toBeUndefined();
  });

  it('puts a completed handshake together from its events', () => {
    const { fire, reports } = observe();
    fire('onBeforeRequest', { timeStamp: 1000 });
    fire('onSendHeaders', { timeStamp: 1002, requestHeaders: [{ name: 'Cookie', value: 'sess=abc' }] });
    fire('onHeadersReceived', {
      timeStamp: 1010,
      statusCode: 101,
      statusLine: 'HTTP/1.1 101 Switching Protocols',
      responseHeaders: [{ name: 'X-Server', value: 'yes' }],
    });
    expect(reports).toHaveLength(0);
    fire('onCompleted', { timeStamp: 1011, statusCode: 101 });
    expect(reports).toEqual([
      {
        tabId: 3,
        frameId: 0,
        handshake: {
          t: 1000,
          url: 'ws://127.0.0.1:8080/chat',
          method: 'GET',
          requestHeaders: [{ name: 'Cookie', value: 'sess=abc' }],
          status: 101,
          statusLine: 'HTTP/1.1 101 Switching Protocols',
          responseHeaders: [{ name: 'X-Server', value: 'yes' }],
          error: '',
          sentAt: 1002,
          hiddenHeaders: true,
          respondedAt: 1010,
          endedAt: 1011,
          context: 'unknown',
        },
      },
    ]);
    expect(v.safeParse(HandshakeSchema, reports[0]!.handshake).success).toBe(true);
  });

  it("reports a failure with the browser's error, and a request without a document as a worker's", () => {
    const { fire, reports } = observe('firefox');
    fire('onBeforeRequest', { documentId: undefined });
    fire('onErrorOccurred', { documentId: undefined, timeStamp: 1005, error: 'NS_ERROR_CONNECTION_REFUSED' });
    expect(reports[0]!.handshake).toMatchObject({ status: 0, error: 'NS_ERROR_CONNECTION_REFUSED', context: 'worker' });
  });

  it('files nothing for a request outside any tab (a service worker), and forgets it', () => {
    const { fire, reports } = observe();
    fire('onBeforeRequest', { tabId: -1 });
    fire('onCompleted', { tabId: -1 });
    expect(reports).toHaveLength(0);
  });

  it('cuts long and many headers with their true length and count, reading binary values as Latin-1', () => {
    const { fire, reports } = observe();
    const many = Array.from({ length: MAX_HEADERS + 2 }, (_, i) => ({ name: `X-${i}`, value: 'v' }));
    const long = 'c'.repeat(MAX_HEADER_VALUE_CHARS + 5);
    fire('onSendHeaders', {
      requestHeaders: [
        { name: 'Cookie', value: long },
        { name: 'X-Bin', binaryValue: [0xe9, 0x41] },
        { nope: true } as never,
        ...many,
      ],
    });
    fire('onCompleted', {});
    const { requestHeaders, requestHeaderCount } = reports[0]!.handshake;
    expect(requestHeaders).toHaveLength(MAX_HEADERS);
    expect(requestHeaderCount).toBe(MAX_HEADERS + 4);
    expect(requestHeaders[0]).toEqual({
      name: 'Cookie',
      value: long.slice(0, MAX_HEADER_VALUE_CHARS),
      valueLength: long.length,
    });
    expect(requestHeaders[1]).toEqual({ name: 'X-Bin', value: 'éA' });
    expect(v.safeParse(HandshakeSchema, reports[0]!.handshake).success).toBe(true);
  });
});
