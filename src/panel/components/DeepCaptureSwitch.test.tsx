// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { waitFor, within } from '@testing-library/preact';
import { renderPanel, SESSION } from '../testing';
import { valid } from '../../protocol/testing';

const WORKER = { type: 'dedicated', url: 'https://x.test/app/worker.js' };

describe('Deep capture in the panel', () => {
  it('turns deep capture on for the tab, and always says which capture is on and why it ended', async () => {
    const { screen, service, user } = await renderPanel();
    const capture = () => screen.getByRole('status', { name: 'Capture' }).textContent;
    const box = () => screen.getByLabelText<HTMLInputElement>('Workers (debugger)');
    expect(capture()).toBe('Capture: page hook');
    expect(box().closest('label')?.title).toContain('banner');
    await user.click(box());
    expect(service.received.at(-1)).toMatchObject({ type: 'deep-capture', tabId: 3, on: true });
    service.status({ deepCapture: { state: 'on' } });
    await waitFor(() => expect(capture()).toBe('Capture: page hook + workers (debugger)'));
    expect(box().checked).toBe(true);
    service.status({ deepCapture: { state: 'ended', reason: 'canceled_by_user' } });
    await waitFor(() => expect(capture()).toContain('deep capture ended: you pressed Cancel on Chrome’s banner'));
    expect(box().checked).toBe(false);
  });

  it("words the browser's refusal", async () => {
    const { screen, service, user } = await renderPanel();
    service.failing['deep-capture'] = { code: 'unsupported', message: 'no chrome.debugger' };
    await user.click(screen.getByLabelText('Workers (debugger)'));
    expect((await screen.findByRole('alert')).textContent).toContain('deep capture works in Chrome only');
  });

  it('names a worker socket by its worker, and says it is read-only where the composer would be', async () => {
    const { screen, user } = await renderPanel([
      ...SESSION,
      { ...valid.create, sid: 3, t: 1700, url: 'wss://x.test/feed', stack: '', frameUrl: '', worker: WORKER },
      { ...valid.open, sid: 3, t: 1710 },
      { ...valid.text, sid: 3, t: 1720, dir: 'received', data: 'tick', size: 4 },
    ]);
    const table = screen.getByRole('table', { name: 'Connections' });
    const row = within(table).getByRole('row', { name: /\/feed/ });
    expect(row.querySelector('.badge.worker')?.textContent).toBe('dedicated worker /app/worker.js');
    expect(row.title).toContain('dedicated worker: https://x.test/app/worker.js');
    await user.click(within(table).getByRole('row', { name: /\/chat/ }));
    expect(screen.queryByRole('note')).toBeNull();
    expect(screen.queryByLabelText('Composer')).not.toBeNull();
    await user.click(row);
    // Where the composer would be; the replay bar above the messages says why it cannot replay, too.
    expect(screen.getAllByRole('note').map((note) => note.textContent)).toEqual([
      expect.stringContaining("Replay is not available for a dedicated worker's socket"),
      'read-only (worker socket: the debugger cannot send)',
    ]);
    expect(screen.queryByLabelText('Composer')).toBeNull();
    // A frame's detail offers no Resend: the same note stands there.
    await user.click(screen.getByRole('tab', { name: 'Messages' }));
    const frameRow = screen.getByRole('table', { name: 'Messages' }).querySelector<HTMLElement>('[data-kind="frame"]')!;
    await user.dblClick(frameRow);
    const detail = await screen.findByRole('region', { name: 'Message detail' });
    expect(within(detail).queryByText(/Resend/)).toBeNull();
    expect(within(detail).getByRole('note').textContent).toBe('read-only (worker socket: the debugger cannot send)');
    await user.click(screen.getByRole('tab', { name: 'Headers' }));
    const general = screen.getByRole('region', { name: 'Handshake headers' });
    expect(general.textContent).toContain('Opened bydedicated worker https://x.test/app/worker.js (deep capture)');
  });
});
