// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { waitFor, within } from '@testing-library/preact';
import { renderPanel, SESSION } from '../testing';
import { valid } from '../../protocol/testing';

const json = (user: string) => `{"type":"hello","user":"${user}","tags":["a","b"]}`;

/** What the hook would record of a replay of /chat (doc.1): the server now answers "bob" where it said "ada". */
const REPLAY = [
  { ...valid.create, sid: 3, t: 5000, url: 'wss://x.test/chat', replayOf: 'doc.1' },
  { ...valid.open, sid: 3, t: 5010 },
  { ...valid.text, sid: 3, t: 5100, dir: 'received', data: json('bob'), size: json('bob').length },
  { ...valid.text, sid: 3, t: 5350, dir: 'sent', data: 'ping', size: 4, origin: 'devtools' },
  {
    ...valid.binary,
    sid: 3,
    t: 5400,
    dir: 'received',
    data: new Uint8Array([0x0a, 0x1b, 0xff, 0x68, 0x69]),
    size: 5,
    truncated: false,
  },
];

describe('Replay connection in the panel', () => {
  it('sends the replay command with the recorded client frames and the chosen speed', async () => {
    const { screen, service, user } = await renderPanel();
    const table = screen.getByRole('table', { name: 'Connections' });
    await user.click(within(table).getByRole('row', { name: /\/chat/ }));
    await user.selectOptions(screen.getByLabelText('Replay speed'), 'as fast as possible');
    await user.click(screen.getByRole('button', { name: 'Replay connection' }));
    await waitFor(() => expect(service.received.filter((r) => r.type === 'command')).toHaveLength(1));
    expect(service.received.find((r) => r.type === 'command')).toMatchObject({
      conn: 'doc.1',
      command: {
        type: 'replay',
        replayOf: 'doc.1',
        url: 'wss://x.test/chat',
        protocols: ['chat', 'v2'],
        // The one sent frame, 340 ms after the open (1350 - 1010).
        frames: [{ offsetMs: 340, payload: { type: 'text', data: 'ping' } }],
        speed: 'max',
      },
    });
    expect((await screen.findByText(/Replaying \/chat: 1 frame to send/)).textContent).toBeTruthy();
    // The replay's records come while /chat stays selected: the bar follows them (connections change in place).
    service.push(...REPLAY);
    const bar = screen.getByRole('group', { name: 'Replay and compare' });
    await waitFor(() => expect(within(bar).getByRole('status').textContent).toBe('replay sent all 1 frames'));
    expect(within(bar).getByRole('button', { name: 'Compare with replay' })).toBeTruthy();
  });

  it('lists the replay after its original, marked, and offers to compare once every frame went', async () => {
    const { screen, service, user } = await renderPanel([
      ...SESSION,
      { ...valid.create, sid: 4, t: 4000, url: 'wss://x.test/other' },
    ]);
    service.push(...REPLAY);
    const table = screen.getByRole('table', { name: 'Connections' });
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(5));
    const urls = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((row) => row.dataset.connection);
    expect(urls).toEqual(['doc.1', 'doc.3', 'doc.2', 'doc.4']);
    const replayRow = table.querySelector<HTMLElement>('tr[data-connection="doc.3"]')!;
    expect(replayRow.querySelector('.badge.replay')?.textContent).toBe('replay');
    await user.click(replayRow);
    const bar = screen.getByRole('group', { name: 'Replay and compare' });
    expect(bar.textContent).toMatch(/replay of \/chat \(opened/);
    expect(within(bar).getByRole('status').textContent).toBe('replay sent all 1 frames');
    // A replay is not offered again from the replay itself.
    expect(within(bar).queryByRole('button', { name: 'Replay connection' })).toBeNull();
    await user.click(within(bar).getByRole('button', { name: 'Compare with original' }));
    const view = screen.getByRole('region', { name: 'Compare connections' });
    expect(within(view).getByRole('status').textContent).toBe('1 changed, 0 added, 0 removed, 2 same');
    const rows = within(view).getByRole('list', { name: 'Differences' });
    expect(rows.textContent).toContain('~ frame #1 ← text changed');
    expect(rows.textContent).toContain('$.user: "ada" → "bob"');
    // An ignore rule typed in the view: the frames are the same then.
    await user.click(within(view).getByText('Ignore rules'));
    const paths = within(view).getByLabelText('Ignored JSON paths');
    await user.type(paths, '$.user');
    paths.dispatchEvent(new Event('change', { bubbles: true }));
    await waitFor(() => expect(within(view).getByRole('status').textContent).toBe('Same: 3 frames match'));
    await user.click(within(view).getByRole('button', { name: 'Close compare' }));
    expect(screen.queryByRole('region', { name: 'Compare connections' })).toBeNull();
    expect(screen.getByRole('table', { name: 'Messages' })).toBeTruthy();
  });

  it('compares with any other connection picked in the view, and names a bad ignore rule', async () => {
    const { screen, service, user } = await renderPanel();
    service.push(...REPLAY);
    const table = screen.getByRole('table', { name: 'Connections' });
    await waitFor(() => expect(table.querySelector('tr[data-connection="doc.3"]')).not.toBeNull());
    await user.click(within(table).getAllByRole('row', { name: /\/chat/ })[0]!);
    await user.click(screen.getByRole('button', { name: 'Compare…' }));
    const view = screen.getByRole('region', { name: 'Compare connections' });
    expect(view.textContent).toContain('Choose the connection to compare with');
    const pick = within(view).getByLabelText<HTMLSelectElement>('Compare with');
    await user.selectOptions(pick, 'doc.3');
    expect(within(view).getByRole('status').textContent).toBe('1 changed, 0 added, 0 removed, 2 same');
    await user.click(within(view).getByText('Ignore rules'));
    const regexes = within(view).getByLabelText('Ignored regular expressions');
    await user.type(regexes, '(');
    regexes.dispatchEvent(new Event('change', { bubbles: true }));
    await waitFor(() => expect(within(view).getByRole('alert').textContent).toContain('bad regular expression'));
    // Another connection selected: its messages, not a comparison it has no part in.
    await user.click(within(table).getByRole('row', { name: /\/offline/ }));
    expect(screen.queryByRole('region', { name: 'Compare connections' })).toBeNull();
    expect(screen.getByRole('table', { name: 'Messages' })).toBeTruthy();
  });

  it('says why a worker socket cannot be replayed instead of offering a button', async () => {
    const { screen, user } = await renderPanel([
      ...SESSION,
      {
        ...valid.create,
        sid: 3,
        t: 1700,
        url: 'wss://x.test/feed',
        stack: '',
        frameUrl: '',
        worker: { type: 'dedicated', url: 'https://x.test/w.js' },
      },
    ]);
    const table = screen.getByRole('table', { name: 'Connections' });
    await user.click(within(table).getByRole('row', { name: /\/feed/ }));
    const bar = screen.getByRole('group', { name: 'Replay and compare' });
    expect(within(bar).queryByRole('button', { name: 'Replay connection' })).toBeNull();
    expect(within(bar).getByRole('note').textContent).toContain("not available for a dedicated worker's socket");
  });

  it('says replay needs the live page on an imported log', async () => {
    const { screen, store, user } = await renderPanel();
    store.showImported('log.json', [...store.records.value], []);
    const table = screen.getByRole('table', { name: 'Connections' });
    await waitFor(() => expect(within(table).getAllByRole('row').length).toBeGreaterThan(1));
    await user.click(within(table).getByRole('row', { name: /\/chat/ }));
    const bar = screen.getByRole('group', { name: 'Replay and compare' });
    expect(within(bar).queryByRole('button', { name: 'Replay connection' })).toBeNull();
    expect(within(bar).getByRole('note').textContent).toContain('Replay needs the live page');
  });
});
