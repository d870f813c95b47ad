// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { waitFor, within } from '@testing-library/preact';
import { renderPanel, TAB } from '../testing';

/** The composer of the selected connection, opened. */
async function openComposer(user: Awaited<ReturnType<typeof renderPanel>>['user']) {
  const composer = document.querySelector<HTMLElement>('[aria-label="Composer"]')!;
  await user.click(within(composer).getByRole('button', { name: 'Composer' }));
  return composer;
}

const commands = (service: Awaited<ReturnType<typeof renderPanel>>['service']) =>
  service.received.filter((request) => request.type === 'command');

describe('Composer', () => {
  it('sends what was typed to the selected socket, and says where it went', async () => {
    const { service, user, screen } = await renderPanel();
    const composer = await openComposer(user);
    await user.type(within(composer).getByRole('textbox', { name: 'Message to send' }), 'hello server');
    await user.click(within(composer).getByRole('button', { name: 'Send' }));
    await waitFor(() =>
      expect(screen.getByRole('status', { name: 'Action result' }).textContent).toBe('Sent on /chat'),
    );
    expect(commands(service)).toEqual([
      {
        type: 'command',
        id: expect.any(Number),
        tabId: TAB,
        conn: 'doc.1',
        command: { type: 'send', payload: { type: 'text', data: 'hello server' } },
      },
    ]);
  });

  it('sends bytes written as hex as a binary frame, and delivers to the page with Simulate incoming', async () => {
    const { service, user } = await renderPanel();
    const composer = await openComposer(user);
    await user.selectOptions(within(composer).getByRole('combobox', { name: 'Payload format' }), 'hex');
    await user.type(within(composer).getByRole('textbox', { name: 'Message to send' }), '0a 1b ff');
    await user.click(within(composer).getByRole('button', { name: 'Simulate incoming' }));
    await waitFor(() => expect(commands(service)).toHaveLength(1));
    expect(commands(service)[0]).toMatchObject({
      conn: 'doc.1',
      command: { type: 'simulate', payload: { type: 'binary', data: 'Chv/' } },
    });
  });

  it('words a refused send for the socket by its URL', async () => {
    const { service, user, screen } = await renderPanel();
    service.failing.command = { code: 'closed', message: 'the socket is closed' };
    const composer = await openComposer(user);
    await user.type(within(composer).getByRole('textbox', { name: 'Message to send' }), 'late');
    await user.click(within(composer).getByRole('button', { name: 'Send' }));
    await waitFor(() =>
      expect(screen.getByRole('alert', { name: 'Action result' }).textContent).toBe('Failed: /chat is closed'),
    );
  });

  it('follows the selected socket: a closed one offers no Send', async () => {
    const { service, user } = await renderPanel();
    const table = document.querySelector<HTMLElement>('table[aria-label="Connections"]')!;
    await user.click(within(table).getByRole('row', { name: /\/offline/ }));
    const composer = await openComposer(user);
    expect(composer.textContent).toContain('/offline is closed: nothing can be sent');
    const send = within(composer).getByRole('button', { name: 'Send' }) as HTMLButtonElement;
    expect(send.disabled).toBe(true);
    await user.click(send);
    expect(commands(service)).toEqual([]);
  });
});
