// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { waitFor, within } from '@testing-library/preact';
import { renderPanel } from '../testing';
import { exportSessionJson } from '../../lib/logs';
import { sessionOf } from '../../lib/diff/testing';

describe('The compare view', () => {
  it('compares the selected connection with one from a log file imported for the comparison', async () => {
    const { screen, store, user } = await renderPanel();
    // Another run of /chat, saved as a WebSocket Lens session: the server said "eve", and one frame more.
    const other = sessionOf(
      { url: 'wss://x.test/elsewhere', frames: [['received', 'x']] },
      {
        url: 'wss://x.test/chat',
        frames: [
          ['received', '{"type":"hello","user":"eve","tags":["a","b"]}'],
          ['sent', 'ping'],
          ['received', new Uint8Array([0x0a, 0x1b, 0xff, 0x68, 0x69])],
          ['received', '{"type":"bye"}'],
        ],
      },
    );
    const file = new File([exportSessionJson(other)], 'yesterday.json', { type: 'application/json' });
    const table = screen.getByRole('table', { name: 'Connections' });
    await user.click(within(table).getByRole('row', { name: /\/chat/ }));
    await user.click(screen.getByRole('button', { name: 'Compare…' }));
    const view = screen.getByRole('region', { name: 'Compare connections' });
    await user.upload(within(view).getByLabelText('Log file to compare with'), file);
    // The file's connection to the same URL is chosen first.
    await waitFor(() =>
      expect(within(view).getByRole('status').textContent).toBe('1 changed, 1 added, 0 removed, 2 same'),
    );
    const rows = within(view).getByRole('list', { name: 'Differences' }).textContent;
    expect(rows).toContain('$.user: "ada" → "eve"');
    expect(rows).toContain('+ frame #4 ← text only in the second: {"type":"bye"}');
    expect(within(view).getByLabelText<HTMLSelectElement>('Compare with').value).toBe('file:c2');
    // The live view stays what it was: the file only fed the comparison.
    expect(store.viewSource.value.kind).toBe('live');
  });

  it('says what is wrong with a file it cannot read', async () => {
    const { screen, user } = await renderPanel();
    await user.click(within(screen.getByRole('table', { name: 'Connections' })).getByRole('row', { name: /\/chat/ }));
    await user.click(screen.getByRole('button', { name: 'Compare…' }));
    const view = screen.getByRole('region', { name: 'Compare connections' });
    await user.upload(within(view).getByLabelText('Log file to compare with'), new File(['nope'], 'bad.json'));
    expect((await within(view).findByRole('alert')).textContent).toContain('Could not read bad.json');
  });
});
