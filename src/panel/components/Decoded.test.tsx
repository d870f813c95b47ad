// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { waitFor } from '@testing-library/preact';
import { valid } from '../../protocol/testing';
import { renderPanel } from '../testing';

/** A Socket.IO session: the handshake, an event with an ack and its answer 42 ms later, a server event. */
const socketIo = [
  { ...valid.create, sid: 1, t: 1000, url: 'ws://x.test/socket.io/?EIO=4&transport=websocket' },
  { ...valid.open, sid: 1, t: 1001, protocol: '' },
  { ...valid.text, sid: 1, t: 1002, dir: 'received', data: '0{"sid":"a","pingInterval":25000}' },
  { ...valid.text, sid: 1, t: 1003, dir: 'sent', data: '40' },
  { ...valid.text, sid: 1, t: 1004, dir: 'received', data: '40{"sid":"b"}' },
  { ...valid.text, sid: 1, t: 1010, dir: 'sent', data: '421["chat","hi"]' },
  { ...valid.text, sid: 1, t: 1052, dir: 'received', data: '431["ok"]' },
  { ...valid.text, sid: 1, t: 1060, dir: 'received', data: '2' },
  { ...valid.text, sid: 1, t: 1061, dir: 'sent', data: '3' },
  { ...valid.text, sid: 1, t: 1070, dir: 'sent', data: '422["save",{}]' },
].map((r) => ('data' in r ? { ...r, size: r.data.length } : r));

/** The Message cell of each frame row, in list order (rows keep their DOM slots as the window moves). */
const rows = () =>
  [...document.querySelectorAll<HTMLElement>('[aria-label="Messages"] [data-kind="frame"]')]
    .sort((a, b) => Number(a.getAttribute('aria-rowindex')) - Number(b.getAttribute('aria-rowindex')))
    .map((row) => row.querySelector('.meaning')?.textContent ?? null);

describe('decoded frames in the panel', () => {
  it('names each message in a Message column, with the latency of a reply and the request still waiting', async () => {
    await renderPanel(socketIo);
    await waitFor(() => expect(rows()).toHaveLength(8));
    expect(rows()).toEqual([
      'open',
      'CONNECT',
      '↩ 1.00 msCONNECT',
      'EVENT chat',
      '↩ 42.0 msACK chat',
      'ping',
      'pong',
      'waitingEVENT save',
    ]);
  });

  it('hides heartbeats with one switch and filters on decoded fields', async () => {
    const { screen, user } = await renderPanel(socketIo);
    await user.click(screen.getByRole('checkbox', { name: 'Hide control' }));
    await waitFor(() => expect(rows()).not.toContain('ping'));
    expect(rows()).not.toContain('open');
    await user.type(screen.getByRole('searchbox', { name: 'Filter messages' }), 'event:chat');
    expect(rows()).toEqual(['EVENT chat', '↩ 42.0 msACK chat']);
  });

  it('shows the Decoded tab first, linking a reply to its request', async () => {
    const { screen, user, store } = await renderPanel(socketIo);
    const ack = [...document.querySelectorAll<HTMLElement>('[data-kind="frame"]')].find((r) =>
      r.textContent?.includes('431'),
    )!;
    await user.click(ack);
    expect(screen.getByRole('tab', { name: 'Decoded' }).getAttribute('aria-selected')).toBe('true');
    const request = screen.getByRole('button', { name: /^#\d+$/ });
    expect(document.querySelector('.decoded-exchange')!.textContent).toMatch(/Reply to #\d+ after 42\.0 ms/);
    await user.click(request);
    expect(store.view.selectedSeq.value).toBe(Number(request.textContent!.slice(1)));
  });

  it('reads the connection as raw frames when the user chooses None, and detects again on Auto', async () => {
    const { screen, user } = await renderPanel(socketIo);
    const decodeAs = screen.getByRole('combobox', { name: 'Decode as' });
    expect(decodeAs.querySelector('option')!.textContent).toBe('Auto: Socket.IO');
    await user.selectOptions(decodeAs, 'none');
    await waitFor(() => expect(rows()).toEqual(Array(8).fill(null)));
    await user.selectOptions(decodeAs, '');
    await waitFor(() => expect(rows()[3]).toBe('EVENT chat'));
  });
});
