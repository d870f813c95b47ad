// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { within } from '@testing-library/preact';
import { renderPanel } from '../testing';

const connectionRow = (name: RegExp) => {
  const table = document.querySelector<HTMLElement>('table[aria-label="Connections"]')!;
  return within(table).getByRole('row', { name });
};

describe('ConnectionList', () => {
  it('names each socket by its URL, with its state and frame counts', async () => {
    const { screen } = await renderPanel();
    const chat = connectionRow(/\/chat/);
    expect(chat.textContent).toContain('x.test');
    expect(chat.dataset.state).toBe('open');
    expect(within(chat).getByText('1 / 2')).toBeTruthy(); // sent / received
    const offline = connectionRow(/\/offline/);
    expect(offline.dataset.state).toBe('error');
    expect(offline.textContent).toContain('1006');
    expect(within(offline).getByText('0 / 0')).toBeTruthy();
    expect(screen.getByRole('contentinfo', { name: 'Summary' }).textContent).toContain('2 connections · 3 frames');
  });

  it('selects the first socket, and another on click, whose messages the list then shows', async () => {
    const { screen, user } = await renderPanel();
    expect(connectionRow(/\/chat/).getAttribute('aria-selected')).toBe('true');
    await user.click(connectionRow(/\/offline/));
    expect(connectionRow(/\/offline/).getAttribute('aria-selected')).toBe('true');
    expect(connectionRow(/\/chat/).getAttribute('aria-selected')).toBe('false');
    const kinds = [...screen.getByRole('table', { name: 'Messages' }).querySelectorAll<HTMLElement>('[data-seq]')].map(
      (row) => row.dataset.kind,
    );
    expect(kinds).toEqual(['create', 'error', 'close']);
  });

  it('shows a column chosen in the Columns menu', async () => {
    const { screen, user } = await renderPanel();
    const table = () => screen.getByRole('table', { name: 'Connections' });
    expect(within(table()).queryByRole('columnheader', { name: 'Bytes' })).toBeNull();
    await user.click(screen.getByText('Columns'));
    await user.click(within(screen.getByRole('group', { name: 'Connection columns' })).getByLabelText('Bytes'));
    expect(within(table()).getByRole('columnheader', { name: 'Bytes' })).toBeTruthy();
    // Sent: "ping"; received: the JSON (46 B) and the binary frame (5 B).
    expect(connectionRow(/\/chat/).querySelector('.bytes')?.textContent).toBe('4 B / 51 B');
  });
});
