// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { waitFor, within } from '@testing-library/preact';
import { DEFAULT_SETTINGS } from '../../protocol/settings';
import { renderPanel, SESSION } from '../testing';
import { valid } from '../../protocol/testing';
import { testHandshake } from '../../protocol/handshake-testing';

const handshake = (sid: number, patch: object) => ({
  kind: 'handshake',
  sid,
  ...testHandshake({ t: 1001, endedAt: 1009, context: 'document', ...patch }),
  source: 'webrequest',
});

/** The panel's session with the browser's handshakes: /chat opened with cookies and a subprotocol; /offline refused with a 403. */
const WITH_HANDSHAKES = [
  ...SESSION.slice(0, 1),
  handshake(1, {
    url: 'wss://x.test/chat',
    requestHeaders: [
      { name: 'Cookie', value: 'sess=abc123' },
      { name: 'Authorization', value: 'x'.repeat(8192), valueLength: 9000 },
    ],
    responseHeaders: [
      { name: 'Sec-WebSocket-Protocol', value: 'chat.v9' },
      { name: 'X-Lens-Test', value: 'hello' },
    ],
  }),
  ...SESSION.slice(1, 6),
  handshake(2, {
    url: 'wss://x.test/offline',
    status: 403,
    statusLine: 'HTTP/1.1 403 Forbidden',
    responseHeaders: [{ name: 'X-Why', value: 'nope' }],
    hiddenHeaders: true,
  }),
  ...SESSION.slice(6),
  { ...valid.create, sid: 3, t: 2000, url: 'ws://x.test/from-worker', stack: '', frameUrl: '', source: 'webrequest' },
  handshake(3, { url: 'ws://x.test/from-worker', context: 'worker', t: 2000, endedAt: 2004 }),
];

const row = (name: RegExp) =>
  within(document.querySelector<HTMLElement>('table[aria-label="Connections"]')!).getByRole('row', { name });

describe('Headers tab', () => {
  it("shows the selected socket's handshake: general, response and request headers", async () => {
    const { screen, user } = await renderPanel(WITH_HANDSHAKES);
    await user.click(screen.getByRole('tab', { name: 'Headers' }));
    const general = screen.getByRole('region', { name: 'General' });
    expect(general.textContent).toContain('Request URLwss://x.test/chat');
    expect(general.textContent).toContain('Status Code101 Switching Protocols');
    const response = screen.getByRole('region', { name: 'Response Headers' });
    expect(response.textContent).toContain('X-Lens-Testhello');
    expect(response.textContent).toContain('Sec-WebSocket-Protocolchat.v9');
    const request = screen.getByRole('region', { name: 'Request Headers' });
    expect(request.textContent).toContain('Cookiesess=abc123');
    expect(request.textContent).toContain('9,000 characters in all');
    // The messages come back with their tab.
    await user.click(screen.getByRole('tab', { name: 'Messages' }));
    expect(screen.getByRole('table', { name: 'Messages' })).toBeTruthy();
  });

  it('says in the connection list why a socket failed, and in its headers', async () => {
    const { screen, user } = await renderPanel(WITH_HANDSHAKES);
    expect(row(/\/offline/).querySelector('.failure')?.textContent).toBe('Refused: 403 Forbidden');
    expect(row(/\/chat/).querySelector('.failure')).toBeNull();
    await user.click(row(/\/offline/));
    await user.click(screen.getByRole('tab', { name: 'Headers' }));
    expect(screen.getByRole('region', { name: 'General' }).textContent).toContain('Status Code403 Forbidden');
    expect(screen.getByRole('region', { name: 'Response Headers' }).textContent).toContain('X-Whynope');
  });

  it("lists a worker's socket the hook never saw, read-only: no composer", async () => {
    const { screen, user } = await renderPanel(WITH_HANDSHAKES);
    expect(screen.getByRole('region', { name: 'Composer' })).toBeTruthy(); // /chat, the hook's, takes actions
    const worker = row(/from-worker/);
    expect(worker.dataset.state).toBe('open');
    expect(within(worker).getByText('worker')).toBeTruthy();
    await user.click(worker);
    expect(screen.queryByRole('region', { name: 'Composer' })).toBeNull();
    await user.click(screen.getByRole('tab', { name: 'Headers' }));
    expect(screen.getByRole('region', { name: 'General' }).textContent).toContain('opened by a worker');
  });

  it('says when Chrome left headers out of a handshake, and offers to always ask for them', async () => {
    const { screen, user, service } = await renderPanel(WITH_HANDSHAKES);
    await user.click(screen.getByRole('tab', { name: 'Headers' }));
    expect(screen.queryByRole('note', { name: 'Hidden headers' })).toBeNull(); // /chat has every header
    await user.click(row(/\/offline/));
    const note = screen.getByRole('note', { name: 'Hidden headers' });
    expect(note.textContent).toContain('Chrome left out Cookie, Origin');
    await user.click(within(note).getByRole('button', { name: 'Always ask Chrome for every header' }));
    await waitFor(() =>
      expect(service.received).toContainEqual(expect.objectContaining({ type: 'all-handshake-headers', value: true })),
    );
    service.status({ settings: { ...DEFAULT_SETTINGS, allHandshakeHeaders: true } });
    await waitFor(() => expect(note.textContent).toContain('Every handshake from now on has them.'));
    expect(within(note).queryByRole('button')).toBeNull();
  });

  it('says when a socket has no handshake yet', async () => {
    const { screen, user } = await renderPanel();
    await user.click(screen.getByRole('tab', { name: 'Headers' }));
    expect(screen.getByRole('region', { name: 'Handshake headers' }).textContent).toContain('No handshake recorded');
  });
});
